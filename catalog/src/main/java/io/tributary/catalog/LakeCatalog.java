package io.tributary.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.InvalidValueException;
import io.tributary.catalog.error.TributaryException;
import io.tributary.catalog.internal.LakeFlinkCatalogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.util.PropertyUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake: an open Iceberg catalog with the medallion namespaces, plus what Flink needs to reach
 * the same catalog from its operators (a {@link CatalogLoader}) and from SQL (a registered {@code
 * lake} catalog).
 */
public final class LakeCatalog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakeCatalog.class);

  private final LakeCatalogConfig config;
  private final Catalog catalog;

  private LakeCatalog(LakeCatalogConfig config, Catalog catalog) {
    this.config = requireNonNull(config, "config is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Opens the catalog described by {@code config}, creating a local database directory. */
  public static LakeCatalog open(LakeCatalogConfig config) {
    requireNonNull(config, "config is null");
    try {
      Class.forName(config.backend().catalogImpl(), false, LakeCatalog.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "Cannot open catalog "
              + config.name()
              + ": the "
              + config.backend().configName()
              + " backend needs "
              + config.backend().catalogImpl()
              + " on the classpath",
          e);
    }
    prepareLocalStorage(config);
    checkDatabase(config);
    Catalog catalog;
    try {
      catalog = loader(config).loadCatalog();
    } catch (RuntimeException e) {
      if (config.backend() != CatalogBackend.JDBC) {
        throw e;
      }
      throw new CatalogUnavailableException(
          "Cannot open the catalog database " + config.uri() + ": " + rootMessage(e), e);
    }
    return new LakeCatalog(config, catalog);
  }

  public LakeCatalogConfig config() {
    return config;
  }

  /** The underlying Iceberg catalog. */
  public Catalog iceberg() {
    return catalog;
  }

  /** Creates the {@code bronze}, {@code silver} and {@code gold} namespaces if missing. */
  public LakeCatalog ensureLayers() {
    SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
    for (Layer layer : Layer.values()) {
      if (!namespaces.namespaceExists(layer.namespace())) {
        try {
          namespaces.createNamespace(layer.namespace());
          LOG.info("Created namespace {}.{}", config.name(), layer.namespaceName());
        } catch (AlreadyExistsException raced) {
          // another process created it between the check and the create
        }
      }
    }
    return this;
  }

  /**
   * Returns the table, creating it with the given schema, partitioning and properties when it does
   * not exist. An existing table is returned as it is.
   */
  public Table createTableIfMissing(
      TableIdentifier id, Schema schema, PartitionSpec spec, Map<String, String> properties) {
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    if (config.backend() == CatalogBackend.GLUE) {
      List<String> unreadable = AthenaTypes.unreadable(schema);
      if (!unreadable.isEmpty()) {
        throw new InvalidValueException(
            "Cannot create "
                + config.name()
                + "."
                + id
                + " in Glue: Athena cannot read "
                + String.join("; ", unreadable));
      }
    }
    try {
      Table table = catalog.createTable(id, schema, spec, properties);
      LOG.info("Created table {}.{}", config.name(), id);
      return table;
    } catch (AlreadyExistsException raced) {
      return catalog.loadTable(id);
    }
  }

  public Table loadTable(TableIdentifier id) {
    return catalog.loadTable(id);
  }

  /**
   * The table a person named: {@code lake.bronze.orders} or {@code bronze.orders}.
   *
   * @throws IllegalArgumentException naming what exists when the name, its namespace or the table
   *     is wrong
   */
  public Table findTable(String name) {
    String[] parts = name.trim().split("\\.");
    if (parts.length == 3 && parts[0].equals(config.name())) {
      parts = new String[] {parts[1], parts[2]};
    }
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new TributaryException(
          ErrorCode.INVALID_REQUEST,
          "'"
              + name
              + "' is not a table name; write it as "
              + config.name()
              + ".<namespace>.<table>");
    }
    Namespace namespace = Namespace.of(parts[0]);
    SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
    if (!namespaces.namespaceExists(namespace)) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "Namespace '"
              + parts[0]
              + "' does not exist in "
              + config.name()
              + "; namespaces: "
              + namespaces.listNamespaces().stream().map(Namespace::toString).sorted().toList());
    }
    TableIdentifier id = TableIdentifier.of(namespace, parts[1]);
    if (!catalog.tableExists(id)) {
      throw new TributaryException(
          ErrorCode.NOT_FOUND,
          "Table "
              + config.name()
              + "."
              + id
              + " does not exist; tables in "
              + parts[0]
              + ": "
              + catalog.listTables(namespace).stream()
                  .map(TableIdentifier::name)
                  .sorted()
                  .toList());
    }
    return catalog.loadTable(id);
  }

  /** A serializable loader that Flink operators use to open this catalog. */
  public CatalogLoader catalogLoader() {
    return loader(config);
  }

  /** A serializable loader of one table, for Flink sinks and sources. */
  public TableLoader tableLoader(TableIdentifier id) {
    return TableLoader.fromCatalog(catalogLoader(), id);
  }

  /**
   * Registers this catalog in a Flink table environment under its name ({@code lake}), with no need
   * of Hadoop on the Flink cluster's own classpath ({@link LakeFlinkCatalogs}).
   */
  public static void registerIn(TableEnvironment tableEnv, LakeCatalogConfig config) {
    tableEnv.registerCatalog(
        config.name(), LakeFlinkCatalogs.create(config.name(), config.icebergProperties()));
  }

  /**
   * Closes what {@link #registerIn} opened in {@code tableEnv}, once its statements are planned: a
   * table environment is never closed, and the catalog's FileIO holds clients (Iceberg warns with a
   * stack trace when one is collected unclosed).
   */
  public static void releaseIn(TableEnvironment tableEnv, LakeCatalogConfig config) {
    tableEnv.getCatalog(config.name()).ifPresent(org.apache.flink.table.catalog.Catalog::close);
  }

  private static CatalogLoader loader(LakeCatalogConfig config) {
    return CatalogLoader.custom(
        config.name(),
        config.icebergProperties(),
        new org.apache.hadoop.conf.Configuration(),
        config.backend().catalogImpl());
  }

  /**
   * Connects once to a catalog database of its own, through its own driver: Iceberg connects
   * through DriverManager, which reports the first driver's complaint (another driver on the
   * classpath that refuses the URL) rather than why the database's own driver could not connect.
   */
  private static void checkDatabase(LakeCatalogConfig config) {
    String uri = config.uri();
    if (config.backend() != CatalogBackend.JDBC || uri.startsWith("jdbc:sqlite:")) {
      return;
    }
    Properties properties = new Properties();
    properties.putAll(
        PropertyUtil.propertiesWithPrefix(config.properties(), JdbcCatalog.PROPERTY_PREFIX));
    try (Connection connection = DriverManager.getDriver(uri).connect(uri, properties)) {
      if (connection == null) {
        throw new SQLException("no driver on the classpath takes this URL");
      }
    } catch (SQLException e) {
      // the driver's own words ("Connection to host:port refused. Check that ..."), not the cause's
      throw new CatalogUnavailableException(
          "Cannot open the catalog database " + uri + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private static void prepareLocalStorage(LakeCatalogConfig config) {
    String uri = config.properties().getOrDefault("uri", "");
    if (uri.startsWith("jdbc:sqlite:")) {
      Path db = Path.of(uri.substring("jdbc:sqlite:".length()));
      try {
        Files.createDirectories(db.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create catalog directory for " + db, e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (catalog instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (
          Exception e) { // AutoCloseable.close declares Exception; IOException is ours to throw
        throw new IOException("Cannot close catalog " + config.name(), e);
      }
    }
  }

  @Override
  public String toString() {
    return "LakeCatalog{" + config.name() + ", " + config.backend() + "}";
  }
}
