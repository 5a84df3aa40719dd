package io.tributary.stream.source.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceFormat;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.table.data.TimestampData;

/**
 * The one validator of source events. Landing uses it to split valid events from dead letters; the
 * {@code tributary} table format uses it so that {@code src.<name>} skips the same events landing
 * rejected. An event is valid when it parses in the source's wire format, every present value fits
 * its column's type, every required column (and the event time) has a value.
 *
 * <p>Fields not declared are ignored. In CSV an empty field is null. JSON numbers and strings are
 * both accepted for numeric columns ({@code 42} and {@code "42"}).
 *
 * <p>Not thread-safe: each Flink subtask holds its own instance.
 */
public final class RecordValidator implements Serializable {
  private static final JsonFactory JSON = new JsonFactory();
  private static final CsvMapper CSV = csvMapper();
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile("\\s*\\(start marker at \\[Source: [^\\]]*\\]\\)");

  private final RecordSchema schema;
  private final FieldParser[] parsers;
  private final Map<String, Integer> exactNames;
  private final Map<String, Integer> foldedNames;
  private transient boolean[] present;
  private transient ObjectReader csvReader;

  public RecordValidator(RecordSchema schema) {
    this.schema = requireNonNull(schema, "schema is null");
    List<ColumnSpec> columns = schema.columns();
    this.parsers = new FieldParser[columns.size()];
    this.exactNames = new HashMap<>();
    this.foldedNames = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      parsers[i] = FieldParsers.forColumn(columns.get(i));
      exactNames.put(columns.get(i).name(), i);
      foldedNames.put(columns.get(i).name().toLowerCase(Locale.ROOT), i);
    }
  }

  public RecordSchema schema() {
    return schema;
  }

  /**
   * Validates one event and fills {@code values} (one slot per declared column, in order) with
   * Flink's internal representation of each value.
   *
   * @return empty when the event is valid, otherwise the reason it was rejected
   */
  public Optional<String> validate(byte[] payload, Object[] values) {
    if (values.length != parsers.length) {
      throw new IllegalArgumentException(
          "Expected "
              + parsers.length
              + " value slots for "
              + schema.source()
              + ", got "
              + values.length);
    }
    if (present == null) {
      present = new boolean[parsers.length];
    }
    Arrays.fill(values, null);
    Arrays.fill(present, false);
    if (payload == null || payload.length == 0) {
      return Optional.of("payload is empty");
    }
    List<String> problems = null;
    try {
      problems =
          schema.format() == SourceFormat.JSON
              ? readJson(payload, values)
              : readCsv(payload, values);
    } catch (Malformed e) {
      return Optional.of(e.getMessage());
    }
    for (int i = 0; i < parsers.length; i++) {
      if (values[i] == null && schema.isRequired(i) && !hasProblem(problems, parsers[i].column)) {
        problems =
            add(
                problems,
                parsers[i].column + ": required field is " + (present[i] ? "null" : "missing"));
      }
    }
    return problems == null ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** The event time of a valid event, in epoch milliseconds (UTC). */
  public long eventTimeMillis(Object[] values) {
    return ((TimestampData) values[schema.eventTimeIndex()]).getMillisecond();
  }

  private List<String> readJson(byte[] payload, Object[] values) throws Malformed {
    List<String> problems = null;
    try (JsonParser parser = JSON.createParser(payload)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new Malformed("payload is empty");
      }
      if (token != JsonToken.START_OBJECT) {
        throw new Malformed("payload is " + describe(token) + ", not a JSON object");
      }
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        int index = indexOf(parser.currentName());
        token = parser.nextToken();
        if (index < 0) {
          parser.skipChildren();
          continue;
        }
        present[index] = true;
        if (token == JsonToken.VALUE_NULL) {
          values[index] = null;
        } else if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          parser.skipChildren();
          values[index] = null;
          problems =
              add(
                  problems,
                  parsers[index].column
                      + ": "
                      + describe(token)
                      + " is not a "
                      + parsers[index].typeName);
        } else {
          try {
            values[index] = parsers[index].parseJson(parser, token);
          } catch (Rejection e) {
            values[index] = null;
            problems = add(problems, e.getMessage());
          }
        }
      }
      if (parser.nextToken() != null) {
        throw new Malformed("not valid JSON: unexpected content after the object");
      }
    } catch (JsonProcessingException e) {
      throw new Malformed(
          "not valid JSON: "
              + withoutSourceReference(e.getOriginalMessage())
              + " (at column "
              + e.getLocation().getColumnNr()
              + ")");
    } catch (IOException e) {
      throw new Malformed("not valid JSON: " + e.getMessage());
    }
    return problems;
  }

  private List<String> readCsv(byte[] payload, Object[] values) throws Malformed {
    String[] fields;
    try (MappingIterator<String[]> rows = csvReader().readValues(payload)) {
      if (!rows.hasNextValue()) {
        throw new Malformed("payload is empty");
      }
      fields = rows.nextValue();
      if (rows.hasNextValue()) {
        throw new Malformed("payload holds more than one CSV row");
      }
    } catch (IOException e) {
      throw new Malformed("not valid CSV: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (fields.length != parsers.length) {
      throw new Malformed(
          "expected "
              + parsers.length
              + " CSV fields ("
              + columnNames()
              + "), found "
              + fields.length);
    }
    List<String> problems = null;
    for (int i = 0; i < fields.length; i++) {
      present[i] = true;
      if (fields[i] == null || fields[i].isEmpty()) {
        continue;
      }
      try {
        values[i] = parsers[i].parseText(fields[i]);
      } catch (Rejection e) {
        problems = add(problems, e.getMessage());
      }
    }
    return problems;
  }

  private int indexOf(String name) {
    Integer index = exactNames.get(name);
    if (index == null) {
      index = foldedNames.get(name.toLowerCase(Locale.ROOT));
    }
    return index == null ? -1 : index;
  }

  private ObjectReader csvReader() {
    if (csvReader == null) {
      csvReader = CSV.readerFor(String[].class);
    }
    return csvReader;
  }

  private String columnNames() {
    StringBuilder names = new StringBuilder();
    for (FieldParser parser : parsers) {
      names.append(names.length() == 0 ? "" : ", ").append(parser.column);
    }
    return names.toString();
  }

  private static CsvMapper csvMapper() {
    CsvMapper mapper = new CsvMapper();
    mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    return mapper;
  }

  /**
   * Jackson names where an unclosed object started with a reference to the input ({@code (start
   * marker at [Source: REDACTED ...; line: 1, column: 1])}); the payload is the source, so drop it.
   */
  private static String withoutSourceReference(String message) {
    return SOURCE_REFERENCE.matcher(message).replaceAll("");
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a JSON array";
      case START_OBJECT -> "a JSON object";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      case VALUE_NULL -> "JSON null";
      default -> "JSON " + token;
    };
  }

  private static boolean hasProblem(List<String> problems, String column) {
    if (problems == null) {
      return false;
    }
    for (String problem : problems) {
      if (problem.startsWith(column + ":")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> add(List<String> problems, String problem) {
    List<String> out = problems == null ? new ArrayList<>(2) : problems;
    out.add(problem);
    return out;
  }

  /** The whole payload cannot be read; no field-level detail applies. */
  private static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
