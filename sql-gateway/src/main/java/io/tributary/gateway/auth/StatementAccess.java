package io.tributary.gateway.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which statements only read: the first keyword decides, after leading comments. An allow-list, so
 * that whatever is not known to only read (INSERT, CREATE, DROP, ALTER, CALL, ADD JAR, EXECUTE, a
 * keyword a later Flink adds) is treated as writing.
 *
 * <p>Written here rather than with Flink's parser because the parser lives inside the planner's own
 * class loader and needs a session's catalogs; the first keyword is enough to tell a query from a
 * change, since Flink runs one statement per request.
 */
public final class StatementAccess {
  /** Queries, and statements that change only the caller's own session. */
  public static final Set<String> READ_ONLY_KEYWORDS =
      Set.of(
          "SELECT", "WITH", "VALUES", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "SET", "RESET", "USE");

  private StatementAccess() {}

  public static boolean isReadOnly(String statement) {
    return firstKeyword(statement).map(READ_ONLY_KEYWORDS::contains).orElse(false);
  }

  /** The first word of the statement, upper-case, skipping whitespace, comments and parentheses. */
  static Optional<String> firstKeyword(String statement) {
    int i = 0;
    int n = statement.length();
    while (i < n) {
      char c = statement.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (statement.startsWith("--", i)) {
        int end = statement.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (statement.startsWith("/*", i)) {
        int end = statement.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(statement.charAt(i))) {
      i++;
    }
    return start == i
        ? Optional.empty()
        : Optional.of(statement.substring(start, i).toUpperCase(Locale.ROOT));
  }
}
