package io.tributary.infra.query;

import io.tributary.stream.sql.SqlErrors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line a user needs out of a failure reported by the SQL gateway. The gateway sends the
 * server's whole stack trace as text, where the parser's or validator's own words (with line and
 * column) sit somewhere in the middle; this finds them, or else the last cause.
 */
final class GatewayErrors {
  /**
   * Flink's exceptions that carry a statement's problem and its position, as written in a trace.
   */
  private static final Pattern STATEMENT_PROBLEM =
      Pattern.compile(
          "(?:org\\.apache\\.flink\\.table\\.api\\.SqlParserException"
              + "|org\\.apache\\.flink\\.table\\.api\\.ValidationException"
              + "|org\\.apache\\.flink\\.table\\.planner\\.calcite\\.SqlValidateException"
              + "|org\\.apache\\.flink\\.sql\\.parser\\.error\\.SqlValidateException): "
              + "(.*?)(?=\\n\\s+at [\\w$./]+\\(|\\nCaused by: |$)",
          Pattern.DOTALL);

  private static final String SERVER_SIDE = "<Exception on server side:";

  private static final Pattern PREFIX = Pattern.compile("^SQL (?:validation|parse) failed\\. ");

  private GatewayErrors() {}

  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      root = t;
      if (t.getCause() == t) {
        break;
      }
    }
    Matcher problem = STATEMENT_PROBLEM.matcher(text);
    if (problem.find()) {
      return SqlErrors.clean(PREFIX.matcher(problem.group(1).strip()).replaceFirst(""));
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // Flink's REST client writes the server's list of errors as [first, second]
    if (message.startsWith("[") && message.endsWith("]") && !message.contains(SERVER_SIDE)) {
      message = message.substring(1, message.length() - 1);
    }
    return SqlErrors.clean(message);
  }
}
