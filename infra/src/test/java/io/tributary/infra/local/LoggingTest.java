package io.tributary.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Everything the platform runs logs through SLF4J into log4j2 (the servers' Javalin and Jetty too),
 * so the classpath holds exactly one SLF4J provider: a second one would make SLF4J pick either.
 */
class LoggingTest {
  @Test
  void log4jIsTheOneSlf4jProvider() {
    assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream())
        .extracting(provider -> provider.type().getName())
        .containsExactly("org.apache.logging.slf4j.SLF4JServiceProvider");
  }
}
