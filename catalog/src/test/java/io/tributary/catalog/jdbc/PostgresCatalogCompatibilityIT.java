package io.tributary.catalog.jdbc;

import io.tributary.catalog.LakeCatalogConfig;
import io.tributary.catalog.rest.RckServer;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.iceberg.rest.RESTCompatibilityKitCatalogTests;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Iceberg's REST Compatibility Kit, table catalog tests, against Tributary's REST catalog server
 * with its store on a real PostgreSQL server instead of SQLite: what {@code up --catalog-db
 * jdbc:postgresql://...} chooses.
 */
class PostgresCatalogCompatibilityIT extends RESTCompatibilityKitCatalogTests {
  @RegisterExtension
  static final RckServer SERVER =
      new RckServer() {
        private LocalPostgres postgres;

        @Override
        protected LakeCatalogConfig store(Path dataDir) throws Exception {
          postgres = LocalPostgres.start("lake");
          return LakeCatalogConfig.jdbc(
              JdbcCatalogConfig.database(
                  postgres.url("lake"), Optional.of(postgres.user()), Optional.empty(), dataDir));
        }

        @Override
        protected void stopped() throws Exception {
          postgres.close();
        }
      };
}
