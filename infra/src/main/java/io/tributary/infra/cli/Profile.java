package io.tributary.infra.cli;

import io.tributary.infra.local.PlatformOptions;
import io.tributary.stream.config.Setting;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.declaration.YamlFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code up --profile FILE}: one YAML file that names where the platform runs, as the options of
 * {@code up} do, by the same keys, so that a laptop and a shared environment differ by one file:
 *
 * <pre>{@code
 * catalog: glue
 * warehouse: s3://my-lake/warehouse
 * aws-region: eu-west-1
 * state-dir: s3://my-lake/flink
 * dynamodb: aws://
 * sources: [sources]        # relative paths are the profile's directory's
 * }</pre>
 *
 * <p>The profile's values come first and the command line's after them, so an option given on the
 * command line wins. An unknown key, or a value of the wrong shape, names the file, its line and
 * the key.
 */
final class Profile {
  static final String OPTION = PlatformOptions.PROFILE.option();

  private Profile() {}

  /** {@code args} with a profile's values in front of the command line's, when it names one. */
  static String[] expand(String[] args) {
    int command = commandLength(args);
    if (command == 0) {
      return args;
    }
    Optional<Path> file = Optional.empty();
    List<String> rest = new ArrayList<>();
    for (int i = command; i < args.length; i++) {
      if (args[i].equals(OPTION) && i + 1 < args.length) {
        file = Optional.of(Path.of(args[++i]));
      } else if (args[i].startsWith(OPTION + "=")) {
        file = Optional.of(Path.of(args[i].substring(OPTION.length() + 1)));
      } else {
        rest.add(args[i]);
      }
    }
    if (file.isEmpty()) {
      return args;
    }
    List<String> expanded = new ArrayList<>(List.of(args).subList(0, command));
    expanded.addAll(options(file.get()));
    expanded.addAll(rest);
    return expanded.toArray(String[]::new);
  }

  /** How many words name a command that takes a profile ({@code up}, {@code k8s render}), or 0. */
  private static int commandLength(String[] args) {
    if (args.length >= 1 && args[0].equals("up")) {
      return 1;
    }
    if (args.length >= 2 && args[0].equals("k8s") && args[1].equals("render")) {
      return 2;
    }
    return 0;
  }

  /** The options a profile sets, as command-line arguments. */
  static List<String> options(Path file) {
    Path base = file.toAbsolutePath().getParent();
    List<Setting<?>> settings =
        PlatformOptions.UP.stream().filter(s -> s != PlatformOptions.PROFILE).toList();
    Set<String> keys = new LinkedHashSet<>();
    settings.forEach(setting -> keys.add(setting.key()));
    return YamlDeclaration.read(file)
        .map(
            "a profile sets options of up by their names, such as catalog: glue",
            fields -> {
              fields.onlyKnown(keys);
              List<String> arguments = new ArrayList<>();
              for (Setting<?> setting : settings) {
                add(arguments, fields, setting, base);
              }
              return arguments;
            });
  }

  private static void add(
      List<String> arguments, YamlFields fields, Setting<?> setting, Path base) {
    if (!fields.has(setting.key())) {
      return;
    }
    if (setting.isFlag()) {
      if (fields.bool(setting.key(), false)) {
        arguments.add(setting.option());
      }
      return;
    }
    List<String> values =
        setting.repeatable()
            ? fields.texts(setting.key())
            : fields.optionalText(setting.key()).map(List::of).orElse(List.of());
    for (String value : values) {
      arguments.add(setting.option());
      arguments.add(setting.type() == Path.class ? base.resolve(value).toString() : value);
    }
  }
}
