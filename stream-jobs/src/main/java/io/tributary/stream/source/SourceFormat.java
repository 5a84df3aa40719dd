package io.tributary.stream.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a source's events are encoded in its Kafka topic. */
public enum SourceFormat {
  /** One JSON object per record. */
  JSON,
  /** One CSV row per record, fields in the declared column order, no header. */
  CSV;

  /** The name used in source YAML: {@code json}, {@code csv}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SourceFormat> fromYamlName(String text) {
    return Arrays.stream(values()).filter(f -> f.yamlName().equals(text)).findFirst();
  }

  public static String choices() {
    return Arrays.stream(values()).map(SourceFormat::yamlName).collect(Collectors.joining(" | "));
  }
}
