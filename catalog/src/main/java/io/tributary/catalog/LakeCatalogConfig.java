package io.tributary.catalog;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.catalog.jdbc.JdbcCatalogConfig;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * How to reach the lake's Iceberg catalog: its name as seen from Flink SQL, the backend, and the
 * backend's Iceberg properties. Serializable so that Flink operators can open the catalog again on
 * a task manager.
 *
 * <p>{@code LakeCatalogConfig.local(dataDir)} is the embedded default: a JDBC catalog on a SQLite
 * file and a warehouse directory, both under the data directory.
 */
public record LakeCatalogConfig(String name, CatalogBackend backend, Map<String, String> properties)
    implements Serializable {

  private static final String REGION = "client.region";
  private static final String GLUE_ENDPOINT = "glue.endpoint";

  /** The catalog name that SQL uses: {@code lake.bronze.orders}. */
  public static final String DEFAULT_NAME = "lake";

  public LakeCatalogConfig {
    requireNonNull(name, "name is null");
    requireNonNull(backend, "backend is null");
    properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    if (backend.needsWarehouse() && !properties.containsKey(CatalogProperties.WAREHOUSE_LOCATION)) {
      throw new InvalidValueException(
          "Cannot configure catalog " + name + ": property 'warehouse' is missing");
    }
    if (backend == CatalogBackend.REST && !properties.containsKey(CatalogProperties.URI)) {
      throw new InvalidValueException(
          "Cannot configure catalog " + name + ": property 'uri' of the REST catalog is missing");
    }
  }

  /** The REST catalog at {@code uri}, such as {@code http://127.0.0.1:8181}. */
  public static LakeCatalogConfig rest(URI uri) {
    return new LakeCatalogConfig(
        DEFAULT_NAME, CatalogBackend.REST, Map.of(CatalogProperties.URI, uri.toString()));
  }

  /** The embedded default: SQLite-backed JDBC catalog and warehouse under {@code dataDir}. */
  public static LakeCatalogConfig local(Path dataDir) {
    return new LakeCatalogConfig(
        DEFAULT_NAME, CatalogBackend.JDBC, JdbcCatalogConfig.sqlite(dataDir).toProperties());
  }

  /**
   * AWS Glue with the tables on S3, as Athena reads them: Iceberg's {@code GlueCatalog} and {@code
   * S3FileIO}, the SDK's default credentials and HTTP client of the JDK.
   *
   * @param warehouse where new tables go, {@code s3://bucket/warehouse}
   * @param region the AWS region
   * @param endpoint a server that speaks Glue's and S3's protocols instead of AWS (a local stand-in
   *     such as moto); S3 is then addressed by path, not by bucket host name
   */
  public static LakeCatalogConfig glue(String warehouse, String region, Optional<URI> endpoint) {
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    if (!warehouse.startsWith("s3://")) {
      throw new InvalidValueException(
          "The glue catalog's warehouse is '" + warehouse + "'; it must be an s3:// location");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse.replaceAll("/+$", ""));
    properties.put(CatalogProperties.FILE_IO_IMPL, "org.apache.iceberg.aws.s3.S3FileIO");
    properties.put(REGION, region);
    properties.put("http-client.type", "urlconnection");
    endpoint.ifPresent(
        uri -> {
          properties.put(GLUE_ENDPOINT, uri.toString());
          properties.put("s3.endpoint", uri.toString());
          properties.put("s3.path-style-access", "true");
        });
    return new LakeCatalogConfig(DEFAULT_NAME, CatalogBackend.GLUE, properties);
  }

  /** Iceberg's JDBC catalog over {@code store}: the local server's own catalog. */
  public static LakeCatalogConfig jdbc(JdbcCatalogConfig store) {
    return new LakeCatalogConfig(DEFAULT_NAME, CatalogBackend.JDBC, store.toProperties());
  }

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>(properties);
    shown.computeIfPresent(JdbcCatalog.PROPERTY_PREFIX + "password", (key, value) -> "***");
    return "LakeCatalogConfig[name="
        + name
        + ", backend="
        + backend
        + ", properties="
        + shown
        + "]";
  }

  /** Iceberg catalog properties, including {@code catalog-impl}. */
  public Map<String, String> icebergProperties() {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put(CatalogProperties.CATALOG_IMPL, backend.catalogImpl());
    return Map.copyOf(all);
  }

  /** Options of a Flink {@code CREATE CATALOG ... WITH (...)} for the Iceberg connector. */
  public Map<String, String> flinkCatalogOptions() {
    Map<String, String> options = new LinkedHashMap<>(icebergProperties());
    options.put("type", "iceberg");
    return Map.copyOf(options);
  }

  /**
   * The warehouse location, a URI such as {@code file:/data/warehouse}; empty for a REST catalog,
   * whose server has its own.
   */
  public Optional<String> warehouse() {
    return Optional.ofNullable(properties.get(CatalogProperties.WAREHOUSE_LOCATION));
  }

  /** The AWS region of a glue catalog. */
  public Optional<String> awsRegion() {
    return Optional.ofNullable(properties.get(REGION));
  }

  /** The server of Glue's and S3's protocols a glue catalog uses instead of AWS, if any. */
  public Optional<URI> awsEndpoint() {
    return Optional.ofNullable(properties.get(GLUE_ENDPOINT)).map(URI::create);
  }

  /** Where the catalog is: its REST or JDBC URI. */
  public String uri() {
    return properties.getOrDefault(CatalogProperties.URI, "");
  }
}
