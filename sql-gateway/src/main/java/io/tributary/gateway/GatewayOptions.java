package io.tributary.gateway;

import io.tributary.stream.config.Setting;
import java.nio.file.Path;

/**
 * The settings of the SQL gateway, declared once: read by {@code up}'s options, checked by {@link
 * GatewayConfig}, listed in {@code docs/configuration.md}.
 */
public final class GatewayOptions {
  /** The port of Flink's own SQL Gateway, so Flink's clients find it where they expect it. */
  public static final Setting<Integer> PORT =
      Setting.port("gateway-port", "gateway")
          .defaultValue(8083)
          .description(
              "Port of the SQL gateway (Flink's SQL Gateway REST API) on the gateway host; 0 picks"
                  + " a free one.")
          .build();

  public static final Setting<String> HOST =
      Setting.of("gateway-host", String.class)
          .label("ADDRESS")
          .defaultValue("127.0.0.1")
          .description(
              "Address the SQL gateway binds to; any other than a loopback address needs"
                  + " --gateway-tokens.")
          .build();

  public static final Setting<Path> TOKENS =
      Setting.of("gateway-tokens", Path.class)
          .label("FILE")
          .description(
              "YAML file of the gateway's users: name, role (admin, developer, reader) and"
                  + " token_sha256, the SHA-256 of their bearer token. Without it, auth is off"
                  + " (allowed on 127.0.0.1 only).")
          .build();

  private GatewayOptions() {}
}
