package io.tributary.stream.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;

/**
 * Picks the message a user can act on out of Flink's nested exceptions: the parser's or validator's
 * own words (with line and column) when there are any, else the deepest cause. The one place SQL
 * error text is read, whether the exceptions were thrown here ({@link #describe}) or reported as
 * text by the SQL gateway to a client ({@link #describeReported}).
 */
public final class SqlErrors {
  private static final String SERVER_SIDE = "<Exception on server side:";
  private static final String CAUSED_BY = "Caused by: ";
  private static final String EXPECTING = "Was expecting one of:";
  private static final int MAX_ALTERNATIVES = 6;
  private static final Pattern STACK_FRAME = Pattern.compile("\\s+at [\\w$./]+\\(");

  private static final Pattern RANGE =
      Pattern.compile("^From line (\\d+), column (\\d+) to line \\d+, column \\d+: (.*)$");
  private static final Pattern AT = Pattern.compile("at line (\\d+), column (\\d+)");

  /**
   * Flink's exceptions that carry a statement's problem and its position, as written in a trace
   * that the SQL gateway sends its clients.
   */
  private static final Pattern REPORTED_PROBLEM =
      Pattern.compile(
          "(?:org\\.apache\\.flink\\.table\\.api\\.SqlParserException"
              + "|org\\.apache\\.flink\\.table\\.api\\.ValidationException"
              + "|org\\.apache\\.flink\\.table\\.planner\\.calcite\\.SqlValidateException"
              + "|org\\.apache\\.flink\\.sql\\.parser\\.error\\.SqlValidateException): "
              + "(.*?)(?=\\n\\s+at [\\w$./]+\\(|\\nCaused by: |$)",
          Pattern.DOTALL);

  private static final Pattern FAILED_PREFIX =
      Pattern.compile("^SQL (?:validation|parse) failed\\. ");

  private SqlErrors() {}

  /**
   * A problem with a statement, and where in the statement it is when Flink said so.
   *
   * @param line 1-based, 0 when unknown
   * @param column 1-based, 0 when unknown
   * @param message what is wrong, without the position
   */
  public record Located(int line, int column, String message) {
    public boolean hasPosition() {
      return line > 0;
    }
  }

  /** The problem of {@code error}, with its position in the statement when Flink gave one. */
  public static Located locate(Throwable error) {
    String message = describe(error);
    for (String prefix : new String[] {"SQL validation failed. ", "SQL parse failed. "}) {
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
    }
    Matcher range = RANGE.matcher(message);
    if (range.matches()) {
      return new Located(
          Integer.parseInt(range.group(1)), Integer.parseInt(range.group(2)), range.group(3));
    }
    Matcher at = AT.matcher(message);
    if (at.find()) {
      return new Located(Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)), message);
    }
    return new Located(0, 0, message);
  }

  /**
   * The one line a user needs out of a failure the SQL gateway reported to a client (Flink's JDBC
   * driver): the gateway sends the server's whole stack trace as text, where the parser's or
   * validator's own words sit somewhere in the middle; this finds them, or else the last cause.
   */
  public static String describeReported(Throwable error) {
    StringBuilder text = new StringBuilder();
    Throwable root = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
      root = t;
      if (t.getCause() == t) {
        break;
      }
    }
    Matcher problem = REPORTED_PROBLEM.matcher(text);
    if (problem.find()) {
      return clean(FAILED_PREFIX.matcher(problem.group(1).strip()).replaceFirst(""));
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    // Flink's REST client writes the server's list of errors as [first, second]
    if (message.startsWith("[") && message.endsWith("]") && !message.contains(SERVER_SIDE)) {
      message = message.substring(1, message.length() - 1);
    }
    return clean(message);
  }

  public static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SqlParserException
          || t instanceof ValidationException
          || t.getClass().getSimpleName().equals("SqlValidateException")) {
        return clean(t.getMessage());
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof TableException && t.getCause() == null) {
        return clean(t.getMessage());
      }
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return clean(message);
  }

  /**
   * One line out of a message of Flink's: whitespace collapsed, the parser's long list of expected
   * tokens shortened, and a server-side stack trace reduced to its last cause.
   */
  public static String clean(String message) {
    if (message == null || message.isBlank()) {
      return "unknown error";
    }
    return shortExpectations(serverSideCause(message.strip().replaceAll("\\s*\\n\\s*", " ")));
  }

  /**
   * The parser lists every token it would have accepted, often more than a hundred; a few are
   * enough to see what is missing.
   */
  static String shortExpectations(String message) {
    int at = message.indexOf(EXPECTING);
    if (at < 0) {
      return message;
    }
    String[] alternatives =
        message
            .substring(at + EXPECTING.length())
            .replaceAll("\\s*\\.\\.\\.\\s*$", "")
            .split("\\s*\\.\\.\\.\\s*");
    StringBuilder out = new StringBuilder(message.substring(0, at).strip());
    if (out.charAt(out.length() - 1) == '.') {
      out.setLength(out.length() - 1);
    }
    out.append("; expected ");
    int shown = Math.min(alternatives.length, MAX_ALTERNATIVES);
    out.append(alternatives.length == 1 ? "" : "one of ");
    out.append(String.join(", ", java.util.Arrays.asList(alternatives).subList(0, shown)).strip());
    if (alternatives.length > shown) {
      out.append(" (or ").append(alternatives.length - shown).append(" more)");
    }
    return out.toString();
  }

  /**
   * Flink's REST client reports a failure on the cluster as the server's whole stack trace in one
   * message; the last {@code Caused by:} is the part a user can act on.
   */
  static String serverSideCause(String message) {
    if (!message.contains(SERVER_SIDE)) {
      return message;
    }
    int cause = message.lastIndexOf(CAUSED_BY);
    String tail =
        cause >= 0
            ? message.substring(cause + CAUSED_BY.length())
            : message.substring(message.indexOf(SERVER_SIDE) + SERVER_SIDE.length());
    Matcher frame = STACK_FRAME.matcher(tail);
    String root = (frame.find() ? tail.substring(0, frame.start()) : tail).strip();
    return "the Flink cluster failed the statement: " + root;
  }
}
