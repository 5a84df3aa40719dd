package io.tributary.infra.cli;

import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way source YAML does: 500ms, 10s, 1min, 2h. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return TimeUtils.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration; write it like 500ms, 10s, 1min or 2h");
    }
  }
}
