package io.tributary.feature.testkit;

import io.tributary.feature.dynamodb.LocalDynamoDb;
import io.tributary.feature.dynamodb.OnlineStore;
import io.tributary.feature.dynamodb.OnlineStoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local DynamoDB (dynalite) per test class, on a free port of 127.0.0.1 with a data dir of its
 * own: {@code @RegisterExtension static final DynamoServer DYNAMO = new DynamoServer();}.
 */
public final class DynamoServer implements BeforeAllCallback, AfterAllCallback {
  private static final Path SCRIPT = Path.of("infra", "local", "dynalite", "dynalite.sh");

  private Path dataDir;
  private LocalDynamoDb server;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("dynalite");
    start();
  }

  /** Starts it (again) on the same data dir, on a new free port. */
  public void start() {
    server =
        LocalDynamoDb.start(
            checkout().resolve(SCRIPT),
            dataDir.resolve("data"),
            "127.0.0.1",
            0,
            dataDir.resolve("dynalite.log"));
  }

  /** Stops it; {@link #start} brings it back with its items. */
  public void stop() {
    server.close();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  public URI endpoint() {
    return server.endpoint();
  }

  public OnlineStoreConfig config() {
    return OnlineStoreConfig.local(endpoint());
  }

  /** A client of a store whose table exists. */
  public OnlineStore store() {
    OnlineStore store = OnlineStore.connect(config());
    store.ensureTable();
    return store;
  }

  /** The checkout's root: the nearest directory up from here with the launcher. */
  public static Path checkout() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(SCRIPT))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("No " + SCRIPT + " above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
