package io.tributary.catalog.rest;

import org.apache.iceberg.rest.RESTCompatibilityKitViewCatalogTests;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Iceberg's REST Compatibility Kit, view catalog tests, against Tributary's REST catalog. */
class RestViewCatalogCompatibilityIT extends RESTCompatibilityKitViewCatalogTests {
  @RegisterExtension static final RckServer SERVER = new RckServer();
}
