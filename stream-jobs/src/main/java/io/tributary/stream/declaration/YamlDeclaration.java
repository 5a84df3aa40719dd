package io.tributary.stream.declaration;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Function;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One YAML declaration file, read so that every problem found in it, while parsing or later while
 * checking its values, becomes a {@link DeclarationException} naming the file, the line and the
 * field.
 *
 * <pre>{@code
 * SourceSpec spec = YamlDeclaration.read(file).map(fields -> toSpec(fields));
 * }</pre>
 */
public final class YamlDeclaration {
  private static final YAMLFactory YAML =
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final YAMLMapper MAPPER = new YAMLMapper(YAML);

  private final Path file;
  private final JsonNode root;
  private final YamlLocations locations;

  private YamlDeclaration(Path file, JsonNode root, YamlLocations locations) {
    this.file = file;
    this.root = root;
    this.locations = locations;
  }

  /**
   * Reads and parses the file.
   *
   * @throws DeclarationException when it cannot be read or is not YAML
   */
  public static YamlDeclaration read(Path file) {
    requireNonNull(file, "file is null");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DeclarationException(file, "cannot read file: " + e.getMessage(), e);
    }
    try {
      return new YamlDeclaration(file, MAPPER.readTree(bytes), YamlLocations.index(YAML, bytes));
    } catch (JsonProcessingException e) {
      throw syntaxError(file, e);
    } catch (IOException e) {
      throw new DeclarationException(file, "cannot read file: " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Builds a value from the document's top-level mapping. An {@link InvalidFieldException} thrown
   * by {@code build} becomes a {@link DeclarationException} with the file and the field's line.
   *
   * @param expected what the document should hold, for the message when it is empty
   */
  public <T> T map(String expected, Function<YamlFields, T> build) {
    try {
      if (root == null || root.isMissingNode() || root.isNull()) {
        throw new InvalidFieldException("", "the file is empty; " + expected);
      }
      if (!root.isObject()) {
        throw new InvalidFieldException("", "expected a mapping of fields; " + expected);
      }
      return build.apply(new YamlFields((ObjectNode) root));
    } catch (InvalidFieldException e) {
      String pointer = e.field().isEmpty() ? "" : "/" + e.field();
      throw new DeclarationException(
          file, locations.lineOf(pointer), yamlPath(e.field()), e.getMessage());
    }
  }

  /** {@code columns/2/type} as YAML readers say it: {@code columns[2].type}. */
  static String yamlPath(String field) {
    StringBuilder out = new StringBuilder();
    for (String segment : field.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.chars().allMatch(Character::isDigit)) {
        out.append('[').append(segment).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(segment);
      }
    }
    return out.toString();
  }

  private static DeclarationException syntaxError(Path file, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
      return new DeclarationException(
          file,
          OptionalInt.of(marked.getProblemMark().getLine() + 1),
          "",
          "not valid YAML: " + context + marked.getProblem());
    }
    OptionalInt line =
        e.getLocation() == null ? OptionalInt.empty() : OptionalInt.of(e.getLocation().getLineNr());
    String firstLine = e.getOriginalMessage().lines().findFirst().orElse("");
    return new DeclarationException(file, line, "", "not valid YAML: " + firstLine);
  }
}
