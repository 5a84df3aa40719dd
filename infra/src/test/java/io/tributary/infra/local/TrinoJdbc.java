package io.tributary.infra.local;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Queries Trino over JDBC as an analyst does, asking again while its one node has not yet announced
 * the lake catalog: for a few seconds after start Trino answers a scan with "No nodes available",
 * which is not the outcome under test.
 */
public final class TrinoJdbc {
  /** What the test reads from the result set. */
  @FunctionalInterface
  public interface Rows<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private TrinoJdbc() {}

  /** The outcome of {@code read} on the rows of {@code sql}, once Trino can schedule it. */
  public static <T> T query(Statement statement, String sql, Rows<T> read) {
    AtomicReference<T> outcome = new AtomicReference<>();
    Awaitility.await("Trino scheduling " + sql)
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptionsMatching(
            e -> String.valueOf(e.getMessage()).contains("No nodes available"))
        .until(
            () -> {
              try (ResultSet rows = statement.executeQuery(sql)) {
                outcome.set(read.read(rows));
                return true;
              }
            });
    return outcome.get();
  }
}
