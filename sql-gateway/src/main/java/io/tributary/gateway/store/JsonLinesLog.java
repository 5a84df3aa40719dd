package io.tributary.gateway.store;

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
import java.util.function.ToLongFunction;

/**
 * An append-only history kept as one JSON object per line in a file under the data directory
 * (deployments, replay runs): read once when opened, then kept in memory and appended to.
 *
 * @param <T> the record type of an entry
 */
public final class JsonLinesLog<T> {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;
  private final ToLongFunction<T> id;
  private final List<T> entries = new ArrayList<>();

  /**
   * @param id the sequential id of an entry, from 1
   */
  public JsonLinesLog(Path file, Class<T> type, ToLongFunction<T> id) {
    this.file = file;
    this.id = id;
    if (Files.exists(file)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            entries.add(JSON.readValue(line, type));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + file, e);
      }
    }
  }

  /** Every entry, oldest first. */
  public synchronized List<T> all() {
    return List.copyOf(entries);
  }

  /** The id the next entry gets. */
  public synchronized long nextId() {
    return entries.isEmpty() ? 1 : id.applyAsLong(entries.get(entries.size() - 1)) + 1;
  }

  public synchronized void append(T entry) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(entry) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot append entry " + id.applyAsLong(entry) + " to " + file, e);
    }
    entries.add(entry);
  }
}
