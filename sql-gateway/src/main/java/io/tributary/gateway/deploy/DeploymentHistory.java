package io.tributary.gateway.deploy;

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

/** Every deployment, one JSON object per line in a file under the data directory, oldest first. */
public final class DeploymentHistory {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path file;

  public DeploymentHistory(Path file) {
    this.file = file;
  }

  public synchronized List<Deployment> all() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Deployment> deployments = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          deployments.add(JSON.readValue(line, Deployment.class));
        }
      }
      return deployments;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the deployment history " + file, e);
    }
  }

  /** The id the next deployment gets. */
  public synchronized long nextId() {
    List<Deployment> all = all();
    return all.isEmpty() ? 1 : all.get(all.size() - 1).id() + 1;
  }

  public synchronized void append(Deployment deployment) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          JSON.writeValueAsString(deployment) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot record deployment " + deployment.id() + " in " + file, e);
    }
  }
}
