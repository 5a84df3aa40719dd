package io.tributary.stream.produce;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet records as named values: dates as {@code yyyy-MM-dd}, timestamps as ISO-8601 ({@code Z}
 * when adjusted to UTC, including legacy INT96), decimals exact, binary without annotation as
 * base64, nested groups as maps and repeated fields as lists.
 */
final class ParquetRowReader implements RowReader {
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

  private final ParquetReader<Group> reader;
  private final long fileSize;
  private final long rowCount;
  private long rowsRead;

  ParquetRowReader(Path file) throws IOException {
    InputFile input = new LocalInputFile(file);
    try (ParquetFileReader footer = ParquetFileReader.open(input)) {
      this.rowCount = footer.getRecordCount();
    } catch (RuntimeException e) {
      throw new IOException("not a readable Parquet file: " + e.getMessage(), e);
    }
    this.fileSize = Files.size(file);
    this.reader = new GroupReaderBuilder(input).build();
  }

  /** Checks that {@code file} has a readable Parquet footer, without reading its rows. */
  static void checkReadable(Path file) throws IOException {
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      footer.getRecordCount();
    } catch (RuntimeException e) {
      throw new IOException("not a readable Parquet file: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<FileRow> next() throws IOException {
    Group group = reader.read();
    if (group == null) {
      return Optional.empty();
    }
    rowsRead++;
    return Optional.of(new FileRow.Fields(toMap(group), Optional.empty()));
  }

  @Override
  public long bytesRead() {
    return rowCount == 0 ? fileSize : fileSize * rowsRead / rowCount;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private static Map<String, Object> toMap(Group group) {
    GroupType type = group.getType();
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      Type field = type.getType(i);
      int repetitions = group.getFieldRepetitionCount(i);
      if (repetitions == 0) {
        values.put(field.getName(), null);
      } else if (field.isRepetition(Type.Repetition.REPEATED)) {
        List<Object> list = new ArrayList<>(repetitions);
        for (int j = 0; j < repetitions; j++) {
          list.add(value(group, i, j, field));
        }
        values.put(field.getName(), list);
      } else {
        values.put(field.getName(), value(group, i, 0, field));
      }
    }
    return values;
  }

  private static Object value(Group group, int field, int index, Type type) {
    if (!type.isPrimitive()) {
      return toMap(group.getGroup(field, index));
    }
    PrimitiveType primitive = type.asPrimitiveType();
    LogicalTypeAnnotation annotation = primitive.getLogicalTypeAnnotation();
    return switch (primitive.getPrimitiveTypeName()) {
      case BOOLEAN -> group.getBoolean(field, index);
      case FLOAT -> group.getFloat(field, index);
      case DOUBLE -> group.getDouble(field, index);
      case INT32 -> int32(group.getInteger(field, index), annotation);
      case INT64 -> int64(group.getLong(field, index), annotation);
      case INT96 -> int96(group.getInt96(field, index).getBytes());
      case BINARY, FIXED_LEN_BYTE_ARRAY ->
          binary(group.getBinary(field, index).getBytes(), annotation);
    };
  }

  private static Object int32(int value, LogicalTypeAnnotation annotation) {
    if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(value).toString();
    }
    if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
      return BigDecimal.valueOf(value, decimal.getScale());
    }
    if (annotation instanceof TimeLogicalTypeAnnotation) {
      return LocalTime.ofNanoOfDay(TimeUnit.MILLISECONDS.toNanos(value)).toString();
    }
    return value;
  }

  private static Object int64(long value, LogicalTypeAnnotation annotation) {
    if (annotation instanceof TimestampLogicalTypeAnnotation timestamp) {
      Instant instant =
          switch (timestamp.getUnit()) {
            case MILLIS -> Instant.ofEpochMilli(value);
            case MICROS -> Instant.ofEpochSecond(0, TimeUnit.MICROSECONDS.toNanos(value));
            case NANOS -> Instant.ofEpochSecond(0, value);
          };
      return timestamp.isAdjustedToUTC()
          ? instant.toString()
          : instant.atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
    }
    if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
      return BigDecimal.valueOf(value, decimal.getScale());
    }
    if (annotation instanceof TimeLogicalTypeAnnotation time) {
      long nanos =
          time.getUnit() == LogicalTypeAnnotation.TimeUnit.MICROS
              ? TimeUnit.MICROSECONDS.toNanos(value)
              : value;
      return LocalTime.ofNanoOfDay(nanos).toString();
    }
    return value;
  }

  /** Legacy INT96 timestamps (Spark, Impala): nanos of day then Julian day, little-endian. */
  private static Object int96(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = buffer.getLong();
    long julianDay = buffer.getInt();
    long epochDay = julianDay - JULIAN_DAY_OF_EPOCH;
    return Instant.ofEpochSecond(TimeUnit.DAYS.toSeconds(epochDay), nanosOfDay).toString();
  }

  private static Object binary(byte[] bytes, LogicalTypeAnnotation annotation) {
    if (annotation instanceof DecimalLogicalTypeAnnotation decimal) {
      return new BigDecimal(new BigInteger(bytes), decimal.getScale());
    }
    if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
    GroupReaderBuilder(InputFile file) {
      super(file);
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
