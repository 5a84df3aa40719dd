package io.tributary.catalog.rest;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;

/**
 * Answers one REST catalog request by calling Iceberg's own {@link CatalogHandlers} on the backing
 * catalog: the protocol's semantics (validation, commit requirements, server-side retries, paging)
 * are Iceberg's; this class only chooses the handler and reads the request's parts.
 *
 * <p>Iceberg ships a dispatcher of this kind only in its test artifacts ({@code
 * RESTCatalogAdapter}), so this one follows it.
 */
final class RestCatalogHandler {
  /** What to send back: a body to serialize, or none (204). */
  record Response(int status, Object body) {
    static Response ok(Object body) {
      return new Response(200, body);
    }

    static Response noContent() {
      return new Response(204, null);
    }
  }

  private final Catalog catalog;
  private final SupportsNamespaces namespaces;
  private final ViewCatalog views;

  RestCatalogHandler(Catalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    if (!(catalog instanceof SupportsNamespaces supportsNamespaces)
        || !(catalog instanceof ViewCatalog viewCatalog)) {
      throw new IllegalArgumentException(
          "Cannot serve catalog " + catalog.name() + ": it must support namespaces and views");
    }
    this.namespaces = supportsNamespaces;
    this.views = viewCatalog;
  }

  static ConfigResponse config() {
    return ConfigResponse.builder().withEndpoints(RestRoute.endpoints()).build();
  }

  Response handle(
      RestRoute route, Map<String, String> variables, Map<String, String> query, String body) {
    return switch (route) {
      case LIST_NAMESPACES -> {
        String parent = query.get("parent");
        Namespace of =
            parent == null ? Namespace.empty() : RESTUtil.namespaceFromQueryParam(parent);
        yield Response.ok(
            query.containsKey("pageSize")
                ? CatalogHandlers.listNamespaces(
                    namespaces, of, query.get("pageToken"), query.get("pageSize"))
                : CatalogHandlers.listNamespaces(namespaces, of));
      }
      case CREATE_NAMESPACE ->
          Response.ok(
              CatalogHandlers.createNamespace(
                  namespaces, read(body, CreateNamespaceRequest.class)));
      case LOAD_NAMESPACE ->
          Response.ok(CatalogHandlers.loadNamespace(namespaces, namespace(variables)));
      case NAMESPACE_EXISTS -> {
        CatalogHandlers.namespaceExists(namespaces, namespace(variables));
        yield Response.noContent();
      }
      case DROP_NAMESPACE -> {
        CatalogHandlers.dropNamespace(namespaces, namespace(variables));
        yield Response.noContent();
      }
      case UPDATE_NAMESPACE ->
          Response.ok(
              CatalogHandlers.updateNamespaceProperties(
                  namespaces,
                  namespace(variables),
                  read(body, UpdateNamespacePropertiesRequest.class)));
      case LIST_TABLES ->
          Response.ok(
              query.containsKey("pageSize")
                  ? CatalogHandlers.listTables(
                      catalog, namespace(variables), query.get("pageToken"), query.get("pageSize"))
                  : CatalogHandlers.listTables(catalog, namespace(variables)));
      case CREATE_TABLE -> {
        CreateTableRequest request = read(body, CreateTableRequest.class);
        request.validate();
        yield Response.ok(
            request.stageCreate()
                ? CatalogHandlers.stageTableCreate(catalog, namespace(variables), request)
                : CatalogHandlers.createTable(catalog, namespace(variables), request));
      }
      case LOAD_TABLE -> Response.ok(CatalogHandlers.loadTable(catalog, table(variables)));
      case TABLE_EXISTS -> {
        CatalogHandlers.tableExists(catalog, table(variables));
        yield Response.noContent();
      }
      case UPDATE_TABLE ->
          Response.ok(
              CatalogHandlers.updateTable(
                  catalog, table(variables), read(body, UpdateTableRequest.class)));
      case DROP_TABLE -> {
        if (Boolean.parseBoolean(query.getOrDefault("purgeRequested", "false"))) {
          CatalogHandlers.purgeTable(catalog, table(variables));
        } else {
          CatalogHandlers.dropTable(catalog, table(variables));
        }
        yield Response.noContent();
      }
      case RENAME_TABLE -> {
        CatalogHandlers.renameTable(catalog, read(body, RenameTableRequest.class));
        yield Response.noContent();
      }
      case REGISTER_TABLE ->
          Response.ok(
              CatalogHandlers.registerTable(
                  catalog, namespace(variables), read(body, RegisterTableRequest.class)));
      case REPORT_METRICS -> {
        read(body, ReportMetricsRequest.class);
        yield Response.noContent();
      }
      case LIST_VIEWS ->
          Response.ok(
              query.containsKey("pageSize")
                  ? CatalogHandlers.listViews(
                      views, namespace(variables), query.get("pageToken"), query.get("pageSize"))
                  : CatalogHandlers.listViews(views, namespace(variables)));
      case CREATE_VIEW ->
          Response.ok(
              CatalogHandlers.createView(
                  views, namespace(variables), read(body, CreateViewRequest.class)));
      case LOAD_VIEW -> Response.ok(CatalogHandlers.loadView(views, view(variables)));
      case VIEW_EXISTS -> {
        CatalogHandlers.viewExists(views, view(variables));
        yield Response.noContent();
      }
      case UPDATE_VIEW ->
          Response.ok(
              CatalogHandlers.updateView(
                  views, view(variables), read(body, UpdateTableRequest.class)));
      case DROP_VIEW -> {
        CatalogHandlers.dropView(views, view(variables));
        yield Response.noContent();
      }
      case RENAME_VIEW -> {
        CatalogHandlers.renameView(views, read(body, RenameTableRequest.class));
        yield Response.noContent();
      }
      case REGISTER_VIEW ->
          Response.ok(
              CatalogHandlers.registerView(
                  views, namespace(variables), read(body, RegisterViewRequest.class)));
    };
  }

  private static <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException(
          "Request body is missing: expected " + type.getSimpleName());
    }
    try {
      return RestJson.mapper().readValue(body, type);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "Request body is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static Namespace namespace(Map<String, String> variables) {
    return RESTUtil.decodeNamespace(variables.get("namespace"));
  }

  private static TableIdentifier table(Map<String, String> variables) {
    return TableIdentifier.of(namespace(variables), RESTUtil.decodeString(variables.get("table")));
  }

  private static TableIdentifier view(Map<String, String> variables) {
    return TableIdentifier.of(namespace(variables), RESTUtil.decodeString(variables.get("view")));
  }
}
