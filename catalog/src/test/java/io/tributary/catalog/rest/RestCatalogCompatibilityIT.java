package io.tributary.catalog.rest;

import org.apache.iceberg.rest.RESTCompatibilityKitCatalogTests;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Iceberg's REST Compatibility Kit, table catalog tests, against Tributary's REST catalog. */
class RestCatalogCompatibilityIT extends RESTCompatibilityKitCatalogTests {
  @RegisterExtension static final RckServer SERVER = new RckServer();
}
