package io.tributary.query;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.source.SourceSpec;
import io.tributary.source.table.SourceTables;
import io.tributary.sql.RemoteBatch;
import io.tributary.sql.SqlErrors;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs one batch Flink SQL statement against a running platform: planned here, executed on the
 * platform's Flink cluster, with the {@code lake} catalog and the {@code src.<name>} tables (read
 * up to the latest offsets) registered. Timestamps with a local time zone are shown in UTC.
 */
public final class SqlRunner {
  private final URI flinkRest;
  private final LakeCatalogConfig catalog;
  private final String kafkaBootstrap;
  private final List<SourceSpec> sources;

  public SqlRunner(
      URI flinkRest, LakeCatalogConfig catalog, String kafkaBootstrap, List<SourceSpec> sources) {
    this.flinkRest = requireNonNull(flinkRest, "flinkRest is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.kafkaBootstrap = requireNonNull(kafkaBootstrap, "kafkaBootstrap is null");
    this.sources = List.copyOf(sources);
  }

  public QueryResult run(String statement) throws SqlException {
    String sql = statement.strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).stripTrailing();
    }
    if (sql.isEmpty()) {
      throw new SqlException("No SQL statement given", null);
    }
    try {
      TableEnvironment tableEnv = tableEnvironment();
      TableResult result = tableEnv.executeSql(sql);
      if (result.getResultKind() == ResultKind.SUCCESS) {
        if (result.getJobClient().isPresent()) {
          result.await();
          return new QueryResult(
              List.of(),
              List.of(),
              "OK, job " + result.getJobClient().get().getJobID() + " finished");
        }
        return new QueryResult(List.of(), List.of(), "OK");
      }
      List<String> columns = result.getResolvedSchema().getColumnNames();
      List<List<Object>> rows = new ArrayList<>();
      try (CloseableIterator<Row> iterator = result.collect()) {
        while (iterator.hasNext()) {
          Row row = iterator.next();
          List<Object> values = new ArrayList<>(row.getArity());
          for (int i = 0; i < row.getArity(); i++) {
            values.add(row.getField(i));
          }
          rows.add(values);
        }
      }
      return new QueryResult(columns, rows, rows.size() + (rows.size() == 1 ? " row" : " rows"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlException("Interrupted while running the statement", e);
    } catch (Exception e) {
      throw new SqlException(SqlErrors.describe(e), e);
    }
  }

  private TableEnvironment tableEnvironment() {
    TableEnvironment tableEnv = RemoteBatch.environment(flinkRest, 1);
    LakeCatalog.registerIn(tableEnv, catalog);
    new SourceTables(kafkaBootstrap).registerUpToLatest(tableEnv, sources);
    return tableEnv;
  }
}
