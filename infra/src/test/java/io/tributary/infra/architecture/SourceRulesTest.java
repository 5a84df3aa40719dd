package io.tributary.infra.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The source rules of docs/architecture.md, checked on every module's sources (the tests run in
 * infra/, so the checkout is its parent): each package names its module, so no package is split
 * across modules; no main source file outgrows one concern; and no catch is broader than the
 * failures it handles without saying why.
 */
class SourceRulesTest {
  /** Each module and the root its packages start with. */
  private static final Map<String, String> ROOTS =
      Map.of(
          "catalog", "io.tributary.catalog",
          "stream-jobs", "io.tributary.stream",
          "feature-sync", "io.tributary.feature",
          "serving-lambda", "io.tributary.serving",
          "sql-gateway", "io.tributary.gateway",
          "infra", "io.tributary.infra");

  private static final int MAX_MAIN_LINES = 400;
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern BROAD_CATCH =
      Pattern.compile(
          "catch \\((?:[\\w.]+ \\| )*(?:Exception|Throwable|RuntimeException \\| Error)");

  @Test
  void everyPackageNamesItsModule() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> module : ROOTS.entrySet()) {
      for (Path source : sources(module.getKey(), "src")) {
        Matcher found = PACKAGE.matcher(Files.readString(source));
        String pkg = found.find() ? found.group(1) : "(none)";
        if (!pkg.equals(module.getValue()) && !pkg.startsWith(module.getValue() + ".")) {
          wrong.add(source + ": package " + pkg);
        }
      }
    }
    assertThat(wrong).as("packages outside their module's root").isEmpty();
  }

  @Test
  void noMainSourceFileIsOverFourHundredLines() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (String module : ROOTS.keySet()) {
      for (Path source : sources(module, "src/main")) {
        long lines = Files.readAllLines(source).size();
        if (lines > MAX_MAIN_LINES) {
          long_.add(source + ": " + lines + " lines");
        }
      }
    }
    assertThat(long_).as("main source files over " + MAX_MAIN_LINES + " lines").isEmpty();
  }

  @Test
  void everyBroadCatchSaysWhyItMustBeThatBroad() throws IOException {
    List<String> unexplained = new ArrayList<>();
    for (String module : ROOTS.keySet()) {
      for (Path source : sources(module, "src/main")) {
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          boolean explained =
              line.contains("//")
                  || (i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("//"));
          if (BROAD_CATCH.matcher(line).find() && !explained) {
            unexplained.add(source + ":" + (i + 1) + ": " + line.strip());
          }
        }
      }
    }
    assertThat(unexplained).as("catch (Exception ...) without a comment saying why").isEmpty();
  }

  private static List<Path> sources(String module, String under) throws IOException {
    Path root = Path.of("..", module, under);
    assertThat(root).as("module " + module).isDirectory();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
