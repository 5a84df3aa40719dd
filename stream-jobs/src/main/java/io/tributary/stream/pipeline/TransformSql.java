package io.tributary.stream.pipeline;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.declaration.DeclarationException;
import io.tributary.stream.source.table.SourceTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipeline's {@code transform.sql}: one {@code INSERT INTO <target> <query>} statement, where its
 * query starts, and which {@code ${...}} values it uses. Positions in what it hands to Flink are
 * those of the file, so Flink's "line 3, column 8" points into {@code transform.sql}.
 *
 * @param file the file, for error messages
 * @param text the file's text
 * @param queryStart offset of the query, just after the target name
 * @param semicolon offset of the {@code ;} that ends the statement, or -1 when there is none
 * @param templates every {@code ${...}} in the text, in order
 */
public record TransformSql(
    Path file, String text, int queryStart, int semicolon, List<TemplateUse> templates) {

  private static final Pattern TEMPLATE = Pattern.compile("\\$\\{([^}]*)}");

  /** One {@code ${variable}} in the text (outside comments) and where it is. */
  public record TemplateUse(Template template, int offset, int length, int line, int column) {}

  public TransformSql {
    requireNonNull(file, "file is null");
    requireNonNull(text, "text is null");
    templates = List.copyOf(templates);
  }

  /**
   * Reads the statement and checks that it inserts into {@code target}.
   *
   * @throws DeclarationException naming line and column when it is not one such {@code INSERT}
   */
  public static TransformSql parse(Path file, String text, TargetTable target) {
    SqlText sql = new SqlText(text);
    List<SqlText.Token> tokens = sql.tokens();
    if (tokens.isEmpty()) {
      throw new DeclarationException(
          file, "is empty; write INSERT INTO " + target + " SELECT ...", null);
    }
    SqlText.Token first = tokens.get(0);
    if (!first.isWord("INSERT") || tokens.size() < 2 || !tokens.get(1).isWord("INTO")) {
      throw at(
          file,
          sql,
          first.start(),
          "expected INSERT INTO "
              + target
              + " SELECT ...; a transform is one INSERT INTO its target table");
    }
    int i = 2;
    List<String> name = new ArrayList<>();
    while (i < tokens.size()) {
      SqlText.Token part = tokens.get(i);
      if (part.is('(') || part.is('.') || part.isWord("SELECT") || part.isWord("WITH")) {
        break;
      }
      name.add(part.identifier());
      i++;
      if (i < tokens.size() && tokens.get(i).is('.')) {
        i++;
      } else {
        break;
      }
    }
    int nameStart = tokens.get(2 < tokens.size() ? 2 : 1).start();
    String written = String.join(".", name);
    if (!written.equals(target.toString())) {
      throw at(
          file,
          sql,
          nameStart,
          "inserts into "
              + (written.isEmpty() ? "nothing" : written)
              + ", but pipeline.yaml declares target "
              + target
              + "; write the full name, INSERT INTO "
              + target);
    }
    if (i >= tokens.size()) {
      throw at(file, sql, text.length(), "the INSERT has no query; add SELECT ... FROM ...");
    }
    SqlText.Token next = tokens.get(i);
    if (next.is('(')) {
      throw at(
          file,
          sql,
          next.start(),
          "a column list after the target is not supported; name the columns in the SELECT");
    }
    if (next.isWord("PARTITION")) {
      throw at(
          file,
          sql,
          next.start(),
          "a PARTITION clause is not supported; the pipeline's partition column comes from the"
              + " SELECT");
    }
    int semicolon = -1;
    for (int t = i; t < tokens.size(); t++) {
      if (tokens.get(t).is(';')) {
        if (t + 1 < tokens.size()) {
          throw at(
              file,
              sql,
              tokens.get(t + 1).start(),
              "a transform holds one statement; found more after the ';'");
        }
        semicolon = tokens.get(t).start();
      }
    }
    return new TransformSql(file, text, next.start(), semicolon, templates(file, sql, text));
  }

  /**
   * The statement to run as a streaming job: the file as it is.
   *
   * @throws DeclarationException when it uses a template value, which only a replay defines
   */
  public String streamingStatement() {
    if (!templates.isEmpty()) {
      TemplateUse use = templates.get(0);
      throw DeclarationException.at(
          file,
          use.line(),
          use.column(),
          "${"
              + use.template().variable()
              + "} is only defined when a day is replayed; a streaming pipeline cannot use it");
    }
    return withoutSemicolon(text);
  }

  /**
   * The query alone, at its place in the file (the {@code INSERT INTO target} before it blanked),
   * for planning and error positions; template values filled in for {@code day} when given (which
   * moves what follows a value on its line).
   */
  public String query(LocalDate day) {
    String query = new SqlText(withoutSemicolon(text)).blanked(0, queryStart);
    return day == null ? query : fill(query, day);
  }

  /**
   * The names of the sources the SQL reads, written {@code src.<name>} (or {@code
   * default_catalog.src.<name>}), in order of first use.
   */
  public List<String> sourceNames() {
    List<SqlText.Token> tokens = new SqlText(text).tokens();
    List<String> names = new ArrayList<>();
    for (int i = 0; i + 2 < tokens.size(); i++) {
      if (tokens.get(i).identifier().equals(SourceTables.DATABASE) && tokens.get(i + 1).is('.')) {
        String name = tokens.get(i + 2).identifier();
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The query, for planning a streaming pipeline; template values must not be used. */
  public String streamingQuery() {
    streamingStatement();
    return query(null);
  }

  private String fill(String query, LocalDate day) {
    StringBuilder out = new StringBuilder(query);
    for (int i = templates.size() - 1; i >= 0; i--) {
      TemplateUse use = templates.get(i);
      if (use.offset() >= queryStart) {
        out.replace(use.offset(), use.offset() + use.length(), use.template().value(day));
      }
    }
    return out.toString();
  }

  private static List<TemplateUse> templates(Path file, SqlText sql, String text) {
    List<TemplateUse> uses = new ArrayList<>();
    Matcher matcher = TEMPLATE.matcher(text);
    while (matcher.find()) {
      if (sql.inComment(matcher.start())) {
        continue;
      }
      String variable = matcher.group(1).trim();
      int line = sql.line(matcher.start());
      int column = sql.column(matcher.start());
      Template template =
          Template.of(variable)
              .orElseThrow(
                  () ->
                      DeclarationException.at(
                          file,
                          line,
                          column,
                          "${"
                              + variable
                              + "} is not a template value; use "
                              + Template.choices()));
      uses.add(
          new TemplateUse(
              template, matcher.start(), matcher.end() - matcher.start(), line, column));
    }
    return uses;
  }

  private String withoutSemicolon(String sql) {
    return semicolon < 0 ? sql : new SqlText(sql).blanked(semicolon, semicolon + 1);
  }

  private static DeclarationException at(Path file, SqlText sql, int offset, String problem) {
    return DeclarationException.at(file, sql.line(offset), sql.column(offset), problem);
  }
}
