package io.tributary.feature.group;

import static java.util.Objects.requireNonNull;

import io.tributary.feature.aggregate.Aggregation;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.kafka.KafkaConnection;
import io.tributary.stream.source.ColumnSpec;
import io.tributary.stream.source.SourceSpec;
import io.tributary.stream.source.Sources;
import io.tributary.stream.source.table.SourceTables;
import io.tributary.stream.sql.SqlErrors;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * Checks a parsed group against its source by planning its SQL in one table environment that
 * declares every source as {@code src.<name>} (planning never reaches Kafka). Each expression (the
 * filter, a feature's column) is planned on its own, so that a problem is reported at its field,
 * with positions counted in the expression the user wrote rather than in the query around it. Every
 * problem is an {@link InvalidFieldException}, which the parser turns into the file's error at that
 * field's line.
 */
final class FeatureGroupChecker {
  /** The query an expression is planned in: the expression starts on line 2, column 1. */
  private static final String LEAD = "SELECT\n";

  private static final Pattern ENCOUNTERED =
      Pattern.compile("Encountered \"([^\"]*)\" at line (\\d+), column (\\d+)");
  private static final Pattern POSITION = Pattern.compile("\\b([Aa]t) line (\\d+), column (\\d+)");

  /**
   * Functions whose value depends on when or how often the job runs, not on the event: with them a
   * backfill would not recompute what the stream wrote. Keywords without parentheses first, then
   * functions, which must be followed by {@code (} so that a column called {@code rand} is fine.
   */
  private static final Pattern RUN_DEPENDENT =
      Pattern.compile(
          "(?i)(?<![\\w$])(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME|LOCALTIMESTAMP|LOCALTIME)"
              + "(?![\\w$])"
              + "|(?<![\\w$])(NOW|PROCTIME|RAND|RAND_INTEGER|UUID|CURRENT_ROW_TIMESTAMP"
              + "|CURRENT_WATERMARK)\\s*\\("
              + "|(?<![\\w$])UNIX_TIMESTAMP\\s*\\(\\s*\\)");

  /** String literals, quoted identifiers and comments, which {@link #RUN_DEPENDENT} skips. */
  private static final Pattern NOT_CODE =
      Pattern.compile("'(?:[^']|'')*'|`(?:[^`]|``)*`|--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  private final Sources sources;
  private TableEnvironment tableEnv;

  FeatureGroupChecker(Sources sources) {
    this.sources = requireNonNull(sources, "sources is null");
  }

  void check(FeatureGroupSpec group) {
    SourceSpec source =
        sources
            .find(group.source())
            .orElseThrow(
                () ->
                    new InvalidFieldException(
                        "source",
                        "unknown source '"
                            + group.source()
                            + "'; the sources are "
                            + sources.all().stream().map(SourceSpec::name).sorted().toList()));
    String table = SourceTables.DATABASE + "." + FeatureQuery.quote(source.name());
    for (String column : group.entity()) {
      checkEntity(column, source, table);
    }
    group.filter().ifPresent(filter -> checkFilter(filter, table));
    for (int i = 0; i < group.features().size(); i++) {
      FeatureSpec feature = group.features().get(i);
      if (feature.column().isPresent()) {
        checkColumn("features/" + i + "/column", feature, table);
      }
    }
    // the whole query, as the job will run it
    plan("features", FeatureQuery.of(group, source, table).sql());
  }

  private void checkEntity(String column, SourceSpec source, String table) {
    if (source.column(column).isEmpty()) {
      throw new InvalidFieldException(
          "entity",
          "'"
              + column
              + "' is not a column of source "
              + source.name()
              + " (its columns: "
              + source.columns().stream().map(ColumnSpec::name).toList()
              + ")");
    }
    LogicalType type = typeOf("entity", FeatureQuery.quote(column), table);
    if (!scalar(type)) {
      throw new InvalidFieldException(
          "entity",
          "column '"
              + column
              + "' is "
              + type
              + "; an entity's key must be text, a number, a boolean or a time");
    }
  }

  private void checkFilter(String filter, String table) {
    LogicalType type = typeOf("filter", filter, table);
    if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
      throw new InvalidFieldException(
          "filter", "'" + filter + "' is " + type + ", not a BOOLEAN predicate");
    }
  }

  private void checkColumn(String field, FeatureSpec feature, String table) {
    String column = feature.column().get();
    Aggregation aggregation = feature.aggregation();
    LogicalType type = typeOf(field, column, table);
    if (aggregation.numeric() && !type.is(LogicalTypeFamily.NUMERIC)) {
      throw new InvalidFieldException(
          field, "'" + column + "' is " + type + "; " + aggregation.yamlName() + " needs a number");
    }
    if (aggregation != Aggregation.COUNT && !scalar(type)) {
      throw new InvalidFieldException(
          field,
          "'"
              + column
              + "' is "
              + type
              + "; "
              + aggregation.yamlName()
              + " needs text, a number, a boolean or a time (values are kept as text)");
    }
  }

  /**
   * The type of {@code expression} over {@code table}'s columns, once it is known to be one
   * expression, computed per event from that event alone.
   */
  private LogicalType typeOf(String field, String expression, String table) {
    refuseRunDependent(field, expression);
    try {
      // parsed alone first, so that a syntax error is not told in terms of the FROM around it
      tableEnv().sqlQuery(LEAD + expression);
    } catch (SqlParserException e) {
      throw new InvalidFieldException(
          field, "'" + expression + "': " + inExpression(SqlErrors.locate(e), expression));
    } catch (ValidationException e) {
      // expected: without a FROM its columns are unknown; planned with them just below
    }
    List<LogicalType> types =
        planExpression(field, expression, LEAD + expression + "\nFROM " + table)
            .getResolvedSchema()
            .getColumnDataTypes()
            .stream()
            .map(DataType::getLogicalType)
            .toList();
    if (types.size() != 1) {
      throw new InvalidFieldException(
          field, "'" + expression + "' is " + types.size() + " expressions; write one");
    }
    try {
      tableEnv().sqlQuery("SELECT `_kafka_offset`,\n" + expression + "\nFROM " + table);
    } catch (ValidationException e) {
      throw new InvalidFieldException(
          field,
          "'"
              + expression
              + "' aggregates over events, but it is computed for each event; the feature's agg"
              + " does the aggregating (write column: amount, agg: sum rather than SUM(amount))");
    }
    return types.get(0);
  }

  private static void refuseRunDependent(String field, String expression) {
    Matcher runDependent = RUN_DEPENDENT.matcher(NOT_CODE.matcher(expression).replaceAll("''"));
    if (runDependent.find()) {
      throw new InvalidFieldException(
          field,
          "'"
              + expression
              + "' uses "
              + runDependent.group().replaceAll("\\s*\\(.*$", "").toUpperCase(Locale.ROOT)
              + ", which changes from run to run, so a backfill would not recompute the values"
              + " the stream wrote; use the event's own columns (its event time) instead");
    }
  }

  private Table planExpression(String field, String expression, String sql) {
    try {
      return tableEnv().sqlQuery(sql);
    } catch (ValidationException | SqlParserException | TableException e) {
      throw new InvalidFieldException(
          field, "'" + expression + "': " + inExpression(SqlErrors.locate(e), expression));
    }
  }

  private Table plan(String field, String sql) {
    try {
      return tableEnv().sqlQuery(sql);
    } catch (ValidationException | SqlParserException | TableException e) {
      throw new InvalidFieldException(field, SqlErrors.locate(e).message());
    }
  }

  /**
   * The planner's message with its positions moved into the expression, which the planned query
   * holds from line 2: "at column 8" for a one-line expression, "at line 2, column 3" for a longer
   * one; a problem found past its last line means that the expression ends too early.
   */
  private static String inExpression(SqlErrors.Located located, String expression) {
    int lines = Math.max(1, (int) expression.lines().count());
    String message = located.message();
    boolean positionInMessage = POSITION.matcher(message).find();
    Matcher encountered = ENCOUNTERED.matcher(message);
    if (encountered.find()) {
      String tokens = encountered.group(1);
      int line = Integer.parseInt(encountered.group(2)) - 1;
      String told;
      if (tokens.equals("<EOF>") || line > lines) {
        told = "the expression ends too early";
      } else if (tokens.endsWith(" <EOF>")) {
        told =
            "Encountered \""
                + tokens.substring(0, tokens.length() - " <EOF>".length())
                + "\" "
                + where(line, Integer.parseInt(encountered.group(3)), lines)
                + ", then the end of the expression";
      } else {
        told = encountered.group();
      }
      message =
          message.substring(0, encountered.start()) + told + message.substring(encountered.end());
    }
    if (located.hasPosition() && !positionInMessage) {
      return capitalized(where(located.line() - 1, located.column(), lines)) + ": " + message;
    }
    Matcher position = POSITION.matcher(message);
    StringBuilder out = new StringBuilder();
    while (position.find()) {
      String where =
          where(
              Integer.parseInt(position.group(2)) - 1, Integer.parseInt(position.group(3)), lines);
      position.appendReplacement(
          out,
          Matcher.quoteReplacement(position.group(1).equals("At") ? capitalized(where) : where));
    }
    return position.appendTail(out).toString();
  }

  private static String where(int line, int column, int lines) {
    if (line < 1) {
      return "at its start";
    }
    if (line > lines) {
      return "at the end";
    }
    return lines == 1 ? "at column " + column : "at line " + line + ", column " + column;
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static boolean scalar(LogicalType type) {
    return type.is(LogicalTypeFamily.CHARACTER_STRING)
        || type.is(LogicalTypeFamily.NUMERIC)
        || type.is(LogicalTypeFamily.DATETIME)
        || type.is(LogicalTypeFamily.INTERVAL)
        || type.is(LogicalTypeRoot.BOOLEAN);
  }

  private TableEnvironment tableEnv() {
    if (tableEnv == null) {
      tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      // declarations only: planning never reaches this address
      for (String statement :
          new SourceTables(KafkaConnection.of("127.0.0.1:9")).upToLatestStatements(sources.all())) {
        tableEnv.executeSql(statement);
      }
    }
    return tableEnv;
  }
}
