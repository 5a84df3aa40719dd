package io.tributary.stream.maintenance.policy;

import io.tributary.stream.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.MemorySize;

/**
 * The platform-wide defaults of table maintenance, declared once: read by {@code up}'s options,
 * checked by {@link MaintenanceSettings} and by the {@code maintenance:} block of a source or
 * pipeline ({@link MaintenanceSpec}), listed in {@code docs/configuration.md}.
 *
 * <p>Precedence: {@link #OFF} stops every maintenance job; otherwise a value in a declaration's
 * {@code maintenance:} block wins over the option of {@code up}, which wins over the default.
 */
public final class MaintenanceOptions {
  private static final List<String> SIZE_UNITS = List.of("B", "KB", "MB", "GB", "TB");

  public static final Setting<Boolean> OFF =
      Setting.of("no-maintenance", Boolean.class)
          .description(
              "Start no maintenance jobs: no table is compacted, and snapshots and orphan files"
                  + " are kept, whatever the declarations say.")
          .build();

  public static final Setting<Duration> INTERVAL =
      Setting.duration("maintenance-interval")
          .defaultValue(Duration.ofHours(1))
          .description(
              "How often each table's maintenance runs: compaction of closed days, snapshot"
                  + " expiry, orphan removal.")
          .rule(
              interval -> interval.compareTo(Duration.ofSeconds(1)) >= 0,
              interval ->
                  "Maintenance interval "
                      + Setting.durationText(interval)
                      + " is too short; use at least 1s")
          .build();

  public static final Setting<MemorySize> TARGET_FILE_SIZE =
      Setting.of("target-file-size", MemorySize.class)
          .label("SIZE")
          .defaultValue(MemorySize.ofMebiBytes(128))
          .format(MaintenanceOptions::sizeText)
          .description("The size compaction writes data files at: 64MB, 128MB, 512MB.")
          .rule(
              size -> size.getBytes() >= 1024,
              size -> "Target file size " + sizeText(size) + " is too small; use at least 1KB")
          .build();

  public static final Setting<Duration> SNAPSHOT_RETENTION =
      Setting.duration("snapshot-retention")
          .defaultValue(Duration.ofDays(5))
          .description(
              "How long snapshots are kept for time travel; older ones are expired, their"
                  + " unreferenced files deleted.")
          .rule(
              retention -> retention.compareTo(Duration.ofSeconds(1)) >= 0,
              retention ->
                  "Snapshot retention "
                      + Setting.durationText(retention)
                      + " is too short; use at least 1s")
          .build();

  public static final Setting<Integer> MIN_SNAPSHOTS =
      Setting.of("min-snapshots", Integer.class)
          .label("N")
          .defaultValue(10)
          .description("Snapshots every table keeps, however old: the newest N.")
          .rule(n -> n >= 1, n -> "Minimum snapshots " + n + " must be at least 1")
          .build();

  public static final Setting<Duration> ORPHAN_MIN_AGE =
      Setting.duration("orphan-min-age")
          .defaultValue(Duration.ofDays(3))
          .description(
              "How old a file under a table's location that no snapshot references must be before"
                  + " it is removed as an orphan.")
          .rule(
              age -> age.compareTo(Duration.ofHours(1)) >= 0,
              age ->
                  "Orphan minimum age "
                      + Setting.durationText(age)
                      + " is too short: a younger file may belong to a commit still in progress;"
                      + " use at least 1h")
          .build();

  /** Every maintenance option of {@code up}, in the order its help lists them. */
  public static final List<Setting<?>> ALL =
      List.of(OFF, INTERVAL, TARGET_FILE_SIZE, SNAPSHOT_RETENTION, MIN_SNAPSHOTS, ORPHAN_MIN_AGE);

  private MaintenanceOptions() {}

  /** A size as a user writes it: {@code 128MB}, {@code 64KB}, {@code 1000B}. */
  public static String sizeText(MemorySize size) {
    long amount = size.getBytes();
    int unit = 0;
    while (unit < SIZE_UNITS.size() - 1 && amount != 0 && amount % 1024 == 0) {
      amount /= 1024;
      unit++;
    }
    return amount + SIZE_UNITS.get(unit);
  }

  /**
   * A size as a user writes it ({@code 128MB}, {@code 64 kb}, {@code 1gb}), read as Flink reads
   * memory sizes.
   *
   * @throws IllegalArgumentException when it is not a size
   */
  public static MemorySize parseSize(String text) {
    return MemorySize.parse(text.trim().toLowerCase(Locale.ROOT));
  }
}
