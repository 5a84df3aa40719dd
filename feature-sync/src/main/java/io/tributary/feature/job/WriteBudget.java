package io.tributary.feature.job;

/**
 * How many items a task of a feature job may write a second: a token bucket whose rate follows what
 * the store absorbs, as TCP's congestion window follows the network (additive increase,
 * multiplicative decrease). A flush that had to wait for room in the sink means the store lags: the
 * rate drops by 30 % (at most once a second); each second without a wait raises it by a tenth. An
 * entity whose flush finds no tokens stays dirty and tries again a coalescing interval later, so
 * the job never waits on the store: it keeps reading the log at speed, every entity's later events
 * fold into the same pending write, and under overload values lag by the time the store needs to go
 * round the entities, not by a queue of writes it will never catch up with.
 */
final class WriteBudget {
  static final double MIN_RATE = 100;
  static final double MAX_RATE = 100_000;
  private static final double INITIAL_RATE = 1_000;

  /** Tokens saved up at most: a fifth of a second at the current rate. */
  private static final double BURST_SECONDS = 0.2;

  private double rate = INITIAL_RATE;
  private double tokens = INITIAL_RATE * BURST_SECONDS;
  private long refilledAt;
  private long lastWait;
  private long lastChange;

  /** Takes {@code items} tokens if there are; false when the flush must wait. */
  boolean take(int items, long nowMillis) {
    refill(nowMillis);
    if (tokens < items) {
      return false;
    }
    tokens -= items;
    return true;
  }

  /** What the last flush's writes met: a full sink ({@code waited}) or room. */
  void record(boolean waited, long nowMillis) {
    if (waited) {
      lastWait = nowMillis;
      if (nowMillis - lastChange >= 1_000) {
        rate = Math.max(MIN_RATE, rate * 0.7);
        tokens = Math.min(tokens, rate * BURST_SECONDS);
        lastChange = nowMillis;
      }
    } else if (nowMillis - lastWait >= 1_000 && nowMillis - lastChange >= 1_000) {
      rate = Math.min(MAX_RATE, rate * 1.1 + 10);
      lastChange = nowMillis;
    }
  }

  double rate() {
    return rate;
  }

  private void refill(long nowMillis) {
    if (refilledAt == 0) {
      refilledAt = nowMillis;
    }
    tokens = Math.min(rate * BURST_SECONDS, tokens + (nowMillis - refilledAt) * rate / 1000.0);
    refilledAt = nowMillis;
  }
}
