package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

/**
 * Whether a request may go on: {@link Admitted} with the user it comes from, or {@link Refused}
 * with the kind of refusal and a message for the caller. The kinds are the edge's to render (the
 * platform API answers 401, 403 or 503).
 */
public sealed interface Admission permits Admission.Admitted, Admission.Refused {

  /** Why a request is refused. */
  enum Refusal {
    /** No bearer token, or one of no known user. */
    UNAUTHENTICATED,
    /** A known user whose role does not allow the request. */
    FORBIDDEN,
    /** The token file cannot be read, so nobody can be let in. */
    CANNOT_CHECK_TOKENS
  }

  /** The request goes on as {@code user}'s. */
  record Admitted(GatewayUser user) implements Admission {
    public Admitted {
      requireNonNull(user, "user is null");
    }
  }

  /** The request is refused, and {@code message} says why. */
  record Refused(Refusal refusal, String message) implements Admission {
    public Refused {
      requireNonNull(refusal, "refusal is null");
      requireNonNull(message, "message is null");
    }
  }
}
