package io.tributary.infra.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.catalog.CatalogBackend;
import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.pipeline.Pipelines;
import io.tributary.stream.source.Sources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running {@code tributary up} tells the other commands: where Kafka, Flink, the SQL gateway
 * and the catalog are, which source directories it loaded and which jobs it runs. Written to {@code
 * <data-dir>/runtime.json} when the platform is ready and removed when it stops.
 */
public record RuntimeInfo(
    long pid,
    Instant startedAt,
    String kafka,
    Path kafkaProperties,
    URI flink,
    URI gateway,
    URI api,
    String catalogName,
    CatalogBackend catalogBackend,
    Map<String, String> catalogProperties,
    List<Path> sourceDirs,
    List<Path> pipelineDirs,
    Map<String, String> jobs,
    URI lineageUrl,
    URI dynamodb) {

  public static final String FILE_NAME = "runtime.json";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .findAndRegisterModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public RuntimeInfo {
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(kafka, "kafka is null");
    requireNonNull(flink, "flink is null");
    requireNonNull(gateway, "gateway is null");
    requireNonNull(api, "api is null");
    requireNonNull(catalogName, "catalogName is null");
    requireNonNull(catalogBackend, "catalogBackend is null");
    catalogProperties = Map.copyOf(catalogProperties);
    sourceDirs = List.copyOf(sourceDirs);
    pipelineDirs = pipelineDirs == null ? List.of() : List.copyOf(pipelineDirs);
    jobs = Map.copyOf(jobs);
  }

  /**
   * How the other commands reach the platform's Kafka. The file keeps its address, and for a Kafka
   * of its own the path of its client properties ({@code up --kafka-properties}), read again here:
   * client secrets do not belong in a file under the data directory.
   */
  @JsonIgnore
  public KafkaConnection kafkaConnection() {
    return kafkaProperties == null
        ? KafkaConnection.of(kafka)
        : new KafkaConnection(kafka, KafkaConnection.readProperties(kafkaProperties));
  }

  /** The OpenLineage endpoint the platform sends lineage to, if one was set. */
  public Optional<URI> lineage() {
    return Optional.ofNullable(lineageUrl);
  }

  public LakeCatalogConfig catalog() {
    return new LakeCatalogConfig(catalogName, catalogBackend, catalogProperties);
  }

  /** The sources the running platform loaded, read again from the same directories. */
  public Sources sources() {
    List<io.tributary.stream.source.SourceSpec> all = new ArrayList<>();
    for (Path dir : sourceDirs) {
      all.addAll(Sources.load(dir).all());
    }
    return Sources.of(all);
  }

  /** The pipelines the running platform loaded, read again from the same directories. */
  public Pipelines pipelines() {
    return Pipelines.load(pipelineDirs);
  }

  /** Whether the process that wrote this file is still alive. */
  @JsonIgnore
  public boolean isAlive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  void write(Path dataDir) {
    Path target = dataDir.resolve(FILE_NAME);
    Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
    try {
      JSON.writeValue(temporary.toFile(), this);
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
  }

  static void delete(Path dataDir) {
    try {
      Files.deleteIfExists(dataDir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dataDir.resolve(FILE_NAME), e);
    }
  }

  /** The runtime file of {@code dataDir}, if a platform wrote one. */
  public static Optional<RuntimeInfo> read(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RuntimeInfo.class));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /**
   * The running platform of {@code dataDir}.
   *
   * @throws NotRunningException when none is running there
   */
  public static RuntimeInfo running(Path dataDir) {
    RuntimeInfo info =
        read(dataDir)
            .orElseThrow(
                () ->
                    new NotRunningException(
                        "Tributary is not running on data dir "
                            + dataDir
                            + "; start it with `bin/tributary up` (or pass --data-dir)"));
    if (!info.isAlive()) {
      throw new NotRunningException(
          "Tributary on data dir "
              + dataDir
              + " is not running (process "
              + info.pid()
              + " has exited); start it with `bin/tributary up`");
    }
    return info;
  }

  /** No platform runs on the data directory a command was pointed at. */
  public static final class NotRunningException extends TributaryException {
    private static final long serialVersionUID = 1L;

    public NotRunningException(String message) {
      super(ErrorCode.NOT_RUNNING, message);
    }
  }
}
