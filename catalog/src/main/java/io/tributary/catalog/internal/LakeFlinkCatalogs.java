package io.tributary.catalog.internal;

import java.util.Map;
import org.apache.flink.table.catalog.Catalog;
import org.apache.iceberg.flink.FlinkCatalogFactory;

/**
 * Iceberg's Flink catalog, created with a Hadoop configuration of our own classes. Iceberg's
 * factory as Flink SQL calls it ({@code CREATE CATALOG}, {@code createCatalog(descriptor)}) reads
 * the cluster's Hadoop configuration through Flink's {@code HadoopUtils}, which Flink loads
 * parent-first: on a cluster without Hadoop on its own classpath (the official Flink image, which
 * the Kubernetes manifests run) that fails with {@code NoClassDefFoundError:
 * org/apache/hadoop/conf/Configuration} although the job jar carries Hadoop. Here Hadoop's
 * configuration comes from whichever loader loaded this class: the job jar's on a cluster, the
 * platform's in {@code up}.
 */
public final class LakeFlinkCatalogs extends FlinkCatalogFactory {
  private static final LakeFlinkCatalogs FACTORY = new LakeFlinkCatalogs();

  private LakeFlinkCatalogs() {}

  /** The catalog {@code name} over Iceberg {@code properties}, not yet opened. */
  public static Catalog create(String name, Map<String, String> properties) {
    return FACTORY.createCatalog(name, properties, new org.apache.hadoop.conf.Configuration());
  }
}
