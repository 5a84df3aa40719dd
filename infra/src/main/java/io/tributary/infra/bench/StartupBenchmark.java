package io.tributary.infra.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.tributary.infra.local.RuntimeInfo;
import io.tributary.stream.flink.FlinkRest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench startup}: {@code up --demo} as a user starts it (the runnable jar in a JVM of its
 * own, with {@code bin/tributary}'s heap), from a fresh data dir and again from the one it left:
 * the time from the process's start to its {@code ready} line, and to every job it runs being
 * RUNNING on its Flink cluster; then its resident memory after it has run the demo a while. All
 * ports are free ones, so a running {@code up} is untouched.
 */
public final class StartupBenchmark {
  /** What to measure with. */
  public record Settings(Duration residentAfter, Path home, Path workDir) {
    public Settings {
      requireNonNull(residentAfter, "residentAfter is null");
      requireNonNull(home, "home is null");
      requireNonNull(workDir, "workDir is null");
      home = home.toAbsolutePath();
    }
  }

  /** One start: seconds to ready, to every job RUNNING, and how many jobs. */
  public record Start(double ready, double running, int jobs) {}

  /** Both starts, and the platform's resident memory after the wait, in MiB. */
  public record Result(Start fresh, Start existing, long residentMiB) {}

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Settings settings;
  private final PrintWriter out;

  public StartupBenchmark(Settings settings, PrintWriter out) {
    this.settings = requireNonNull(settings, "settings is null");
    this.out = requireNonNull(out, "out is null");
  }

  public Result run() throws Exception {
    Path jar = settings.home().resolve("infra/target/tributary.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing; build it with: mvn -B package -DskipTests -pl infra -am");
    }
    out.printf(
        Locale.ROOT,
        "%s; up --demo from %s, resident memory after %d s%n",
        BenchStack.machine(),
        jar,
        settings.residentAfter().toSeconds());
    Path dataDir = settings.workDir().resolve("data");
    Start fresh;
    long resident;
    Process first = start(jar, dataDir);
    try {
      fresh = awaitStarted(first, dataDir, "fresh data dir");
      TimeUnit.MILLISECONDS.sleep(settings.residentAfter().toMillis());
      resident = residentMiB(first.pid());
      out.printf(
          Locale.ROOT,
          "         after %d s of the demo: resident memory %,d MiB (the JVM; its local DynamoDB"
              + " and servers are processes of their own)%n",
          settings.residentAfter().toSeconds(),
          resident);
    } finally {
      stop(first);
    }
    Start existing;
    Process second = start(jar, dataDir);
    try {
      existing = awaitStarted(second, dataDir, "existing data dir");
    } finally {
      stop(second);
    }
    out.printf(
        Locale.ROOT,
        "startup: fresh data dir ready %.1f s, every job RUNNING %.1f s | existing data dir ready"
            + " %.1f s, every job RUNNING %.1f s | resident %,d MiB (targets: ready <= 15 s, RSS"
            + " <= 1,536 MiB)%n",
        fresh.ready(),
        fresh.running(),
        existing.ready(),
        existing.running(),
        resident);
    return new Result(fresh, existing, resident);
  }

  private Process start(Path jar, Path dataDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx2g");
    command.add("-XX:+UseParallelGC");
    command.add("-Dtributary.home=" + settings.home());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(
        List.of(
            "up",
            "--demo",
            "--data-dir",
            dataDir.toString(),
            "--kafka-port",
            "0",
            "--flink-port",
            "0",
            "--catalog-port",
            "0",
            "--gateway-port",
            "0",
            "--api-port",
            "0",
            "--dynamodb-port",
            "0",
            "--serving-port",
            "0"));
    Files.createDirectories(settings.workDir());
    return new ProcessBuilder(command)
        .directory(settings.home().toFile())
        .redirectErrorStream(true)
        .start();
  }

  /** Reads the process's lines until {@code ready}, then waits for every job to run. */
  private Start awaitStarted(Process process, Path dataDir, String what) throws Exception {
    long started = process.info().startInstant().map(i -> i.toEpochMilli()).orElseThrow();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
    CompletableFuture<Long> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (line.startsWith("tributary ready")) {
                    long at = System.currentTimeMillis();
                    // keep draining, so the platform never blocks on a full pipe
                    Thread drain = new Thread(() -> drain(lines), "startup-drain");
                    drain.setDaemon(true);
                    drain.start();
                    return at;
                  }
                }
                throw new IllegalStateException("up exited before it was ready");
              } catch (IOException e) {
                throw new IllegalStateException("Cannot read up's output", e);
              }
            });
    long readyAt = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    RuntimeInfo runtime = RuntimeInfo.running(dataDir);
    int jobs = runtime.jobs().size();
    FlinkRest flink = new FlinkRest(runtime.flink());
    long deadline = System.currentTimeMillis() + START_TIMEOUT.toMillis();
    long runningAt;
    while (true) {
      long running = flink.jobs().stream().filter(job -> job.state().equals("RUNNING")).count();
      if (running >= jobs) {
        runningAt = System.currentTimeMillis();
        break;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "Only " + running + " of " + jobs + " jobs were RUNNING after " + START_TIMEOUT);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    Start start = new Start((readyAt - started) / 1000.0, (runningAt - started) / 1000.0, jobs);
    out.printf(
        Locale.ROOT,
        "%-18s ready %.1f s, all %d jobs RUNNING %.1f s (from the process's start)%n",
        what,
        start.ready(),
        jobs,
        start.running());
    return start;
  }

  private static void drain(BufferedReader lines) {
    try {
      while (lines.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  /** SIGTERM, as Ctrl-C: jobs take savepoints, then the servers stop. */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** VmRSS of {@code pid} from /proc, in MiB (Linux). */
  private static long residentMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    throw new IllegalStateException("No VmRSS for process " + pid);
  }
}
