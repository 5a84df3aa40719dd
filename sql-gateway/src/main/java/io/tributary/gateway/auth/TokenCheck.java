package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The platform API's side of the gateway's bearer tokens, apart from HTTP: given the value of a
 * request's {@code Authorization} header and what its route needs, the user it comes from or why it
 * is refused. The same token file as the SQL gateway's, read again for every request so that an
 * edit (a new user, a revoked token) takes effect at once. Anyone known may read and ask for a
 * plan; deploying and operating jobs need the developer or admin role.
 */
public final class TokenCheck {
  private static final String HOW_TO_SEND = "the tributary commands send $TRIBUTARY_TOKEN";

  private final Path tokenFile;

  public TokenCheck(Path tokenFile) {
    this.tokenFile = requireNonNull(tokenFile, "tokenFile is null");
  }

  public Path tokenFile() {
    return tokenFile;
  }

  /**
   * Admits or refuses one request.
   *
   * @param authorization the request's {@code Authorization} header, if it has one
   * @param access what the request's route needs
   */
  public Admission admit(Optional<String> authorization, Access access) {
    requireNonNull(authorization, "authorization is null");
    requireNonNull(access, "access is null");
    TokenFile tokens;
    try {
      tokens = TokenFile.load(tokenFile);
    } catch (RuntimeException e) { // whatever makes the file unusable, it lets nobody in
      return new Admission.Refused(
          Admission.Refusal.CANNOT_CHECK_TOKENS,
          "The platform API cannot check tokens: " + e.getMessage());
    }
    TokenFile.Caller caller = tokens.caller(authorization.orElse(null), HOW_TO_SEND);
    if (caller.user().isEmpty()) {
      return new Admission.Refused(Admission.Refusal.UNAUTHENTICATED, caller.unauthorized());
    }
    GatewayUser user = caller.user().get();
    if (access == Access.OPERATE && user.role() == Role.READER) {
      return new Admission.Refused(
          Admission.Refusal.FORBIDDEN,
          "User "
              + user
              + " may not deploy pipelines or operate jobs; that needs the developer or admin"
              + " role");
    }
    return new Admission.Admitted(user);
  }

  @Override
  public String toString() {
    return "bearer tokens of " + tokenFile;
  }
}
