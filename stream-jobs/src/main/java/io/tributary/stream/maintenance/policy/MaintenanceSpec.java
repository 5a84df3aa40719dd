package io.tributary.stream.maintenance.policy;

import static java.util.Objects.requireNonNull;

import io.tributary.catalog.error.InvalidValueException;
import io.tributary.stream.config.Setting;
import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlFields;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.MemorySize;

/**
 * What a source or pipeline says about the maintenance of its tables, in its {@code maintenance:}
 * block; each value absent here comes from the platform's {@link MaintenanceSettings}.
 *
 * <pre>{@code
 * maintenance:
 *   enabled: true               # false: no maintenance job for these tables
 *   interval: 30min
 *   target_file_size: 256MB
 *   snapshot_retention: 7d
 *   min_snapshots: 20
 *   orphan_min_age: 3d
 * }</pre>
 */
public record MaintenanceSpec(
    Optional<Boolean> enabled,
    Optional<Duration> interval,
    Optional<MemorySize> targetFileSize,
    Optional<Duration> snapshotRetention,
    Optional<Integer> minSnapshots,
    Optional<Duration> orphanMinAge) {

  /** The fields of a {@code maintenance:} block. */
  public static final Set<String> FIELDS =
      Set.of(
          "enabled",
          "interval",
          "target_file_size",
          "snapshot_retention",
          "min_snapshots",
          "orphan_min_age");

  /** A declaration without a {@code maintenance:} block: every default applies. */
  public static final MaintenanceSpec DEFAULTS =
      new MaintenanceSpec(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public MaintenanceSpec {
    requireNonNull(enabled, "enabled is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(targetFileSize, "targetFileSize is null");
    requireNonNull(snapshotRetention, "snapshotRetention is null");
    requireNonNull(minSnapshots, "minSnapshots is null");
    requireNonNull(orphanMinAge, "orphanMinAge is null");
    checked("interval", MaintenanceOptions.INTERVAL, interval);
    checked("target_file_size", MaintenanceOptions.TARGET_FILE_SIZE, targetFileSize);
    checked("snapshot_retention", MaintenanceOptions.SNAPSHOT_RETENTION, snapshotRetention);
    checked("min_snapshots", MaintenanceOptions.MIN_SNAPSHOTS, minSnapshots);
    checked("orphan_min_age", MaintenanceOptions.ORPHAN_MIN_AGE, orphanMinAge);
  }

  /** The {@code maintenance:} block of a declaration's {@code fields}, or the defaults. */
  public static MaintenanceSpec of(YamlFields fields) {
    return fields
        .object(
            "maintenance",
            "a mapping {enabled, interval, target_file_size, snapshot_retention, ...}",
            MaintenanceSpec::parse)
        .orElse(DEFAULTS);
  }

  /**
   * Reads a {@code maintenance:} block.
   *
   * @throws InvalidFieldException naming the field whose value is wrong
   */
  public static MaintenanceSpec parse(YamlFields block) {
    block.onlyKnown(FIELDS);
    return new MaintenanceSpec(
        block.has("enabled") ? Optional.of(block.bool("enabled", true)) : Optional.empty(),
        block.duration("interval"),
        block
            .optionalText("target_file_size")
            .map(
                text -> {
                  try {
                    return MaintenanceOptions.parseSize(text);
                  } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException(
                        "target_file_size",
                        "'" + text + "' is not a size; write it like 64MB, 128MB or 1GB");
                  }
                }),
        block.duration("snapshot_retention"),
        block.has("min_snapshots")
            ? Optional.of(block.integer("min_snapshots", 0))
            : Optional.empty(),
        block.duration("orphan_min_age"));
  }

  /**
   * The policy of these tables over the platform's {@code defaults}, or empty when they are not
   * maintained: the platform starts no maintenance job, or this block says {@code enabled: false}.
   */
  public Optional<MaintenancePolicy> resolve(MaintenanceSettings defaults) {
    if (!defaults.enabled() || !enabled.orElse(true)) {
      return Optional.empty();
    }
    return Optional.of(
        new MaintenancePolicy(
            interval.orElse(defaults.interval()),
            targetFileSize.orElse(defaults.targetFileSize()).getBytes(),
            snapshotRetention.orElse(defaults.snapshotRetention()),
            minSnapshots.orElse(defaults.minSnapshots()),
            orphanMinAge.orElse(defaults.orphanMinAge())));
  }

  private static <T> void checked(String field, Setting<T> setting, Optional<T> value) {
    try {
      value.ifPresent(setting::check);
    } catch (InvalidValueException e) {
      throw new InvalidFieldException(field, e.getMessage());
    }
  }
}
