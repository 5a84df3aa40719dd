package io.tributary.gateway.auth.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.auth.Role;
import io.tributary.gateway.auth.StatementAccess;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What each role may do on Flink's SQL Gateway REST API. Admins and developers may do everything; a
 * reader may open sessions and query, but not run statements that change anything ({@link
 * StatementAccess}), deploy scripts or refresh materialized tables.
 *
 * <p>A statement is judged wherever a request carries one (the {@code statement} field of any
 * {@code POST}), not only on the paths known today, so that a new or differently spelled route to
 * the same handler is covered too.
 */
final class AccessRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STATEMENT_PATH =
      Pattern.compile("/v\\d+/sessions/[^/]+/(statements|configure-session)/?");
  private static final Pattern DEPLOYING_PATH =
      Pattern.compile("/v\\d+/sessions/[^/]+/(scripts|materialized-tables)(/.*)?");

  private AccessRules() {}

  /**
   * Why {@code user} may not send this request; empty when they may.
   *
   * @param path the request's path, percent-decoded as Flink's router decodes it
   */
  static Optional<String> refusal(GatewayUser user, String method, String path, String body) {
    if (user.role() != Role.READER) {
      return Optional.empty();
    }
    String normalized = path.replaceAll("/{2,}", "/");
    Optional<JsonNode> request = json(body);
    boolean script =
        request.map(r -> r.has("script") || r.has("scriptUri")).orElse(false)
            || DEPLOYING_PATH.matcher(normalized).matches();
    if (script) {
      return Optional.of(
          "User "
              + user
              + " may not deploy scripts or refresh materialized tables; that needs the developer"
              + " or admin role");
    }
    if (!method.equals("POST")) {
      return Optional.empty();
    }
    boolean statementPath = STATEMENT_PATH.matcher(normalized).matches();
    Optional<String> statement =
        request.filter(r -> r.has("statement")).map(r -> r.path("statement").asText(""));
    if (statement.isEmpty() && !statementPath) {
      return Optional.empty();
    }
    String text = statement.orElse("");
    if (StatementAccess.isReadOnly(text)) {
      return Optional.empty();
    }
    return Optional.of(
        "User "
            + user
            + " may only run queries and session settings ("
            + String.join(", ", new TreeSet<>(StatementAccess.READ_ONLY_KEYWORDS))
            + "), not: "
            + abbreviate(text));
  }

  private static Optional<JsonNode> json(String body) {
    if (body.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.readTree(body)).filter(JsonNode::isObject);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String abbreviate(String statement) {
    String line = statement.strip().replaceAll("\\s+", " ");
    if (line.isEmpty()) {
      return "a request without a readable statement";
    }
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
