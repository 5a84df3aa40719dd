package io.tributary.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.catalog.LakeCatalog;
import io.tributary.catalog.LakeCatalogConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST catalog server's HTTP side, on a real server over a local store: what the REST
 * Compatibility Kit does not reach (requests no route serves, HEAD answers, namespaces of several
 * levels, whose separator travels escaped) and the server's own start and stop.
 */
class RestCatalogServerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;

  private static LakeCatalog store;
  private static RestCatalogServer server;
  private static LakeCatalog client;

  @BeforeAll
  static void start() throws Exception {
    store = LakeCatalog.open(LakeCatalogConfig.local(dataDir));
    server = RestCatalogServer.start(store.iceberg(), "127.0.0.1", 0);
    client = LakeCatalog.open(LakeCatalogConfig.rest(server.uri()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void theUriNamesTheFreePortItPicked() {
    assertThat(server.uri().toString()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
  }

  @Test
  void theConfigAdvertisesTheEndpointsServed() throws Exception {
    HttpResponse<String> config = send("GET", "/v1/config");
    assertThat(config.statusCode()).isEqualTo(200);
    assertThat(config.headers().firstValue("Content-Type")).contains("application/json");
    List<String> endpoints = new ArrayList<>();
    JSON.readTree(config.body()).path("endpoints").forEach(e -> endpoints.add(e.asText()));
    assertThat(endpoints)
        .hasSize(RestRoute.values().length)
        .contains("GET /v1/{prefix}/namespaces", "HEAD /v1/{prefix}/namespaces/{namespace}");
  }

  @Test
  void aRequestNoRouteServesIs400InIcebergsErrorShape() throws Exception {
    for (String[] request :
        new String[][] {{"GET", "/v1/nothing"}, {"GET", "/"}, {"PATCH", "/v1/namespaces"}}) {
      HttpResponse<String> response = send(request[0], request[1]);
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(JSON.readTree(response.body()))
          .isEqualTo(
              JSON.readTree(
                  "{\"error\": {\"message\": \"No route for request: "
                      + request[0]
                      + " "
                      + request[1]
                      + "\", \"type\": \"BadRequestException\", \"code\": 400}}"));
    }
  }

  @Test
  void headAnswersHaveNoBody() throws Exception {
    ((SupportsNamespaces) client.iceberg()).createNamespace(Namespace.of("present"));

    HttpResponse<String> present = send("HEAD", "/v1/namespaces/present");
    assertThat(present.statusCode()).isEqualTo(204);
    assertThat(present.headers().firstValue("Content-Type")).isEmpty();
    assertThat(present.body()).isEmpty();

    HttpResponse<String> missing = send("HEAD", "/v1/namespaces/missing");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).isEmpty();
    assertThat(missing.body()).isEmpty();

    HttpResponse<String> error = send("GET", "/v1/namespaces/missing");
    assertThat(error.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(error.body()).path("error").path("type").asText())
        .isEqualTo("NoSuchNamespaceException");
  }

  @Test
  void namespacesOfSeveralLevelsAndNamesThatNeedEscaping() {
    SupportsNamespaces namespaces = (SupportsNamespaces) client.iceberg();
    Namespace nested = Namespace.of("sales", "eu");
    namespaces.createNamespace(Namespace.of("sales"));
    namespaces.createNamespace(nested);
    assertThat(namespaces.listNamespaces(Namespace.of("sales"))).containsExactly(nested);

    Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
    TableIdentifier table = TableIdentifier.of(nested, "orders by day%");
    client.iceberg().createTable(table, schema);
    assertThat(client.iceberg().tableExists(table)).isTrue();
    assertThat(client.iceberg().listTables(nested)).containsExactly(table);
    assertThat(client.iceberg().loadTable(table).schema().asStruct()).isEqualTo(schema.asStruct());
    assertThat(client.iceberg().dropTable(table)).isTrue();
    assertThat(client.iceberg().tableExists(table)).isFalse();
  }

  @Test
  void aTakenPortStopsTheStartNamingTheAddress() {
    int taken = server.uri().getPort();
    assertThatThrownBy(() -> RestCatalogServer.start(store.iceberg(), "127.0.0.1", taken))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Cannot start the REST catalog on 127.0.0.1:" + taken + ": ");
  }

  @Test
  void closingStopsServingAndClosingAgainDoesNothing() throws Exception {
    RestCatalogServer other = RestCatalogServer.start(store.iceberg(), "127.0.0.1", 0);
    URI uri = other.uri();
    assertThat(HTTP.send(get(uri, "/v1/config"), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    other.close();
    other.close();
    assertThatThrownBy(
            () -> HTTP.send(get(uri, "/v1/config"), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri().resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest get(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build();
  }
}
