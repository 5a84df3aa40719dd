package io.tributary.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementAccessTest {
  @Test
  void queriesAndSessionSettingsOnlyRead() {
    assertThat(StatementAccess.isReadOnly("SELECT 1")).isTrue();
    assertThat(StatementAccess.isReadOnly("  with t AS (SELECT 1) SELECT * FROM t")).isTrue();
    assertThat(StatementAccess.isReadOnly("-- revenue by day\n/* v2 */ (SELECT 1)")).isTrue();
    assertThat(StatementAccess.isReadOnly("SHOW TABLES")).isTrue();
    assertThat(StatementAccess.isReadOnly("describe lake.bronze.orders")).isTrue();
    assertThat(StatementAccess.isReadOnly("EXPLAIN SELECT 1")).isTrue();
    assertThat(StatementAccess.isReadOnly("SET 'table.local-time-zone' = 'UTC'")).isTrue();
  }

  @Test
  void everythingElseCountsAsAChange() {
    assertThat(StatementAccess.isReadOnly("INSERT INTO t SELECT 1")).isFalse();
    assertThat(StatementAccess.isReadOnly("/* SELECT */ DROP TABLE t")).isFalse();
    assertThat(StatementAccess.isReadOnly("-- SELECT\nCREATE TABLE t (x INT)")).isFalse();
    assertThat(StatementAccess.isReadOnly("EXECUTE STATEMENT SET BEGIN END")).isFalse();
    assertThat(StatementAccess.isReadOnly("CALL lake.system.rollback_to_snapshot('t', 1)"))
        .isFalse();
    assertThat(StatementAccess.isReadOnly("ADD JAR '/tmp/x.jar'")).isFalse();
    assertThat(StatementAccess.isReadOnly("SELECTED")).isFalse();
    assertThat(StatementAccess.isReadOnly("")).isFalse();
    assertThat(StatementAccess.isReadOnly("/* unterminated")).isFalse();
  }
}
