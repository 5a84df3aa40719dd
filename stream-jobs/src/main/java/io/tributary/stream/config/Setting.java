package io.tributary.stream.config;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One configuration setting, declared once: its key (the command-line option is {@code --key}), the
 * type of its values, its default, one sentence on what it does, the rule its values keep, and the
 * environment variable that may set it instead. The CLI builds its options from these, the config
 * records check their values with them ({@link #check}), and {@code docs/configuration.md} is
 * rendered from them, so the three cannot drift apart.
 *
 * <pre>{@code
 * Setting<Integer> PARALLELISM =
 *     Setting.of("parallelism", Integer.class)
 *         .label("N")
 *         .defaultValue(1)
 *         .description("Parallelism of each landing and pipeline job.")
 *         .rule(n -> n >= 1, n -> "Parallelism " + n + " must be at least 1")
 *         .build();
 * }</pre>
 *
 * @param <T> the type of its values
 */
public final class Setting<T> {
  private final String key;
  private final Class<T> type;
  private final String label;
  private final Optional<T> defaultValue;
  private final Function<T, String> format;
  private final String description;
  private final Consumer<T> rule;
  private final Optional<String> environmentVariable;
  private final boolean repeatable;

  private Setting(Builder<T> builder) {
    this.key = builder.key;
    this.type = builder.type;
    this.label = builder.label;
    this.defaultValue = builder.defaultValue;
    this.format = builder.format;
    this.description = builder.description;
    this.rule = builder.rule;
    this.environmentVariable = builder.environmentVariable;
    this.repeatable = builder.repeatable;
  }

  /** Starts the declaration of a setting named {@code key} whose values are {@code type}s. */
  public static <T> Builder<T> of(String key, Class<T> type) {
    return new Builder<>(key, type);
  }

  /**
   * A port of {@code component} on which a server listens: 0 picks a free one, anything else must
   * be a TCP port.
   */
  public static Builder<Integer> port(String key, String component) {
    return of(key, Integer.class)
        .label("PORT")
        .rule(
            port -> port >= 0 && port <= 65535,
            port -> "The " + component + " port " + port + " is not in 0..65535");
  }

  /**
   * A duration, labelled {@code DURATION} and written as a user writes it ({@code 500ms}, {@code
   * 10s}, {@code 2min}, {@code 1h}, {@code 5d}).
   */
  public static Builder<Duration> duration(String key) {
    return of(key, Duration.class).label("DURATION").format(Setting::durationText);
  }

  /** A duration in the largest unit that writes it whole: {@code 5d}, {@code 1h}, {@code 500ms}. */
  public static String durationText(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 86_400_000 == 0) {
      return duration.toDays() + "d";
    }
    if (millis != 0 && millis % 3_600_000 == 0) {
      return duration.toHours() + "h";
    }
    if (millis % 60_000 == 0) {
      return duration.toMinutes() + "min";
    }
    if (millis % 1_000 == 0) {
      return duration.toSeconds() + "s";
    }
    return millis + "ms";
  }

  /** The key, such as {@code checkpoint-interval}. */
  public String key() {
    return key;
  }

  /** The command-line option that sets it: {@code --} and its key. */
  public String option() {
    return "--" + key;
  }

  public Class<T> type() {
    return type;
  }

  /** What a value is called in help and docs: {@code PORT}, {@code DURATION}, {@code DIR}. */
  public String label() {
    return label;
  }

  public Optional<T> defaultValue() {
    return defaultValue;
  }

  /** The default as a user writes it ({@code 10s}), or empty when there is none. */
  public Optional<String> defaultText() {
    return defaultValue.map(format);
  }

  /** One sentence on what it does. */
  public String description() {
    return description;
  }

  /** The environment variable that sets it when the option is not given. */
  public Optional<String> environmentVariable() {
    return environmentVariable;
  }

  /** Whether it may be given more than once, each time adding a value. */
  public boolean repeatable() {
    return repeatable;
  }

  /** Whether it is a switch that takes no value. */
  public boolean isFlag() {
    return type == Boolean.class;
  }

  /**
   * Returns {@code value} when it keeps the setting's rule.
   *
   * @throws InvalidValueException saying what is wrong, when it does not
   */
  public T check(T value) {
    requireNonNull(value, key + " is null");
    rule.accept(value);
    return value;
  }

  /** Builds a {@link Setting}; {@link #build()} checks that it has a description. */
  public static final class Builder<T> {
    private final String key;
    private final Class<T> type;
    private String label = "VALUE";
    private Optional<T> defaultValue = Optional.empty();
    private Function<T, String> format = String::valueOf;
    private String description;
    private Consumer<T> rule = value -> {};
    private Optional<String> environmentVariable = Optional.empty();
    private boolean repeatable;

    private Builder(String key, Class<T> type) {
      this.key = requireNonNull(key, "key is null");
      this.type = requireNonNull(type, "type is null");
    }

    public Builder<T> label(String label) {
      this.label = requireNonNull(label, "label is null");
      return this;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = Optional.of(value);
      return this;
    }

    /** How a value is written down, for the default in help and docs; {@code toString} if unset. */
    public Builder<T> format(Function<T, String> format) {
      this.format = requireNonNull(format, "format is null");
      return this;
    }

    public Builder<T> description(String description) {
      this.description = requireNonNull(description, "description is null");
      return this;
    }

    /** The rule every value keeps, and the message for one that does not. */
    public Builder<T> rule(java.util.function.Predicate<T> valid, Function<T, String> whenBroken) {
      requireNonNull(valid, "valid is null");
      requireNonNull(whenBroken, "whenBroken is null");
      Consumer<T> previous = rule;
      this.rule =
          value -> {
            previous.accept(value);
            if (!valid.test(value)) {
              throw new InvalidValueException(whenBroken.apply(value));
            }
          };
      return this;
    }

    public Builder<T> environmentVariable(String name) {
      this.environmentVariable = Optional.of(name);
      return this;
    }

    public Builder<T> repeatable() {
      this.repeatable = true;
      return this;
    }

    public Setting<T> build() {
      if (description == null || description.isBlank()) {
        throw new IllegalStateException("Setting " + key + " has no description");
      }
      defaultValue.ifPresent(value -> rule.accept(value));
      return new Setting<>(this);
    }
  }
}
