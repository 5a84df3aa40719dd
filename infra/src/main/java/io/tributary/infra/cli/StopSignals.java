package io.tributary.infra.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Turns SIGINT, SIGTERM and SIGHUP into a stop request that {@code up} handles on its own thread,
 * instead of letting the JVM begin its shutdown.
 *
 * <p>Why not a shutdown hook: the JVM runs all hooks at once, and Iceberg registers one that
 * terminates its shared worker pool. A job stopping with a savepoint commits to Iceberg through
 * that pool, so under a hook the final commit fails and the job stops as FAILED. Handling the
 * signal ourselves keeps every library alive until the jobs have stopped. A second signal while
 * stopping exits at once; the jobs then resume from their last checkpoint, still without loss.
 */
final class StopSignals {
  private static final String[] SIGNALS = {"INT", "TERM", "HUP"};

  private StopSignals() {}

  /** Installs the handlers; the returned latch opens on the first signal. */
  static CountDownLatch install(PrintWriter out) {
    CountDownLatch stopRequested = new CountDownLatch(1);
    AtomicInteger received = new AtomicInteger();
    for (String name : SIGNALS) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (received.incrementAndGet() == 1) {
              stopRequested.countDown();
            } else {
              out.println("tributary: second signal, exiting without waiting for savepoints");
              out.flush();
              Runtime.getRuntime().halt(128 + signal.getNumber());
            }
          });
    }
    return stopRequested;
  }
}
