package io.tributary.stream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.declaration.DeclarationException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TransformSqlTest {
  private static final Path FILE = Path.of("pipelines/big_orders/transform.sql");
  private static final TargetTable TARGET = TargetTable.parse("lake.silver.big_orders");

  @Test
  void queryKeepsItsPositionInTheFile() {
    TransformSql sql =
        TransformSql.parse(
            FILE,
            "-- big ones\nINSERT INTO lake.silver.big_orders\nSELECT order_id FROM src.orders;\n",
            TARGET);

    String query = sql.query(null);
    assertThat(query.lines().toList())
        .containsExactly(" ".repeat(11), " ".repeat(34), "SELECT order_id FROM src.orders ");
    assertThat(sql.streamingStatement())
        .isEqualTo(
            "-- big ones\nINSERT INTO lake.silver.big_orders\nSELECT order_id FROM src.orders \n");
  }

  @Test
  void quotedAndMixedCaseTargetNamesMatch() {
    TransformSql sql =
        TransformSql.parse(FILE, "insert into `lake`.Silver.`big_orders` select 1", TARGET);
    assertThat(sql.query(null).strip()).isEqualTo("select 1");
  }

  @Test
  void templateValuesAreFilledForADay() {
    TransformSql sql =
        TransformSql.parse(
            FILE,
            "INSERT INTO lake.silver.big_orders SELECT '${ds}', '${ds_nodash}',"
                + " TIMESTAMP '${start_ts}', TIMESTAMP '${end_ts}'",
            TARGET);

    assertThat(sql.query(LocalDate.parse("2026-11-20")).strip())
        .isEqualTo(
            "SELECT '2026-11-20', '20261120', TIMESTAMP '2026-11-20 00:00:00', TIMESTAMP"
                + " '2026-11-21 00:00:00'");
  }

  @Test
  void aTemplateValueInAStreamingPipelineIsRefusedAtItsPosition() {
    TransformSql sql =
        TransformSql.parse(
            FILE,
            "INSERT INTO lake.silver.big_orders\nSELECT * FROM src.orders\nWHERE ds = '${ds}'",
            TARGET);

    assertThatThrownBy(sql::streamingStatement)
        .isInstanceOfSatisfying(
            DeclarationException.class,
            e -> {
              assertThat(e.line()).isEqualTo(OptionalInt.of(3));
              assertThat(e.column()).isEqualTo(OptionalInt.of(13));
            })
        .hasMessage(
            FILE
                + ", line 3, column 13: ${ds} is only defined when a day is replayed; a streaming"
                + " pipeline cannot use it");
  }

  @Test
  void templatesInCommentsAreNeitherRefusedNorFilled() {
    TransformSql streaming =
        TransformSql.parse(
            FILE,
            "-- a replay could filter on ${ds}; ${foo} is no value\n"
                + "INSERT INTO lake.silver.big_orders /* ${ds} */ SELECT 1",
            TARGET);
    assertThat(streaming.templates()).isEmpty();
    assertThat(streaming.streamingStatement()).contains("SELECT 1");

    TransformSql replay =
        TransformSql.parse(
            FILE, "INSERT INTO lake.silver.big_orders SELECT '${ds}' -- not ${ds}", TARGET);
    assertThat(replay.templates()).hasSize(1);
    assertThat(replay.query(LocalDate.parse("2026-11-20")).strip())
        .isEqualTo("SELECT '2026-11-20' -- not ${ds}");
  }

  @Test
  void anUnknownTemplateValueIsRefused() {
    assertThatThrownBy(
            () ->
                TransformSql.parse(
                    FILE, "INSERT INTO lake.silver.big_orders SELECT '${day}'", TARGET))
        .hasMessage(
            FILE
                + ", line 1, column 44: ${day} is not a template value; use ${ds}, ${ds_nodash},"
                + " ${start_ts}, ${end_ts}");
  }

  @Test
  void anInsertIntoAnotherTableIsRefused() {
    assertThatThrownBy(
            () -> TransformSql.parse(FILE, "\n  INSERT INTO silver.big_orders SELECT 1", TARGET))
        .hasMessage(
            FILE
                + ", line 2, column 15: inserts into silver.big_orders, but pipeline.yaml declares"
                + " target lake.silver.big_orders; write the full name, INSERT INTO"
                + " lake.silver.big_orders");
  }

  @Test
  void somethingElseThanAnInsertIsRefused() {
    assertThatThrownBy(() -> TransformSql.parse(FILE, "SELECT * FROM src.orders", TARGET))
        .hasMessage(
            FILE
                + ", line 1, column 1: expected INSERT INTO lake.silver.big_orders SELECT ...; a"
                + " transform is one INSERT INTO its target table");
  }

  @Test
  void aSecondStatementIsRefused() {
    assertThatThrownBy(
            () ->
                TransformSql.parse(
                    FILE,
                    "INSERT INTO lake.silver.big_orders SELECT 1;\nDROP TABLE lake.bronze.orders;",
                    TARGET))
        .hasMessage(
            FILE + ", line 2, column 1: a transform holds one statement; found more after the ';'");
  }

  @Test
  void semicolonsInStringsAndCommentsAreNotStatementEnds() {
    TransformSql sql =
        TransformSql.parse(
            FILE, "INSERT INTO lake.silver.big_orders SELECT 'a;b' -- c;d\n", TARGET);
    assertThat(sql.semicolon()).isEqualTo(-1);
  }

  @Test
  void aColumnListIsRefused() {
    assertThatThrownBy(
            () ->
                TransformSql.parse(
                    FILE, "INSERT INTO lake.silver.big_orders (a, b) SELECT 1, 2", TARGET))
        .hasMessageContaining("line 1, column 36: a column list after the target is not supported");
  }
}
