package io.tributary.infra.local;

import io.tributary.stream.config.Setting;

/**
 * {@code docs/configuration.md}, rendered from the declarations themselves ({@link
 * PlatformOptions#UP} and {@link PlatformOptions#ENVIRONMENT}), so the page says exactly what the
 * code does; a test fails when the committed page differs from this rendering.
 */
public final class ConfigurationPage {
  private ConfigurationPage() {}

  public static String render() {
    StringBuilder page = new StringBuilder();
    page.append("# Configuration\n\n")
        .append(
            "<!-- Rendered from PlatformOptions, JobOptions, GatewayOptions and MaintenanceOptions; do"
                + " not edit by hand."
                + " ConfigurationPageTest fails when this page and the code differ; rewrite it with"
                + " `mvn -B -pl infra -am test -Dtest=ConfigurationPageTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dtributary.docs.update=true`. -->\n\n")
        .append(
            "`bin/tributary up` starts the platform with these options; every other command takes"
                + " `--data-dir` to find the platform it talks to. An option given on the command"
                + " line wins; then a value of the profile (`--profile FILE`: a YAML mapping of"
                + " these options by their names, such as `catalog: glue`, relative paths from the"
                + " profile's directory); without either, the default applies. The catalog"
                + " database's credentials are read from the"
                + " environment only, so that they stay out of command lines and process lists.\n\n")
        .append("## Options of `up`\n\n")
        .append("| option | value | default | what it does |\n")
        .append("| --- | --- | --- | --- |\n");
    for (Setting<?> setting : PlatformOptions.UP) {
      page.append("| `")
          .append(setting.option())
          .append("` | ")
          .append(value(setting))
          .append(" | ")
          .append(
              setting.defaultText().map(d -> "`" + d + "`").orElse(setting.isFlag() ? "off" : ""))
          .append(" | ")
          .append(cell(setting.description()))
          .append(" |\n");
    }
    page.append("\n## Environment variables\n\n")
        .append("| variable | read by | what it is |\n")
        .append("| --- | --- | --- |\n");
    for (PlatformOptions.EnvironmentVariable variable : PlatformOptions.ENVIRONMENT) {
      page.append("| `")
          .append(variable.name())
          .append("` | ")
          .append(cell(variable.readBy()))
          .append(" | ")
          .append(cell(variable.description()))
          .append(" |\n");
    }
    return page.toString();
  }

  private static String value(Setting<?> setting) {
    if (setting.isFlag()) {
      return "";
    }
    return "`" + setting.label() + "`" + (setting.repeatable() ? ", repeatable" : "");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("$", "\\$");
  }
}
