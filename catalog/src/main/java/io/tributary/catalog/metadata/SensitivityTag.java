package io.tributary.catalog.metadata;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How sensitive a column's data is; a column may carry several. */
public enum SensitivityTag {
  /** Identifies a person, directly or not: names, e-mails, customer ids. */
  PII,
  /** Must never leave the platform: credentials, keys, tokens. */
  SECRET,
  /** Internal business data not for outside eyes. */
  CONFIDENTIAL,
  /** Money: amounts, prices, account data. */
  FINANCIAL;

  /** The tag as written in YAML and on the command line: {@code pii}. */
  public String tagName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<SensitivityTag> of(String text) {
    return Arrays.stream(values()).filter(t -> t.tagName().equals(text.trim())).findFirst();
  }

  /** {@code pii, secret, confidential, financial}. */
  public static String choices() {
    return Arrays.stream(values()).map(SensitivityTag::tagName).collect(Collectors.joining(", "));
  }
}
