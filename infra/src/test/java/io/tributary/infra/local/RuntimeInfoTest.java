package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.catalog.CatalogBackend;
import io.tributary.stream.kafka.KafkaConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime file tells the other commands ({@code produce}, {@code status}) how to reach a Kafka
 * of its own, secrets included, without holding them: it names the client properties' file.
 */
class RuntimeInfoTest {
  @TempDir Path dir;

  @Test
  void commandsReachAKafkaOfItsOwnWithItsClientPropertiesReadFromTheirFile() throws IOException {
    Path properties =
        Files.writeString(
            dir.resolve("msk.properties"),
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=ScramLoginModule required username=\"ada\" password=\"s3cret\";\n");
    runtime("b-1.msk:9096", properties).write(dir);

    KafkaConnection kafka = RuntimeInfo.read(dir).orElseThrow().kafkaConnection();
    assertThat(kafka.bootstrapServers()).isEqualTo("b-1.msk:9096");
    assertThat(kafka.properties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsKey("sasl.jaas.config");
    assertThat(Files.readString(dir.resolve(RuntimeInfo.FILE_NAME)))
        .contains(properties.toString())
        .doesNotContain("s3cret");

    runtime("127.0.0.1:9092", null).write(dir);
    assertThat(RuntimeInfo.read(dir).orElseThrow().kafkaConnection())
        .isEqualTo(KafkaConnection.of("127.0.0.1:9092"));
  }

  private static RuntimeInfo runtime(String kafka, Path properties) {
    return new RuntimeInfo(
        ProcessHandle.current().pid(),
        Instant.parse("2026-12-03T00:00:00Z"),
        kafka,
        properties,
        URI.create("http://127.0.0.1:8081"),
        URI.create("http://127.0.0.1:8083"),
        URI.create("http://127.0.0.1:8084"),
        "lake",
        CatalogBackend.REST,
        Map.of("uri", "http://127.0.0.1:8181"),
        List.of(),
        List.of(),
        Map.of(),
        null,
        URI.create("http://127.0.0.1:8000"));
  }
}
