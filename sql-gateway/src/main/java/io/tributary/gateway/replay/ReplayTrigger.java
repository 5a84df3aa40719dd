package io.tributary.gateway.replay;

/** Why a replay ran. */
public enum ReplayTrigger {
  /** The pipeline's daily replay ({@code replay: {daily: "HH:MM"}}), retried when it fails. */
  SCHEDULE,
  /** Asked for by hand ({@code tributary replay}). */
  MANUAL,
  /** One day of a backfill ({@code tributary backfill}). */
  BACKFILL
}
