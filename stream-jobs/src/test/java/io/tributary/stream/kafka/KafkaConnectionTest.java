package io.tributary.stream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.catalog.error.InvalidValueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every client of the platform reaches Kafka with the same servers and client properties. */
class KafkaConnectionTest {
  private static final KafkaConnection MSK =
      new KafkaConnection(
          "b-1.msk:9096,b-2.msk:9096",
          Map.of(
              "security.protocol", "SASL_SSL",
              "sasl.mechanism", "SCRAM-SHA-512",
              "sasl.jaas.config",
                  "ScramLoginModule required username=\"ada\" password=\"s3cret\";"));

  @Test
  void clientsAndSqlTablesCarryTheServersAndEveryProperty() {
    assertThat(MSK.clientProperties())
        .containsEntry("bootstrap.servers", "b-1.msk:9096,b-2.msk:9096")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(MSK.tableOptions())
        .containsOnlyKeys(
            "properties.bootstrap.servers",
            "properties.security.protocol",
            "properties.sasl.mechanism",
            "properties.sasl.jaas.config")
        .containsEntry("properties.bootstrap.servers", "b-1.msk:9096,b-2.msk:9096");
    assertThat(MSK.lineageNamespace()).isEqualTo("kafka://b-1.msk:9096");
  }

  @Test
  void secretsAreNotShown() {
    assertThat(MSK.toString())
        .isEqualTo(
            "b-1.msk:9096,b-2.msk:9096 {sasl.jaas.config=***, sasl.mechanism=SCRAM-SHA-512,"
                + " security.protocol=SASL_SSL}");
    assertThat(KafkaConnection.of("127.0.0.1:9092").toString()).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void theServersAreGivenAsSuchAndNeverEmpty() {
    assertThatThrownBy(() -> new KafkaConnection(" ", Map.of()))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("Kafka's bootstrap servers are empty; give host:port");
    assertThatThrownBy(() -> new KafkaConnection("a:9092", Map.of("bootstrap.servers", "b:9092")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage(
            "Give Kafka's bootstrap servers as such, not as the client property"
                + " bootstrap.servers");
  }

  @Test
  void clientPropertiesComeFromAPropertiesFileAndAMissingOneIsNamed(@TempDir Path dir)
      throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            "# MSK with SCRAM\nsecurity.protocol=SASL_SSL\nsasl.mechanism = SCRAM-SHA-512 \n"
                + "sasl.jaas.config=ScramLoginModule required username=\"ada\" password=\"s3cret\";\n");
    assertThat(KafkaConnection.readProperties(file))
        .containsExactlyInAnyOrderEntriesOf(MSK.properties());

    Path missing = dir.resolve("none.properties");
    assertThatThrownBy(() -> KafkaConnection.readProperties(missing))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageStartingWith("Cannot read Kafka's client properties from " + missing);
  }
}
