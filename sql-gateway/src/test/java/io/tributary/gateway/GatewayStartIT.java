package io.tributary.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What an operator sees when the gateway cannot start. */
class GatewayStartIT {
  @Test
  void aPortInUseIsReportedAsSuch() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  EmbeddedSqlGateway.start(
                      new GatewayConfig(
                          "127.0.0.1", port, URI.create("http://127.0.0.1:1"), 1, Optional.empty()),
                      new SessionSetup(List.of())))
          .isInstanceOf(GatewayStartException.class)
          .hasMessage(
              "Cannot start the SQL gateway: 127.0.0.1:"
                  + port
                  + " is in use by another process (another SQL gateway?); choose another port");
    }
  }
}
