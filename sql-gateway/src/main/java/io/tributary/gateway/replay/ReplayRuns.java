package io.tributary.gateway.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The run history of replays: one JSON object per finished run, oldest first. */
public final class ReplayRuns {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;
  private final List<ReplayRun> runs = new ArrayList<>();

  public ReplayRuns(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            runs.add(JSON.readValue(line, ReplayRun.class));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the replay runs in " + file, e);
      }
    }
  }

  public synchronized List<ReplayRun> all() {
    return List.copyOf(runs);
  }

  public synchronized long nextId() {
    return runs.isEmpty() ? 1 : runs.get(runs.size() - 1).id() + 1;
  }

  public synchronized void add(ReplayRun run) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(run) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record replay run " + run.id() + " in " + file, e);
    }
    runs.add(run);
  }
}
