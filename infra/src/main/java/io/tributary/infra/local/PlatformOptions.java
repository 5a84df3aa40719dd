package io.tributary.infra.local;

import io.tributary.gateway.GatewayOptions;
import io.tributary.stream.config.Setting;
import io.tributary.stream.job.JobOptions;
import io.tributary.stream.maintenance.policy.MaintenanceOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of {@code tributary up}, declared once (those of the jobs, of the SQL gateway and
 * of table maintenance are declared beside their config, in {@link JobOptions}, {@link
 * GatewayOptions} and {@link MaintenanceOptions}), and the environment variables the platform's
 * commands and scripts read. {@code up}'s options are built from {@link #UP}, {@link LocalConfig}
 * checks its values with the same settings, and {@code docs/configuration.md} is rendered from both
 * lists ({@link ConfigurationPage}).
 *
 * <p>Precedence: an option given on the command line wins; without it, the default applies. The
 * catalog database's credentials are read from the environment only, so that they stay out of
 * command lines and process lists.
 */
public final class PlatformOptions {
  /** Where the platform keeps everything, unless {@code --data-dir} says otherwise. */
  public static final String DEFAULT_DATA_DIR = ".tributary";

  /** The sources directory {@code up} reads when none is given and it exists. */
  public static final String DEFAULT_SOURCES_DIR = "sources";

  /** The pipelines directory {@code up} and {@code deploy} read when none is given. */
  public static final String DEFAULT_PIPELINES_DIR = "pipelines";

  /** The features directory {@code up} reads when none is given and it exists. */
  public static final String DEFAULT_FEATURES_DIR = "features";

  /** The address every embedded server binds to. */
  public static final String HOST = "127.0.0.1";

  public static final Setting<Path> DATA_DIR =
      Setting.of("data-dir", Path.class)
          .label("DIR")
          .defaultValue(Path.of(DEFAULT_DATA_DIR))
          .description("Data directory of the platform; every command takes it.")
          .build();

  public static final Setting<Path> SOURCES =
      Setting.of("sources", Path.class)
          .label("DIR")
          .repeatable()
          .description(
              "Directory of source declarations, one YAML file per source; repeatable (default:"
                  + " ./"
                  + DEFAULT_SOURCES_DIR
                  + " when it exists).")
          .build();

  public static final Setting<Path> PIPELINES =
      Setting.of("pipelines", Path.class)
          .label("DIR")
          .repeatable()
          .description(
              "Directory of pipelines, one subdirectory with pipeline.yaml and transform.sql each;"
                  + " repeatable (default: ./"
                  + DEFAULT_PIPELINES_DIR
                  + " when it exists).")
          .build();

  public static final Setting<Path> FEATURES =
      Setting.of("features", Path.class)
          .label("DIR")
          .repeatable()
          .description(
              "Directory of feature groups, one YAML file per group; repeatable (default: ./"
                  + DEFAULT_FEATURES_DIR
                  + " when it exists).")
          .build();

  public static final Setting<URI> DYNAMODB =
      Setting.of("dynamodb", URI.class)
          .label("URL")
          .description(
              "The online store's DynamoDB endpoint, instead of the local DynamoDB-compatible"
                  + " server (dynalite) under the data dir; aws:// for AWS's own, with region and"
                  + " credentials from the SDK's default chains.")
          .build();

  public static final Setting<Integer> DYNAMODB_PORT =
      Setting.port("dynamodb-port", "local DynamoDB")
          .defaultValue(8000)
          .description("Port of the local DynamoDB (dynalite) on 127.0.0.1; 0 picks a free one.")
          .build();

  public static final Setting<Integer> SERVING_PORT =
      Setting.port("serving-port", "serving API")
          .defaultValue(8080)
          .description(
              "Port of the serving API (features over REST, the serving Lambda's handler); 0 picks"
                  + " a free one.")
          .build();

  public static final Setting<Boolean> DEMO =
      Setting.of("demo", Boolean.class)
          .description(
              "Add the example sources (orders, clicks), pipelines (big_orders, daily_revenue) and"
                  + " feature groups (restaurant_activity, user_activity), and a generator"
                  + " producing the sources' events.")
          .build();

  public static final Setting<Integer> DEMO_RATE =
      Setting.of("demo-rate", Integer.class)
          .label("N")
          .defaultValue(5)
          .description("Demo events per second, per source.")
          .rule(
              rate -> rate >= 1 && rate <= 100_000,
              rate -> "Demo rate " + rate + " events/s is outside 1..100000")
          .build();

  public static final Setting<Integer> KAFKA_PORT =
      Setting.port("kafka-port", "kafka")
          .defaultValue(9092)
          .description("Kafka client port on 127.0.0.1; 0 picks a free one.")
          .build();

  public static final Setting<String> KAFKA =
      Setting.of("kafka", String.class)
          .label("HOST:PORT")
          .description(
              "A Kafka of its own (MSK or any cluster), by its bootstrap servers, instead of the"
                  + " embedded broker; --kafka-port then goes unused.")
          .rule(
              servers -> !servers.isBlank() && !servers.contains("://"),
              servers -> "Kafka '" + servers + "' is not host:port[,host:port...]")
          .build();

  public static final Setting<Path> KAFKA_PROPERTIES =
      Setting.of("kafka-properties", Path.class)
          .label("FILE")
          .description(
              "Client properties for --kafka (security.protocol, sasl.mechanism,"
                  + " sasl.jaas.config, ssl.*), a Java properties file every client of the log"
                  + " reads.")
          .build();

  public static final Setting<URI> KINESIS_ENDPOINT =
      Setting.of("kinesis-endpoint", URI.class)
          .label("URL")
          .description(
              "A Kinesis-compatible server (such as kinesis-local on http://127.0.0.1:4567) for"
                  + " every source on Kinesis whose declaration names no endpoint; without it, such"
                  + " sources read AWS's Kinesis in their region.")
          .build();

  public static final Setting<Integer> FLINK_PORT =
      Setting.port("flink-port", "flink")
          .defaultValue(8081)
          .description("Flink REST API and web UI port on 127.0.0.1; 0 picks a free one.")
          .build();

  public static final Setting<Integer> CATALOG_PORT =
      Setting.port("catalog-port", "catalog")
          .defaultValue(8181)
          .description("Iceberg REST catalog port on 127.0.0.1; 0 picks a free one.")
          .build();

  public static final Setting<Integer> API_PORT =
      Setting.port("api-port", "api")
          .defaultValue(8084)
          .description(
              "Port of the platform API (/api/v1: deployments, jobs) on 127.0.0.1; 0 picks a free"
                  + " one.")
          .build();

  public static final Setting<Integer> TASK_SLOTS =
      Setting.of("task-slots", Integer.class)
          .label("N")
          .defaultValue(16)
          .description("Task slots of the embedded Flink task manager.")
          .rule(slots -> slots >= 1, slots -> "Task slots " + slots + " must be at least 1")
          .build();

  public static final Setting<URI> LINEAGE_URL =
      Setting.of("lineage-url", URI.class)
          .label("URL")
          .description(
              "lineage.url: an OpenLineage endpoint (e.g. Marquez at http://localhost:5000) that"
                  + " also receives every job's lineage events; they are kept under the data dir"
                  + " either way.")
          .build();

  public static final Setting<String> CATALOG_DB =
      Setting.of("catalog-db", String.class)
          .label("JDBC_URL")
          .description(
              "A PostgreSQL database for the catalog's store, such as"
                  + " jdbc:postgresql://db-host:5432/lake, instead of the SQLite file under the data"
                  + " dir; user and password from $"
                  + CatalogDatabase.USER_VARIABLE
                  + " and $"
                  + CatalogDatabase.PASSWORD_VARIABLE
                  + ".")
          .build();

  /** The lake's catalogs: the embedded one, or AWS Glue with the tables on S3. */
  public static final List<String> CATALOGS = List.of("local", "glue");

  public static final Setting<String> CATALOG =
      Setting.of("catalog", String.class)
          .label("NAME")
          .defaultValue("local")
          .description(
              "The lake's catalog: local (the embedded store, served over the Iceberg REST"
                  + " catalog) or glue (AWS Glue with the tables on S3, as Athena reads them; needs"
                  + " --warehouse; credentials from the AWS SDK's default chain).")
          .rule(
              CATALOGS::contains,
              name -> "Catalog '" + name + "' is not one of " + String.join(", ", CATALOGS))
          .build();

  public static final Setting<String> WAREHOUSE =
      Setting.of("warehouse", String.class)
          .label("S3_URL")
          .description("Where the glue catalog's tables go, such as s3://my-lake/warehouse.")
          .rule(
              url -> url.startsWith("s3://"),
              url -> "Warehouse '" + url + "' is not an s3:// location")
          .build();

  public static final Setting<String> AWS_REGION =
      Setting.of("aws-region", String.class)
          .label("REGION")
          .defaultValue("us-east-1")
          .description("The AWS region of the glue catalog and its S3 warehouse.")
          .build();

  public static final Setting<URI> AWS_ENDPOINT =
      Setting.of("aws-endpoint", URI.class)
          .label("URL")
          .description(
              "A server that speaks Glue's and S3's protocols (such as moto_server on"
                  + " http://127.0.0.1:5000) instead of AWS, for the glue catalog.")
          .build();

  public static final Setting<URI> STATE_DIR =
      Setting.of("state-dir", URI.class)
          .label("URL")
          .description(
              "Where jobs keep their checkpoints and savepoints, such as s3://my-lake/flink,"
                  + " instead of the data dir; on S3 through --aws-endpoint when given.")
          .rule(
              uri -> uri.getScheme() != null,
              uri -> "State dir '" + uri + "' needs a scheme, such as s3:// or file://")
          .build();

  public static final Setting<Path> PROFILE =
      Setting.of("profile", Path.class)
          .label("FILE")
          .description(
              "A YAML file of options of up by their names (catalog: glue, warehouse:"
                  + " s3://..., dynamodb: aws://, ...): where the platform runs, in one file; an"
                  + " option on the command line wins over it.")
          .build();

  /** The options of {@code up}, in the order {@code up --help} lists them. */
  public static final List<Setting<?>> UP =
      List.of(
          DATA_DIR,
          PROFILE,
          SOURCES,
          PIPELINES,
          FEATURES,
          DEMO,
          DEMO_RATE,
          KAFKA_PORT,
          KAFKA,
          KAFKA_PROPERTIES,
          KINESIS_ENDPOINT,
          FLINK_PORT,
          CATALOG_PORT,
          GatewayOptions.PORT,
          API_PORT,
          DYNAMODB_PORT,
          SERVING_PORT,
          DYNAMODB,
          GatewayOptions.HOST,
          GatewayOptions.TOKENS,
          JobOptions.CHECKPOINT_INTERVAL,
          JobOptions.STATE_BACKEND,
          JobOptions.PARALLELISM,
          TASK_SLOTS,
          LINEAGE_URL,
          JobOptions.FLINK_CLUSTER,
          CATALOG_DB,
          CATALOG,
          WAREHOUSE,
          AWS_REGION,
          AWS_ENDPOINT,
          STATE_DIR,
          MaintenanceOptions.OFF,
          MaintenanceOptions.INTERVAL,
          MaintenanceOptions.TARGET_FILE_SIZE,
          MaintenanceOptions.SNAPSHOT_RETENTION,
          MaintenanceOptions.MIN_SNAPSHOTS,
          MaintenanceOptions.ORPHAN_MIN_AGE);

  /**
   * An environment variable the platform reads.
   *
   * @param readBy what reads it: a command, or a script of the checkout
   */
  public record EnvironmentVariable(String name, String readBy, String description) {}

  /** Every environment variable the commands and the checkout's scripts read. */
  public static final List<EnvironmentVariable> ENVIRONMENT =
      List.of(
          new EnvironmentVariable(
              CatalogDatabase.USER_VARIABLE,
              "up --catalog-db",
              "The catalog database's user, when the JDBC URL does not name one."),
          new EnvironmentVariable(
              CatalogDatabase.PASSWORD_VARIABLE,
              "up --catalog-db",
              "That user's password; never printed, and never given on the command line."),
          new EnvironmentVariable(
              "TRIBUTARY_TOKEN",
              "every command",
              "Bearer token for a platform started with --gateway-tokens; sent to the platform"
                  + " API and, through FLINK_REST_CLIENT_HEADERS, to the SQL gateway."),
          new EnvironmentVariable(
              "FLINK_REST_CLIENT_HEADERS",
              "sql; Flink's SQL client and JDBC driver",
              "Headers Flink's REST clients send; bin/tributary sets it to"
                  + " Authorization:Bearer $TRIBUTARY_TOKEN when it is not set already."),
          new EnvironmentVariable(
              "JAVA_HOME",
              "bin/tributary",
              "The JDK to use (17 or newer); default: java on the PATH."),
          new EnvironmentVariable(
              "CDK_DEFAULT_ACCOUNT",
              "the CDK app (infra/aws)",
              "The AWS account the stack is for; the cdk CLI sets it from your credentials."),
          new EnvironmentVariable(
              "CDK_DEFAULT_REGION",
              "the CDK app (infra/aws)",
              "The AWS region the stack is for; the cdk CLI sets it from your profile."),
          new EnvironmentVariable(
              "TRIBUTARY_HEAP", "bin/tributary", "Maximum heap of the JVM (default: 2g)."),
          new EnvironmentVariable(
              "TRIBUTARY_JAVA_OPTS", "bin/tributary", "Extra JVM options, appended last."),
          new EnvironmentVariable(
              "TRIBUTARY_TRINO_JAVA_HOME",
              "trino (infra/local/trino/trino.sh)",
              "The JDK to run Trino with, 24 or newer (default"
                  + " /usr/lib/jvm/temurin-25-jdk-amd64)."),
          new EnvironmentVariable(
              "TRIBUTARY_CACHE",
              "trino (infra/local/trino/trino.sh)",
              "Where downloads are kept (default ~/.cache/tributary)."),
          new EnvironmentVariable(
              "TRIBUTARY_CACHE",
              "up (infra/local/dynalite/dynalite.sh)",
              "Where dynalite is installed from npm (default ~/.cache/tributary)."),
          new EnvironmentVariable(
              "TRIBUTARY_TRINO_HEAP",
              "trino (infra/local/trino/trino.sh)",
              "Trino's maximum heap (default 1G)."));

  private PlatformOptions() {}
}
