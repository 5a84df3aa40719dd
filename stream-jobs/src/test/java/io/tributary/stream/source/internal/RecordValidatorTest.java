package io.tributary.stream.source.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceFormat;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordValidatorTest {
  private static final SourceSpec ORDERS =
      Sources.load(Path.of("../examples/sources")).get("orders");
  private static final String VALID =
      "{\"order_id\":\"o-1\",\"customer_id\":\"c-9\",\"restaurant_id\":\"r-3\",\"dish\":\"pho\","
          + "\"amount\":23.50,\"event_time\":\"2026-11-20T14:01:34Z\"}";

  private final RecordValidator orders = new RecordValidator(RecordSchema.of(ORDERS));
  private final Object[] values = new Object[ORDERS.columns().size()];

  @Test
  void validJsonBecomesFlinkInternalValuesInDeclaredOrder() {
    assertThat(validate(VALID)).isEmpty();
    assertThat(values)
        .containsExactly(
            StringData.fromString("o-1"),
            StringData.fromString("c-9"),
            StringData.fromString("r-3"),
            StringData.fromString("pho"),
            DecimalData.fromBigDecimal(new BigDecimal("23.50"), 10, 2),
            TimestampData.fromInstant(Instant.parse("2026-11-20T14:01:34Z")));
    assertThat(orders.eventTimeMillis(values))
        .isEqualTo(Instant.parse("2026-11-20T14:01:34Z").toEpochMilli());
  }

  @Test
  void optionalFieldsMayBeAbsentOrNullAndUnknownFieldsAreIgnored() {
    assertThat(
            validate(
                "{\"order_id\":\"o-2\",\"amount\":null,\"extra\":{\"nested\":[1,2]},"
                    + "\"event_time\":\"2026-11-20T14:01:34.250+01:00\"}"))
        .isEmpty();
    assertThat(values[1]).isNull();
    assertThat(values[4]).isNull();
    assertThat(values[5])
        .isEqualTo(TimestampData.fromInstant(Instant.parse("2026-11-20T13:01:34.250Z")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON            | {"order_id": "o-1", | not valid JSON: Unexpected end-of-input within/between Object entries (at column 20)
          array               | [1, 2]              | payload is a JSON array, not a JSON object
          string              | "hello"             | payload is a JSON string, not a JSON object
          unclosed object     | {"order_id": "o-1"  | not valid JSON: Unexpected end-of-input: expected close marker for Object (at column 19)
          trailing garbage    | {"order_id":"o"} x  | not valid JSON: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (at column 19)
          """)
  void unreadablePayloadsAreRejectedAsAWhole(String kind, String payload, String reason) {
    assertThat(validate(payload)).contains(reason);
  }

  @Test
  void emptyPayloadIsRejected() {
    assertThat(orders.validate(new byte[0], values)).contains("payload is empty");
    assertThat(orders.validate(null, values)).contains("payload is empty");
  }

  @Test
  void missingAndNullRequiredFieldsAreNamed() {
    assertThat(validate("{\"amount\": 3, \"event_time\": \"2026-11-20T14:01:34Z\"}"))
        .contains("order_id: required field is missing");
    assertThat(validate("{\"order_id\": null, \"event_time\": \"2026-11-20T14:01:34Z\"}"))
        .contains("order_id: required field is null");
  }

  @Test
  void valuesThatDoNotFitTheirTypeAreQuotedWithTheType() {
    assertThat(validate(VALID.replace("23.50", "\"abc\"")))
        .contains("amount: 'abc' is not a DECIMAL(10,2)");
    assertThat(validate(VALID.replace("23.50", "1.005")))
        .contains("amount: '1.005' has more than 2 decimal places for DECIMAL(10,2)");
    assertThat(validate(VALID.replace("23.50", "123456789.5")))
        .contains("amount: '123456789.5' does not fit DECIMAL(10,2)");
    assertThat(validate(VALID.replace("23.50", "[1]")))
        .contains("amount: a JSON array is not a DECIMAL(10,2)");
  }

  @Test
  void missingOrUnparseableEventTimeIsRejected() {
    assertThat(validate("{\"order_id\": \"o-1\"}"))
        .contains("event_time: required field is missing");
    assertThat(validate(VALID.replace("2026-11-20T14:01:34Z", "yesterday")))
        .contains(
            "event_time: 'yesterday' is not a TIMESTAMP_LTZ(3) (expected ISO-8601 such as"
                + " 2026-11-20T14:01:34Z)");
    assertThat(validate(VALID.replace("2026-11-20T14:01:34Z", "2026-11-20T14:01:34")))
        .contains(
            "event_time: '2026-11-20T14:01:34' is not a TIMESTAMP_LTZ(3) (no time zone; write it"
                + " like 2026-11-20T14:01:34Z)");
  }

  @Test
  void everyProblemOfOneEventIsReportedTogether() {
    assertThat(validate("{\"amount\": \"x\", \"event_time\": \"soon\"}"))
        .contains(
            "amount: 'x' is not a DECIMAL(10,2); event_time: 'soon' is not a TIMESTAMP_LTZ(3)"
                + " (expected ISO-8601 such as 2026-11-20T14:01:34Z); order_id: required field is"
                + " missing");
  }

  @Test
  void eventTimeAsEpochMillisNumberIsAccepted() {
    assertThat(validate(VALID.replace("\"2026-11-20T14:01:34Z\"", "1795701694000"))).isEmpty();
    assertThat(values[5]).isEqualTo(TimestampData.fromEpochMillis(1795701694000L));
  }

  @Test
  void allScalarTypesParseFromJson() {
    RecordValidator all = new RecordValidator(allTypes(SourceFormat.JSON));
    Object[] row = new Object[11];
    Optional<String> verdict =
        all.validate(
            ("{\"i\":7,\"b\":\"9000000000\",\"t\":-3,\"d\":2.5,\"f\":\"1.5\",\"ok\":true,"
                    + "\"day\":\"2026-11-20\",\"at\":\"2026-11-20 14:01:34.123\",\"tm\":\"10:15:30\","
                    + "\"c\":\"abc\",\"ts\":\"2026-11-20T14:01:34Z\"}")
                .getBytes(UTF_8),
            row);
    assertThat(verdict).isEmpty();
    assertThat(row)
        .containsExactly(
            7,
            9_000_000_000L,
            (byte) -3,
            2.5d,
            1.5f,
            true,
            (int) LocalDate.parse("2026-11-20").toEpochDay(),
            TimestampData.fromLocalDateTime(LocalDateTime.parse("2026-11-20T14:01:34.123")),
            (10 * 3600 + 15 * 60 + 30) * 1000,
            StringData.fromString("abc"),
            TimestampData.fromInstant(Instant.parse("2026-11-20T14:01:34Z")));
  }

  @Test
  void integersAreRangeChecked() {
    RecordValidator all = new RecordValidator(allTypes(SourceFormat.JSON));
    Object[] row = new Object[11];
    assertThat(all.validate("{\"i\": 3000000000, \"ts\": 0}".getBytes(UTF_8), row))
        .contains("i: '3000000000' is out of range for INT");
    assertThat(all.validate("{\"t\": 1.5, \"ts\": 0}".getBytes(UTF_8), row))
        .contains("t: '1.5' is not a TINYINT (expected a whole number)");
    assertThat(all.validate("{\"ok\": \"yes\", \"ts\": 0}".getBytes(UTF_8), row))
        .contains("ok: 'yes' is not a BOOLEAN (expected true or false)");
    assertThat(all.validate("{\"c\": \"abcdef\", \"ts\": 0}".getBytes(UTF_8), row))
        .contains("c: 'abcdef' is longer than VARCHAR(5)");
  }

  @Test
  void csvRowsAreReadInDeclaredOrderAndEmptyFieldsAreNull() {
    RecordValidator csv = new RecordValidator(csvOrders());
    Object[] row = new Object[6];
    assertThat(
            csv.validate("o-1,c-1,,\"pho, large\",12.00,2026-11-20T14:01:34Z".getBytes(UTF_8), row))
        .isEmpty();
    assertThat(row[2]).isNull();
    assertThat(row[3]).isEqualTo(StringData.fromString("pho, large"));
    assertThat(csv.validate("o-1,c-1,r,pho,12.00".getBytes(UTF_8), row))
        .contains(
            "expected 6 CSV fields (order_id, customer_id, restaurant_id, dish, amount,"
                + " event_time), found 5");
    assertThat(csv.validate("o-1,c-1,r,\"pho,12.00,2026-11-20T14:01:34Z".getBytes(UTF_8), row))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("not valid CSV: "));
    assertThat(csv.validate("o-1,c,r,d,abc,2026-11-20T14:01:34Z".getBytes(UTF_8), row))
        .contains("amount: 'abc' is not a DECIMAL(10,2)");
    assertThat(
            csv.validate(
                "a,b,c,d,1,2026-11-20T14:01:34Z\ne,f,g,h,2,2026-11-20T14:01:34Z".getBytes(UTF_8),
                row))
        .contains("payload holds more than one CSV row");
  }

  private Optional<String> validate(String json) {
    return orders.validate(json.getBytes(UTF_8), values);
  }

  private static RecordSchema csvOrders() {
    return RecordSchema.of("orders", SourceFormat.CSV, ORDERS.columns(), "event_time");
  }

  private static RecordSchema allTypes(SourceFormat format) {
    return RecordSchema.of(
        "all",
        format,
        List.of(
            ColumnSpec.of("i", "INT", false),
            ColumnSpec.of("b", "BIGINT", false),
            ColumnSpec.of("t", "TINYINT", false),
            ColumnSpec.of("d", "DOUBLE", false),
            ColumnSpec.of("f", "FLOAT", false),
            ColumnSpec.of("ok", "BOOLEAN", false),
            ColumnSpec.of("day", "DATE", false),
            ColumnSpec.of("at", "TIMESTAMP(3)", false),
            ColumnSpec.of("tm", "TIME", false),
            ColumnSpec.of("c", "VARCHAR(5)", false),
            ColumnSpec.of("ts", "TIMESTAMP_LTZ(3)", true)),
        "ts");
  }
}
