package io.tributary.infra.local;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.Optional;

/**
 * A test's JVM of its own that says it is up by printing one line starting with a prefix: {@link
 * #awaitReady} reads its output up to that line, then keeps reading the rest in the background, so
 * that a full pipe never stalls it.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * What follows {@code prefix} on the first line of {@code process}'s output that starts with it;
   * empty when the process ends or {@code timeout} passes first.
   */
  public static Optional<String> awaitReady(Process process, String prefix, Duration timeout)
      throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    long deadline = System.nanoTime() + timeout.toNanos();
    String line;
    while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
      if (line.startsWith(prefix)) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (IOException e) {
                    // the process is gone
                  }
                },
                "child-jvm-output-" + process.pid());
        drain.setDaemon(true);
        drain.start();
        return Optional.of(line.substring(prefix.length()));
      }
    }
    return Optional.empty();
  }
}
