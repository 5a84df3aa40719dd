package io.tributary.serving.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tributary.serving.ServingApi;
import io.tributary.serving.ServingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks answers against the serving API's own OpenAPI document, with a maintained JSON Schema
 * validator (networknt, draft 2020-12, which OpenAPI 3.1's schemas are): the status must be one the
 * document lists for the operation, and the body must match its schema, so the document and the
 * server cannot drift apart.
 */
public final class OpenApiResponses {
  private static final String BASE = "https://tributary.invalid/serving/openapi.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode document;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  public OpenApiResponses() throws IOException {
    String text;
    try (InputStream in = ServingApi.class.getResourceAsStream("openapi.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    document = MAPPER.readTree(text);
    String schemas = text;
    factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, schemas))));
  }

  /**
   * Asserts that {@code response}, the answer to {@code method} on the path {@code template}
   * ({@code /v1/groups/{group}/entities/{id}}), is one the document describes.
   */
  public JsonNode check(String method, String template, ServingResponse response)
      throws IOException {
    JsonNode path = document.path("paths").path(template);
    assertThat(path.isMissingNode()).as("%s is documented", template).isFalse();
    JsonNode operation = path.path(method.toLowerCase(Locale.ROOT));
    String status = Integer.toString(response.status());
    if (operation.isMissingNode()) {
      // a method the path does not have: the document lists none, the answer is the one error
      assertThat(status)
          .as("%s %s, a method the path does not have", method, template)
          .isEqualTo("405");
      operation = path.elements().next();
    }
    JsonNode documented = operation.path("responses").path(status);
    assertThat(documented.isMissingNode())
        .as("status %s of %s %s is documented (body %s)", status, method, template, response.body())
        .isFalse();
    String pointer;
    if (documented.has("$ref")) {
      pointer = documented.get("$ref").asText().substring(1) + "/content/application~1json/schema";
    } else {
      pointer =
          "/paths/"
              + template.replace("~", "~0").replace("/", "~1")
              + "/"
              + method.toLowerCase(Locale.ROOT)
              + "/responses/"
              + status
              + "/content/application~1json/schema";
    }
    JsonSchema schema = factory.getSchema(SchemaLocation.of(BASE + "#" + pointer), config);
    JsonNode body = MAPPER.readTree(response.body());
    Set<ValidationMessage> problems = schema.validate(body);
    assertThat(problems)
        .as("%s %s answered %s %s", method, template, status, response.body())
        .isEmpty();
    assertThat(response.headers()).containsEntry("content-type", "application/json");
    return body;
  }
}
