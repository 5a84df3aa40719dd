package io.tributary.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.declaration.DeclarationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class ProfileTest {
  @TempDir Path dir;

  @Test
  void aProfileSetsOptionsOfUpAndTheCommandLineWins() throws IOException {
    Path profile =
        Files.writeString(
            dir.resolve("aws.yaml"),
            """
            catalog: glue
            warehouse: s3://my-lake/warehouse
            aws-region: eu-west-1
            kafka-port: 0
            sources: [sources, more-sources]
            no-maintenance: true
            """);

    String[] args =
        Profile.expand(
            new String[] {"up", "--profile", profile.toString(), "--aws-region", "us-west-2"});

    CommandLine commandLine = TributaryCommand.commandLine();
    commandLine.setOverwrittenOptionsAllowed(true);
    ParseResult up = commandLine.parseArgs(args).subcommand();
    assertThat(up.commandSpec().name()).isEqualTo("up");
    assertThat((String) up.matchedOptionValue("catalog", null)).isEqualTo("glue");
    assertThat((String) up.matchedOptionValue("warehouse", null))
        .isEqualTo("s3://my-lake/warehouse");
    assertThat((Integer) up.matchedOptionValue("kafka-port", null)).isZero();
    assertThat((Boolean) up.matchedOptionValue("no-maintenance", false)).isTrue();
    // relative paths are the profile's directory's
    assertThat(up.matchedOption("sources").<java.util.List<Path>>getValue())
        .containsExactly(dir.resolve("sources"), dir.resolve("more-sources"));
    // given on the command line after the profile's values: it wins
    assertThat((String) up.matchedOptionValue("aws-region", null)).isEqualTo("us-west-2");
  }

  @Test
  void anUnknownKeyNamesTheFileTheLineAndTheClosestOption() throws IOException {
    Path profile =
        Files.writeString(dir.resolve("bad.yaml"), "catalog: glue\nwarehoose: s3://x/y\n");
    assertThatThrownBy(() -> Profile.expand(new String[] {"up", "--profile", profile.toString()}))
        .isInstanceOfSatisfying(
            DeclarationException.class, e -> assertThat(e.line()).isEqualTo(OptionalInt.of(2)))
        .hasMessageStartingWith(profile + ", line 2, field warehoose: unknown field 'warehoose'")
        .hasMessageEndingWith("did you mean 'warehouse'?");
  }

  @Test
  void otherCommandsAndUpWithoutAProfileAreLeftAlone() {
    String[] status = {"status", "--profile", "x.yaml"};
    assertThat(Profile.expand(status)).isSameAs(status);
    String[] up = {"up", "--demo"};
    assertThat(Profile.expand(up)).isSameAs(up);
  }

  @Test
  void theExampleProfilesAreProfiles() {
    for (String name : new String[] {"aws.yaml", "glue-local.yaml"}) {
      assertThat(Profile.options(Path.of("../examples/profiles").resolve(name)))
          .as(name)
          .contains("--catalog", "glue", "--aws-region");
    }
  }
}
