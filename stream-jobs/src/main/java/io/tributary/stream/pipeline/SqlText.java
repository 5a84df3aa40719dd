package io.tributary.stream.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few lexical facts about Flink SQL text that Tributary needs before Flink sees it: where the
 * words, identifiers and statement ends are, skipping comments and quoted text, and how an offset
 * maps to a line and column. Flink's own parser is out of reach here (the planner loads in its own
 * class loader) and would reject an {@code INSERT} whose target does not exist yet.
 */
final class SqlText {
  /** One token: a word or quoted identifier, or a single punctuation character. */
  record Token(String text, boolean quoted, int start, int end) {
    /** The token as an identifier part: unquoted words compare case-insensitively. */
    String identifier() {
      return quoted ? text : text.toLowerCase(Locale.ROOT);
    }

    boolean isWord(String word) {
      return !quoted && text.equalsIgnoreCase(word);
    }

    boolean is(char c) {
      return !quoted && text.length() == 1 && text.charAt(0) == c;
    }
  }

  private final String text;

  SqlText(String text) {
    this.text = text;
  }

  /** Every token outside comments; string literals are skipped as a whole (one token "'"). */
  List<Token> tokens() {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int close = text.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '\'' || c == '`' || c == '"') {
        int start = i;
        StringBuilder value = new StringBuilder();
        i++;
        while (i < n) {
          char d = text.charAt(i);
          if (d == c) {
            if (i + 1 < n && text.charAt(i + 1) == c) {
              value.append(c);
              i += 2;
              continue;
            }
            i++;
            break;
          }
          value.append(d);
          i++;
        }
        tokens.add(
            c == '\''
                ? new Token("'", false, start, i)
                : new Token(value.toString(), true, start, i));
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(text.charAt(i))
                || text.charAt(i) == '_'
                || text.charAt(i) == '$')) {
          i++;
        }
        tokens.add(new Token(text.substring(start, i), false, start, i));
      } else {
        tokens.add(new Token(String.valueOf(c), false, i, i + 1));
        i++;
      }
    }
    return tokens;
  }

  /** Whether {@code offset} is inside a {@code --} or {@code /* *}{@code /} comment. */
  boolean inComment(int offset) {
    int i = 0;
    int n = text.length();
    while (i < n && i <= offset) {
      char c = text.charAt(i);
      if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        if (offset < end) {
          return true;
        }
        i = end;
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int close = text.indexOf("*/", i + 2);
        int end = close < 0 ? n : close + 2;
        if (offset < end) {
          return true;
        }
        i = end;
      } else if (c == '\'' || c == '`' || c == '"') {
        int close = i + 1;
        while (close < n) {
          if (text.charAt(close) == c) {
            if (close + 1 < n && text.charAt(close + 1) == c) {
              close += 2;
              continue;
            }
            break;
          }
          close++;
        }
        i = close + 1;
      } else {
        i++;
      }
    }
    return false;
  }

  /** The 1-based line of {@code offset}. */
  int line(int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The 1-based column of {@code offset}. */
  int column(int offset) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return offset - lineStart + 1;
  }

  /** The text with {@code [from, to)} replaced by spaces, newlines kept: positions stay valid. */
  String blanked(int from, int to) {
    StringBuilder out = new StringBuilder(text);
    for (int i = from; i < to; i++) {
      if (out.charAt(i) != '\n') {
        out.setCharAt(i, ' ');
      }
    }
    return out.toString();
  }
}
