package io.tributary.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform API's token check on a real token file, with no HTTP in the way. */
class TokenCheckTest {
  @TempDir Path dir;

  private Path file;
  private TokenCheck check;

  @BeforeEach
  void writeTokens() throws Exception {
    file = dir.resolve("tokens.yaml");
    Files.writeString(
        file,
        "users:\n"
            + "  - {name: alice, role: admin, token_sha256: "
            + TokenFile.sha256("alice-token")
            + "}\n"
            + "  - {name: rob, role: reader, token_sha256: "
            + TokenFile.sha256("rob-token")
            + "}\n");
    check = new TokenCheck(file);
  }

  @Test
  void aKnownUserIsAdmittedToWhatTheirRoleAllows() {
    assertThat(check.admit(Optional.of("Bearer alice-token"), Access.OPERATE))
        .isInstanceOfSatisfying(
            Admission.Admitted.class, a -> assertThat(a.user().name()).isEqualTo("alice"));
    assertThat(check.admit(Optional.of("  Bearer rob-token "), Access.READ))
        .isInstanceOfSatisfying(
            Admission.Admitted.class, a -> assertThat(a.user().name()).isEqualTo("rob"));
  }

  @Test
  void aReaderMayNotOperate() {
    assertThat(check.admit(Optional.of("Bearer rob-token"), Access.OPERATE))
        .isEqualTo(
            new Admission.Refused(
                Admission.Refusal.FORBIDDEN,
                "User rob (reader) may not deploy pipelines or operate jobs; that needs the"
                    + " developer or admin role"));
  }

  @Test
  void noTokenOrAnUnknownOneIsUnauthenticated() {
    assertThat(check.admit(Optional.empty(), Access.READ))
        .isEqualTo(
            new Admission.Refused(
                Admission.Refusal.UNAUTHENTICATED,
                "Missing bearer token: send the header 'Authorization: Bearer <token>' (the"
                    + " tributary commands send $TRIBUTARY_TOKEN)"));
    assertThat(check.admit(Optional.of("Basic YWxpY2U6"), Access.READ))
        .isInstanceOfSatisfying(
            Admission.Refused.class,
            r -> assertThat(r.message()).startsWith("Missing bearer token"));
    assertThat(check.admit(Optional.of("Bearer nope"), Access.READ))
        .isEqualTo(
            new Admission.Refused(
                Admission.Refusal.UNAUTHENTICATED,
                "Unknown bearer token: it matches no user of tokens.yaml"));
  }

  @Test
  void theFileIsReadForEveryCheckAndAnUnreadableOneLetsNobodyIn() throws Exception {
    Files.writeString(file, "users: []\n");
    assertThat(check.admit(Optional.of("Bearer alice-token"), Access.READ))
        .isInstanceOfSatisfying(
            Admission.Refused.class,
            r -> assertThat(r.refusal()).isEqualTo(Admission.Refusal.UNAUTHENTICATED));

    Files.delete(file);
    assertThat(check.admit(Optional.of("Bearer alice-token"), Access.READ))
        .isInstanceOfSatisfying(
            Admission.Refused.class,
            r -> {
              assertThat(r.refusal()).isEqualTo(Admission.Refusal.CANNOT_CHECK_TOKENS);
              assertThat(r.message())
                  .startsWith("The platform API cannot check tokens: ")
                  .contains(file.toString());
            });
  }
}
