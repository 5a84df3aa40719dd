package io.tributary.gateway.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each role may do on Flink's SQL Gateway REST API. Admins and developers may do everything; a
 * reader may open sessions and query, but not run statements that change anything ({@link
 * StatementAccess}), deploy scripts or refresh materialized tables.
 */
final class AccessRules {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STATEMENT =
      Pattern.compile("/v\\d+/sessions/[^/]+/(statements|configure-session)/?");
  private static final Pattern DEPLOYING =
      Pattern.compile("/v\\d+/sessions/[^/]+/(scripts|materialized-tables)(/.*)?");

  private AccessRules() {}

  /** Why {@code user} may not send this request; empty when they may. */
  static Optional<String> refusal(GatewayUser user, String method, String path, String body) {
    if (user.role() != Role.READER) {
      return Optional.empty();
    }
    if (DEPLOYING.matcher(path).matches()) {
      return Optional.of(
          "User "
              + user
              + " may not deploy scripts or refresh materialized tables; that needs the developer"
              + " or admin role");
    }
    if (method.equals("POST") && STATEMENT.matcher(path).matches()) {
      String statement = statement(body);
      if (!StatementAccess.isReadOnly(statement)) {
        return Optional.of(
            "User "
                + user
                + " may only run queries and session settings ("
                + String.join(", ", new java.util.TreeSet<>(StatementAccess.READ_ONLY_KEYWORDS))
                + "), not: "
                + abbreviate(statement));
      }
    }
    return Optional.empty();
  }

  private static String statement(String body) {
    try {
      JsonNode request = JSON.readTree(body);
      return request == null ? "" : request.path("statement").asText("");
    } catch (JsonProcessingException e) {
      // Flink's handler answers a body it cannot read with 400; nothing to run, nothing to allow
      return "";
    }
  }

  private static String abbreviate(String statement) {
    String line = statement.strip().replaceAll("\\s+", " ");
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }
}
