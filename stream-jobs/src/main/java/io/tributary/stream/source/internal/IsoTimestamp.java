package io.tributary.stream.source.internal;

import java.io.Serializable;

/**
 * A parser of the one timestamp shape nearly every event carries: {@code yyyy-MM-dd'T'HH:mm:ss}, an
 * optional fraction of up to nine digits, and an optional offset ({@code Z}, {@code +01:00}, {@code
 * +0100}); a space may replace the {@code T}. Anything else is left to {@code java.time}'s
 * formatter, which also words the rejection.
 *
 * <p>Why by hand: {@code DateTimeFormatter.parseBest} builds a map of fields and resolves it for
 * every value; profiling landing showed it taking half of the validation's CPU. This path does the
 * same checks (month, day of month, hour, minute, second ranges) with arithmetic and allocates
 * nothing. Mutable and not thread-safe: one per field parser, like the validator that owns it.
 */
final class IsoTimestamp implements Serializable {
  /** The text is not in the common shape; use the general parser. */
  static final int OTHER = 0;

  /** A wall-clock time without offset; {@link #epochSecond()} reads it as UTC. */
  static final int LOCAL = 1;

  /** An instant: the text carried its offset. */
  static final int WITH_OFFSET = 2;

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private long epochSecond;
  private int nano;

  /** Parses {@code text}, returning {@link #OTHER}, {@link #LOCAL} or {@link #WITH_OFFSET}. */
  int parse(String text) {
    int n = text.length();
    if (n < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != 'T' && text.charAt(10) != ' ')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return OTHER;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > daysIn(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return OTHER;
    }
    int i = 19;
    int fraction = 0;
    if (i < n && text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(text.charAt(i))) {
        fraction = fraction * 10 + (text.charAt(i) - '0');
        i++;
      }
      int count = i - start;
      if (count == 0 || (i < n && isDigit(text.charAt(i)))) {
        return OTHER;
      }
      for (int k = count; k < 9; k++) {
        fraction *= 10;
      }
    }
    int offsetSeconds = 0;
    int kind = LOCAL;
    if (i < n) {
      char sign = text.charAt(i);
      if ((sign == 'Z' || sign == 'z') && i + 1 == n) {
        kind = WITH_OFFSET;
      } else if (sign == '+' || sign == '-') {
        int hours = digits(text, i + 1, 2);
        int minutes;
        if (i + 6 == n && text.charAt(i + 3) == ':') {
          minutes = digits(text, i + 4, 2);
        } else if (i + 5 == n) {
          minutes = digits(text, i + 3, 2);
        } else {
          return OTHER;
        }
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
          return OTHER;
        }
        offsetSeconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
        kind = WITH_OFFSET;
      } else {
        return OTHER;
      }
    }
    epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    nano = fraction;
    return kind;
  }

  /** Seconds since the epoch of the last parsed value (UTC for {@link #LOCAL} values). */
  long epochSecond() {
    return epochSecond;
  }

  /** The nanosecond of the second of the last parsed value. */
  int nano() {
    return nano;
  }

  private static int digits(String text, int from, int count) {
    if (from + count > text.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int daysIn(int year, int month) {
    boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  }

  /** Days from 1970-01-01 in the proleptic Gregorian calendar (as {@code LocalDate.toEpochDay}). */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long m = month;
    long total = 365 * y;
    if (y >= 0) {
      total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    } else {
      total -= y / -4 - y / -100 + y / -400;
    }
    total += (367 * m - 362) / 12;
    total += day - 1;
    if (m > 2) {
      total--;
      if (!((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) {
        total--;
      }
    }
    return total - 719_528L;
  }
}
