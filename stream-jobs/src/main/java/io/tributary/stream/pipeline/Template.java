package io.tributary.stream.pipeline;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The values a transform may use when it replays one day, written {@code ${name}} in its SQL. A
 * streaming pipeline has no day, so it may use none of them.
 */
public enum Template {
  /** The day, {@code 2026-11-20}. */
  DS("ds"),
  /** The day without dashes, {@code 20261120}. */
  DS_NODASH("ds_nodash"),
  /** The day's first instant in UTC as an SQL timestamp literal, {@code 2026-11-20 00:00:00}. */
  START_TS("start_ts"),
  /** The next day's first instant in UTC, {@code 2026-11-21 00:00:00}; the day ends before it. */
  END_TS("end_ts");

  private static final DateTimeFormatter NODASH = DateTimeFormatter.BASIC_ISO_DATE;

  private final String variable;

  Template(String variable) {
    this.variable = variable;
  }

  /** The name inside {@code ${...}}. */
  public String variable() {
    return variable;
  }

  /** The value for {@code day}. */
  public String value(LocalDate day) {
    return switch (this) {
      case DS -> day.toString();
      case DS_NODASH -> day.format(NODASH);
      case START_TS -> day + " 00:00:00";
      case END_TS -> day.plusDays(1) + " 00:00:00";
    };
  }

  public static Optional<Template> of(String variable) {
    return Arrays.stream(values()).filter(t -> t.variable.equals(variable)).findFirst();
  }

  /** {@code ${ds}, ${ds_nodash}, ${start_ts}, ${end_ts}}. */
  public static String choices() {
    return Arrays.stream(values())
        .map(t -> "${" + t.variable + "}")
        .collect(Collectors.joining(", "));
  }
}
