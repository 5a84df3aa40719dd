package io.tributary.infra.cli;

import io.tributary.catalog.lineage.Lineage;
import io.tributary.infra.local.PlatformOptions;
import io.tributary.stream.config.Setting;
import io.tributary.stream.maintenance.policy.MaintenanceOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.MemorySize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line options of declared {@link Setting}s: each setting's key, label, default and
 * description become one picocli option, so that a command's help and the docs say the same, and
 * its values are read back by setting.
 */
final class SettingOptions {
  private SettingOptions() {}

  /** Adds an option for each of {@code settings} to {@code command}. */
  static void add(CommandSpec command, List<Setting<?>> settings) {
    for (Setting<?> setting : settings) {
      command.addOption(option(setting));
    }
  }

  private static OptionSpec option(Setting<?> setting) {
    OptionSpec.Builder option =
        OptionSpec.builder(setting.option())
            .description(
                setting.description()
                    + (setting.defaultText().isPresent() ? " (default: ${DEFAULT-VALUE})" : ""));
    if (setting.isFlag()) {
      return option.type(boolean.class).arity("0").build();
    }
    option.paramLabel(setting.label());
    setting.defaultText().ifPresent(option::defaultValue);
    if (setting.repeatable()) {
      return option.type(List.class).auxiliaryTypes(setting.type()).build();
    }
    option.type(setting.type());
    if (setting.type() == Duration.class) {
      option.converters(new DurationConverter());
    } else if (setting.type() == MemorySize.class) {
      option.converters(SettingOptions::size);
    } else if (setting == PlatformOptions.LINEAGE_URL) {
      option.converters(new LineageUrlConverter());
    }
    return option.build();
  }

  /** A size as maintenance's settings read it: 64MB, 128MB, 1GB. */
  private static MemorySize size(String value) {
    try {
      return MaintenanceOptions.parseSize(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a size; write it like 64MB, 128MB or 1GB");
    }
  }

  /** The value the command line gave {@code setting}, or its default. */
  static <T> T value(CommandSpec command, Setting<T> setting) {
    return optional(command, setting)
        .orElseThrow(() -> new IllegalStateException(setting.option() + " has no value"));
  }

  /** The value the command line gave {@code setting}, or its default, if it has one. */
  static <T> Optional<T> optional(CommandSpec command, Setting<T> setting) {
    OptionSpec option = command.findOption(setting.option());
    if (option == null) {
      throw new IllegalStateException("Command " + command.name() + " has no " + setting.option());
    }
    return Optional.ofNullable(setting.type().cast(option.getValue()));
  }

  /** The values of a repeatable {@code setting}, in the order given. */
  static <T> List<T> values(CommandSpec command, Setting<T> setting) {
    List<?> given = command.findOption(setting.option()).getValue();
    return given == null ? List.of() : given.stream().map(setting.type()::cast).toList();
  }

  /** Whether the switch {@code setting} was given. */
  static boolean flag(CommandSpec command, Setting<Boolean> setting) {
    Boolean given = command.findOption(setting.option()).getValue();
    return given != null && given;
  }

  /** An OpenLineage URL, checked as {@link Lineage#parseUrl} checks it. */
  static final class LineageUrlConverter implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        return Lineage.parseUrl(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
