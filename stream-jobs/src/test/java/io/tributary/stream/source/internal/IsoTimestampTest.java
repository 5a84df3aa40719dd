package io.tributary.stream.source.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampTest {
  private final IsoTimestamp parser = new IsoTimestamp();

  @Test
  void agreesWithJavaTimeOnRandomInstantsOffsetsAndFractions() {
    SplittableRandom random = new SplittableRandom(7);
    String[] fractions = {"", ".S", ".SSS", ".SSSSSS", ".SSSSSSSSS"};
    for (int i = 0; i < 20_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(-62_135_596_800L, 253_402_300_799L), random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      String pattern =
          "yyyy-MM-dd'T'HH:mm:ss" + fractions[random.nextInt(fractions.length)] + "xxx";
      OffsetDateTime time = instant.atOffset(offset);
      String text = time.format(DateTimeFormatter.ofPattern(pattern));
      OffsetDateTime expected = OffsetDateTime.parse(text, DateTimeFormatter.ofPattern(pattern));

      assertThat(parser.parse(text)).as(text).isEqualTo(IsoTimestamp.WITH_OFFSET);
      assertThat(parser.epochSecond()).as(text).isEqualTo(expected.toEpochSecond());
      assertThat(parser.nano()).as(text).isEqualTo(expected.getNano());
    }
  }

  @Test
  void readsTheCommonShapes() {
    assertThat(parser.parse("2026-11-20T14:01:34Z")).isEqualTo(IsoTimestamp.WITH_OFFSET);
    assertThat(parser.epochSecond())
        .isEqualTo(Instant.parse("2026-11-20T14:01:34Z").getEpochSecond());

    assertThat(parser.parse("2026-11-20 14:01:34.25+0130")).isEqualTo(IsoTimestamp.WITH_OFFSET);
    assertThat(parser.epochSecond())
        .isEqualTo(Instant.parse("2026-11-20T12:31:34Z").getEpochSecond());
    assertThat(parser.nano()).isEqualTo(250_000_000);

    assertThat(parser.parse("2024-02-29T23:59:59.999")).isEqualTo(IsoTimestamp.LOCAL);
    assertThat(parser.epochSecond())
        .isEqualTo(LocalDateTime.parse("2024-02-29T23:59:59").toEpochSecond(ZoneOffset.UTC));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-20",
        "2026-11-20T14:01",
        "2025-02-29T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-11-31T10:00:00Z",
        "2026-11-20T24:00:00Z",
        "2026-11-20T14:60:00Z",
        "2026-11-20T14:01:60Z",
        "2026-11-20T14:01:34.Z",
        "2026-11-20T14:01:34.1234567891Z",
        "2026-11-20T14:01:34+19:00",
        "2026-11-20T14:01:34+01",
        "2026-11-20T14:01:34 Z",
        "2026-11-20T14:01:34Zulu",
        " 2026-11-20T14:01:34Z",
        "+12026-11-20T14:01:34Z",
        "yesterday at 10 o'clock"
      })
  void leavesEverythingElseToTheGeneralParser(String text) {
    assertThat(parser.parse(text)).isEqualTo(IsoTimestamp.OTHER);
  }
}
