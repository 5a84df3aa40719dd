package io.tributary.stream.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** Data files in the formats {@code tributary produce} reads, written as other tools write them. */
public final class ExampleFiles {
  private ExampleFiles() {}

  /** Three orders, one without a dish, with the types Parquet writers use for them. */
  public static Path parquetOrders(Path file) throws IOException {
    MessageType schema =
        Types.buildMessage()
            .required(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("order_id")
            .optional(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType())
            .named("dish")
            .optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.decimalType(2, 10))
            .named("amount")
            .required(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
            .named("event_time")
            .named("order");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    long micros = Instant.parse("2026-11-21T18:45:00Z").toEpochMilli() * 1000;
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema).build()) {
      writer.write(
          groups
              .newGroup()
              .append("order_id", "p-1")
              .append("amount", 3333L)
              .append("event_time", micros));
      writer.write(
          groups
              .newGroup()
              .append("order_id", "p-2")
              .append("dish", "poke")
              .append("amount", 1L)
              .append("event_time", micros + 1));
      writer.write(
          groups
              .newGroup()
              .append("order_id", "p-3")
              .append("dish", "pho")
              .append("event_time", micros + 2));
    }
    return file;
  }
}
