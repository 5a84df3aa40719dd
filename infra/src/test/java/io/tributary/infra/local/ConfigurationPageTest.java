package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what the code declares: every option of {@code up} and every environment
 * variable the commands and scripts read, rendered from the declarations.
 */
class ConfigurationPageTest {
  private static final Path PAGE = Path.of("../docs/configuration.md");
  private static final Pattern SCRIPT_VARIABLE = Pattern.compile("\\$\\{?(TRIBUTARY_[A-Z_]+)");
  private static final Pattern JAVA_VARIABLE = Pattern.compile("getenv\\(\"([A-Z_]+)\"\\)");

  @Test
  void theCommittedPageIsTheRenderingOfTheDeclarations() throws IOException {
    String rendered = ConfigurationPage.render();
    if (Boolean.getBoolean("tributary.docs.update")) {
      Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as("docs/configuration.md is stale; see the comment at its top to rewrite it")
        .isEqualTo(rendered);
  }

  @Test
  void everyEnvironmentVariableTheScriptsAndCommandsReadIsDeclared() throws IOException {
    Set<String> read = new TreeSet<>();
    for (Path script : new Path[] {Path.of("../bin/tributary"), Path.of("local/trino/trino.sh")}) {
      read.addAll(matches(SCRIPT_VARIABLE, Files.readString(script)));
    }
    try (Stream<Path> sources = Files.walk(Path.of(".."))) {
      for (Path source :
          sources
              .filter(
                  p -> p.toString().contains("/src/main/java/") && p.toString().endsWith(".java"))
              .toList()) {
        read.addAll(matches(JAVA_VARIABLE, Files.readString(source)));
      }
    }
    Set<String> declared =
        PlatformOptions.ENVIRONMENT.stream()
            .map(PlatformOptions.EnvironmentVariable::name)
            .collect(Collectors.toSet());

    assertThat(read).contains("TRIBUTARY_TOKEN", "TRIBUTARY_HEAP");
    assertThat(declared).containsAll(read);
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }
}
