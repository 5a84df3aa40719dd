package io.tributary.catalog.rest;

import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts, for one test class, Tributary's REST catalog server on a free port over a fresh catalog
 * store (a local JDBC catalog unless {@link #store} says otherwise), and points Iceberg's REST
 * Compatibility Kit at it: the kit reads the catalog URI from the system property {@code uri}, and
 * {@code rck.local=false} (junit-platform.properties) keeps it from starting Iceberg's own test
 * server.
 */
public class RckServer implements BeforeAllCallback, AfterAllCallback {
  private LakeCatalog lake;
  private RestCatalogServer server;

  /** The store behind the server: SQLite and a warehouse under {@code dataDir}. */
  protected LakeCatalogConfig store(Path dataDir) throws Exception {
    return LakeCatalogConfig.local(dataDir);
  }

  /** Called once the server and its store are closed. */
  protected void stopped() throws Exception {}

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path dataDir = Files.createTempDirectory("tributary-rck-");
    lake = LakeCatalog.open(store(dataDir));
    server = RestCatalogServer.start(lake.iceberg(), "127.0.0.1", 0);
    System.setProperty("uri", server.uri() + "/");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    server.close();
    lake.close();
    stopped();
  }
}
