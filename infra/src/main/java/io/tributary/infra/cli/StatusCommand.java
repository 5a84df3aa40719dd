package io.tributary.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.Layer;
import io.tributary.infra.local.RuntimeInfo;
import io.tributary.stream.flink.FlinkRest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tributary status}: components, jobs and tables of the running platform. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show the running platform's components, jobs and lake tables; exit 1 if it is not running.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CliOptions.DataDir dataDir;

  @Override
  public Integer call() throws Exception {
    RuntimeInfo runtime = RuntimeInfo.running(dataDir.dataDir);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "tributary running on %s (pid %d, up %s)%n",
        dataDir.dataDir,
        runtime.pid(),
        human(Duration.between(runtime.startedAt(), Instant.now())));
    boolean healthy =
        kafka(runtime, out) & catalog(runtime, out) & gateway(runtime, out) & flink(runtime, out);
    tables(runtime, out);
    out.flush();
    return healthy ? 0 : TributaryCommand.EXIT_ERROR;
  }

  private static boolean kafka(RuntimeInfo runtime, PrintWriter out) throws InterruptedException {
    Properties properties = runtime.kafkaConnection().clientProperties();
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    try (Admin admin = Admin.create(properties)) {
      int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
      out.printf(Locale.ROOT, "%-9s %-28s up, %d broker%n", "kafka", runtime.kafka(), brokers);
      return true;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      out.printf(Locale.ROOT, "%-9s %-28s DOWN: %s%n", "kafka", runtime.kafka(), e.getMessage());
      return false;
    }
  }

  private static boolean catalog(RuntimeInfo runtime, PrintWriter out) throws InterruptedException {
    if (runtime.catalog().backend() == CatalogBackend.GLUE) {
      return glue(runtime, out);
    }
    String uri = runtime.catalog().uri();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(uri + "/v1/config"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        out.printf(
            Locale.ROOT,
            "%-9s %-28s up, Iceberg %s catalog '%s'%n",
            "catalog",
            uri,
            runtime.catalog().backend().configName(),
            runtime.catalogName());
        return true;
      }
      out.printf(
          Locale.ROOT, "%-9s %-28s DOWN: answered %d%n", "catalog", uri, response.statusCode());
    } catch (java.io.IOException e) {
      out.printf(Locale.ROOT, "%-9s %-28s DOWN: %s%n", "catalog", uri, e.getMessage());
    }
    return false;
  }

  /** Glue answers: the lake's layers are listed. */
  private static boolean glue(RuntimeInfo runtime, PrintWriter out) {
    String where = runtime.catalog().warehouse().orElse("glue");
    try (LakeCatalog lake = LakeCatalog.open(runtime.catalog())) {
      int namespaces = ((SupportsNamespaces) lake.iceberg()).listNamespaces().size();
      out.printf(
          Locale.ROOT,
          "%-9s %-28s up, Glue catalog '%s', %d databases%n",
          "catalog",
          where,
          runtime.catalogName(),
          namespaces);
      return true;
    } catch (IOException | RuntimeException e) {
      out.printf(Locale.ROOT, "%-9s %-28s DOWN: %s%n", "catalog", where, AwsErrors.describe(e));
      return false;
    }
  }

  /** The gateway answers {@code GET /v1/info} of Flink's SQL Gateway REST API. */
  private static boolean gateway(RuntimeInfo runtime, PrintWriter out) throws InterruptedException {
    URI gateway = runtime.gateway();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(gateway.resolve("/v1/info"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 401) {
        out.printf(Locale.ROOT, "%-9s %-28s up, bearer tokens required%n", "gateway", gateway);
        return true;
      }
      if (response.statusCode() == 200) {
        JsonNode info = new ObjectMapper().readTree(response.body());
        out.printf(
            Locale.ROOT,
            "%-9s %-28s up, %s %s%n",
            "gateway",
            gateway,
            info.path("productName").asText("Apache Flink"),
            info.path("version").asText("?"));
        return true;
      }
      out.printf(
          Locale.ROOT, "%-9s %-28s DOWN: answered %d%n", "gateway", gateway, response.statusCode());
    } catch (java.io.IOException e) {
      out.printf(Locale.ROOT, "%-9s %-28s DOWN: %s%n", "gateway", gateway, e.getMessage());
    }
    return false;
  }

  private static boolean flink(RuntimeInfo runtime, PrintWriter out) throws InterruptedException {
    FlinkRest rest = new FlinkRest(runtime.flink());
    try {
      FlinkRest.Overview overview = rest.overview();
      out.printf(
          Locale.ROOT,
          "%-9s %-28s up, %d task manager, %d of %d slots free%n",
          "flink",
          runtime.flink(),
          overview.taskManagers(),
          overview.slotsAvailable(),
          overview.slotsTotal());
      List<FlinkRest.Job> jobs = rest.jobs();
      jobs.sort(Comparator.comparing(FlinkRest.Job::name));
      out.println("jobs");
      boolean allRunning = true;
      for (FlinkRest.Job job : jobs) {
        boolean current = job.id().equals(runtime.jobs().get(job.name()));
        if (!current && !job.state().equals("RUNNING")) {
          continue;
        }
        allRunning &= job.state().equals("RUNNING");
        String restarts =
            rest.restarts(job.id()).stream()
                .mapToObj(n -> n == 1 ? "1 restart" : n + " restarts")
                .findFirst()
                .orElse("-");
        out.printf(
            Locale.ROOT,
            "  %-28s %-10s %-10s %-12s %s%n",
            job.name(),
            job.state(),
            human(job.duration()),
            restarts,
            job.id());
      }
      return allRunning;
    } catch (java.io.IOException e) {
      out.printf(Locale.ROOT, "%-9s %-28s DOWN: %s%n", "flink", runtime.flink(), e.getMessage());
      return false;
    }
  }

  private static void tables(RuntimeInfo runtime, PrintWriter out) throws Exception {
    out.println("tables");
    try (LakeCatalog lake = LakeCatalog.open(runtime.catalog())) {
      for (Layer layer : Layer.values()) {
        List<TableIdentifier> ids =
            lake.iceberg().listTables(layer.namespace()).stream()
                .sorted(Comparator.comparing(TableIdentifier::name))
                .toList();
        for (TableIdentifier id : ids) {
          Table table = lake.loadTable(id);
          Snapshot snapshot = table.currentSnapshot();
          String rows =
              snapshot == null ? "0" : snapshot.summary().getOrDefault("total-records", "?");
          String commit =
              snapshot == null
                  ? "no commits yet"
                  : "last commit "
                      + human(
                          Duration.between(
                              Instant.ofEpochMilli(snapshot.timestampMillis()), Instant.now()))
                      + " ago";
          out.printf(
              Locale.ROOT,
              "  %-36s %12s rows  %s%n",
              runtime.catalogName() + "." + id,
              String.format(Locale.ROOT, "%,d", Long.parseLong(rows.equals("?") ? "0" : rows)),
              commit);
        }
      }
    }
  }

  static String human(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + (seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m";
  }
}
