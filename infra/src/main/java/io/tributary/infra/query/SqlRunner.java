package io.tributary.infra.query;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.stream.sql.SqlErrors;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Runs one Flink SQL statement through the platform's SQL gateway, with Flink's JDBC driver, as any
 * other client of the gateway would. The gateway's sessions already hold the {@code lake} catalog
 * and the {@code src.<name>} tables (read up to the latest offsets), run in batch mode and show
 * timestamps in UTC; an {@code INSERT} is waited for ({@code table.dml-sync}).
 */
public final class SqlRunner {
  private final URI gateway;

  /**
   * @param gateway the gateway's REST endpoint, such as {@code http://127.0.0.1:8083}
   */
  public SqlRunner(URI gateway) {
    this.gateway = requireNonNull(gateway, "gateway is null");
  }

  /** {@code jdbc:flink://host:port}: how Flink's JDBC driver names the gateway at {@code uri}. */
  public static String jdbcUrl(URI gateway) {
    return "jdbc:flink://" + gateway.getAuthority();
  }

  public QueryResult run(String statement) throws SqlException {
    String sql = statement.strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).stripTrailing();
    }
    if (sql.isEmpty()) {
      throw new SqlException(ErrorCode.INVALID_REQUEST, "No SQL statement given", null);
    }
    Properties session = new Properties();
    session.setProperty("table.dml-sync", "true");
    Connection connection;
    try {
      connection = DriverManager.getConnection(jdbcUrl(gateway), session);
    } catch (SQLException | RuntimeException e) {
      throw new SqlException(
          ErrorCode.UNAVAILABLE,
          "Cannot open a session on the SQL gateway at "
              + gateway
              + ": "
              + SqlErrors.describeReported(e),
          e);
    }
    try (connection;
        Statement jdbc = connection.createStatement()) {
      if (!jdbc.execute(sql)) {
        return new QueryResult(List.of(), List.of(), "OK");
      }
      try (ResultSet results = jdbc.getResultSet()) {
        return read(results);
      }
    } catch (SQLException | RuntimeException e) {
      throw new SqlException(ErrorCode.INVALID_REQUEST, SqlErrors.describeReported(e), e);
    }
  }

  private static QueryResult read(ResultSet results) throws SQLException {
    ResultSetMetaData metadata = results.getMetaData();
    List<String> columns = new ArrayList<>();
    for (int i = 1; i <= metadata.getColumnCount(); i++) {
      columns.add(metadata.getColumnLabel(i));
    }
    List<List<Object>> rows = new ArrayList<>();
    while (results.next()) {
      List<Object> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(value(results.getObject(i), metadata.getColumnTypeName(i)));
      }
      rows.add(row);
    }
    return new QueryResult(columns, rows, rows.size() + (rows.size() == 1 ? " row" : " rows"));
  }

  /**
   * The value as {@code java.time}: the driver hands out {@code java.sql} types, whose text depends
   * on the JVM's time zone. The gateway's sessions are in UTC, so the wall-clock time of a {@code
   * TIMESTAMP_LTZ} is its UTC time.
   */
  private static Object value(Object value, String typeName) {
    if (value instanceof Timestamp timestamp) {
      if (typeName.startsWith("TIMESTAMP_LTZ")) {
        return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
      }
      return timestamp.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Time time) {
      return time.toLocalTime();
    }
    return value;
  }
}
