package io.tributary.gateway.auth.internal;

import io.tributary.gateway.auth.TokenFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.io.network.netty.InboundChannelHandlerFactory;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandler;

/**
 * Puts a {@link BearerAuthHandler} in front of a Flink REST endpoint whose configuration names a
 * token file: Flink's own hook for extra handlers in its REST servers (found through {@code
 * META-INF/services}). Endpoints without the option, such as the Flink cluster's own REST API in
 * the same JVM, are left as they are.
 *
 * <p>The file is read again for every new connection, so an edit (a new user, a revoked token)
 * takes effect without a restart; while the file is unreadable, every request is refused.
 */
public final class BearerAuthHandlerFactory implements InboundChannelHandlerFactory {
  public static final ConfigOption<String> TOKEN_FILE =
      ConfigOptions.key("tributary.sql-gateway.auth.token-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "YAML file of the gateway's users and the SHA-256 hashes of their bearer tokens;"
                  + " when set, every request needs a token of one of them.");

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Optional<ChannelHandler> createHandler(
      Configuration configuration, Map<String, String> responseHeaders) {
    Optional<String> file = configuration.getOptional(TOKEN_FILE);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          BearerAuthHandler.checking(TokenFile.load(Path.of(file.get())), responseHeaders));
    } catch (RuntimeException e) {
      return Optional.of(
          BearerAuthHandler.refusingAll(
              "The gateway cannot check tokens: " + e.getMessage(), responseHeaders));
    }
  }
}
