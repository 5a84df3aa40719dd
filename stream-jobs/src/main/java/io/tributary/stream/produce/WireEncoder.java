package io.tributary.stream.produce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceFormat;
import io.tributary.stream.source.SourceSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Turns file rows into Kafka records in the source's wire format. JSON lines into a JSON source are
 * published as they are; other rows are re-encoded (a CSV row becomes a JSON object of its header's
 * names, a JSON object becomes a CSV row in declared column order). Rows that could not be read are
 * published verbatim, for landing to reject with a reason.
 */
final class WireEncoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A Kafka record's key (null when the row has no key value) and value. */
  record Encoded(byte[] key, byte[] value) {}

  private final SourceSpec source;
  // one buffer for every row's JSON: encoding is per producer, on its one thread
  private final ByteArrayBuilder buffer = new ByteArrayBuilder();

  WireEncoder(SourceSpec source) {
    this.source = requireNonNull(source, "source is null");
  }

  Encoded encode(FileRow row, FileFormat fileFormat) {
    if (row instanceof FileRow.Verbatim verbatim) {
      return new Encoded(null, verbatim.text().getBytes(UTF_8));
    }
    FileRow.Fields fields = (FileRow.Fields) row;
    byte[] key = keyOf(fields.values());
    if (source.format() == SourceFormat.JSON) {
      if (fileFormat == FileFormat.JSON_LINES) {
        return new Encoded(key, fields.originalText().orElseThrow().getBytes(UTF_8));
      }
      return new Encoded(key, jsonObject(fields.values()));
    }
    List<ColumnSpec> columns = source.columns();
    Object[] line = new Object[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      line[i] = text(lookup(fields.values(), columns.get(i).name()));
    }
    return new Encoded(key, CsvRowReader.CsvText.line(line).getBytes(UTF_8));
  }

  /**
   * The row as one JSON object, written field by field: a CSV row or Parquet record is a flat map
   * of strings and numbers, and going through {@code ObjectMapper}'s map serializer (a serializer
   * looked up per value, a new buffer per row) was most of what encoding cost. Values other than
   * text, numbers and booleans are written by the mapper, as before.
   */
  private byte[] jsonObject(Map<String, Object> values) {
    buffer.reset();
    try (JsonGenerator json = JSON.getFactory().createGenerator(buffer)) {
      json.writeStartObject();
      for (Map.Entry<String, Object> field : values.entrySet()) {
        json.writeFieldName(field.getKey());
        Object value = field.getValue();
        if (value == null) {
          json.writeNull();
        } else if (value instanceof String text) {
          json.writeString(text);
        } else if (value instanceof BigDecimal decimal) {
          json.writeNumber(decimal);
        } else if (value instanceof Long number) {
          json.writeNumber(number);
        } else if (value instanceof Integer number) {
          json.writeNumber(number);
        } else if (value instanceof Boolean truth) {
          json.writeBoolean(truth);
        } else {
          JSON.writeValue(json, value);
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode row as JSON", e);
    }
    return buffer.toByteArray();
  }

  private byte[] keyOf(Map<String, Object> values) {
    Object key = lookup(values, source.key());
    return key == null ? null : text(key).getBytes(UTF_8);
  }

  private static Object lookup(Map<String, Object> values, String column) {
    Object exact = values.get(column);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(column)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return new String(json(value), UTF_8);
    }
    return value.toString();
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode row as JSON", e);
    }
  }
}
