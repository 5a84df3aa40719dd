package io.tributary.serving;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who a request is: the API key of its {@code x-api-key} header, checked against the keys in the
 * store. The keys are read at most every {@link #REFRESH} (one query), so a key added or revoked
 * takes effect within that time, and a request costs no read of its own.
 */
final class KeyCheck {
  static final String HEADER = "x-api-key";
  static final Duration REFRESH = Duration.ofSeconds(10);

  /** A request with no key, where serving is open (no key defined, open allowed). */
  static final ApiKey OPEN = new ApiKey("(open)", "", List.of(ApiKey.ALL_GROUPS), Instant.EPOCH);

  private final ApiKeys keys;
  private final Clock clock;
  private final boolean openWithoutKeys;
  private Map<String, ApiKey> byHash = Map.of();
  private Instant readAt = Instant.MIN;

  KeyCheck(ApiKeys keys, Clock clock, boolean openWithoutKeys) {
    this.keys = keys;
    this.clock = clock;
    this.openWithoutKeys = openWithoutKeys;
  }

  /**
   * The key of {@code request}.
   *
   * @throws ServingException 401 when the key is missing or unknown
   */
  ApiKey check(ServingRequest request) {
    Map<String, ApiKey> known = known();
    Optional<String> given = request.header(HEADER).map(String::trim).filter(k -> !k.isEmpty());
    if (given.isEmpty()) {
      if (known.isEmpty() && openWithoutKeys) {
        return OPEN;
      }
      throw new ServingException(401, "This API needs an API key in the x-api-key header", HEADER);
    }
    ApiKey key = known.get(ApiKeys.sha256(given.get()));
    if (key == null) {
      throw new ServingException(401, "The API key in x-api-key is not known", HEADER);
    }
    return key;
  }

  private synchronized Map<String, ApiKey> known() {
    Instant now = clock.instant();
    if (readAt.plus(REFRESH).isBefore(now)) {
      Map<String, ApiKey> read = new HashMap<>();
      for (ApiKey key : keys.list()) {
        read.put(key.sha256(), key);
      }
      byHash = Map.copyOf(read);
      readAt = now;
    }
    return byHash;
  }
}
