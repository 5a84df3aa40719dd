package io.tributary.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.stream.pipeline.TargetTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path dir;

  @Test
  void aTableBelongsToTheProjectWithTheLongestMatchingName() throws Exception {
    TokenFile tokens =
        write(
            """
            users:
              - name: sam
                role: developer
                token_sha256: %s
                projects: [sales]
              - name: eve
                role: developer
                token_sha256: %s
                projects: [sales_eu]
            """
                .formatted(TokenFile.sha256("sam-token"), TokenFile.sha256("eve-token")));
    GatewayUser sam = tokens.authenticate("sam-token").orElseThrow();
    GatewayUser eve = tokens.authenticate("eve-token").orElseThrow();

    assertThat(sam.mayWrite(TargetTable.parse("lake.silver.sales_orders"))).isTrue();
    assertThat(sam.mayWrite(TargetTable.parse("lake.gold.sales_revenue"))).isTrue();
    assertThat(sam.mayWrite(TargetTable.parse("lake.silver.sales_eu_orders"))).isFalse();
    assertThat(eve.mayWrite(TargetTable.parse("lake.silver.sales_eu_orders"))).isTrue();
    assertThat(eve.mayWrite(TargetTable.parse("lake.silver.sales_orders"))).isFalse();

    assertThatThrownBy(
            () ->
                sam.checkMayWrite(
                    "deploy pipeline eu",
                    TargetTable.parse("lake.silver.sales_eu_orders"),
                    "; nothing was deployed"))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage(
            "User sam (developer) may not deploy pipeline eu: its target"
                + " lake.silver.sales_eu_orders is not among the tables of their projects"
                + " (silver.sales_*, gold.sales_*, except those of project [sales_eu]);"
                + " nothing was deployed");
  }

  @Test
  void aReaderWritesNothingAndAnAdminEverything() throws Exception {
    TokenFile tokens =
        write(
            """
            users:
              - name: rita
                role: reader
                token_sha256: %s
                projects: [sales]
              - name: ada
                role: admin
                token_sha256: %s
            """
                .formatted(TokenFile.sha256("r"), TokenFile.sha256("a")));
    TargetTable sales = TargetTable.parse("lake.silver.sales_orders");
    assertThat(tokens.authenticate("r").orElseThrow().mayWrite(sales)).isFalse();
    assertThat(tokens.authenticate("a").orElseThrow().mayWrite(sales)).isTrue();
    assertThat(tokens.authenticate("nobody")).isEmpty();
  }

  @Test
  void theCallerOfARequestComesFromItsAuthorizationHeader() throws Exception {
    TokenFile tokens =
        write(
            """
            users:
              - name: ada
                role: admin
                token_sha256: %s
            """
                .formatted(TokenFile.sha256("a")));
    assertThat(tokens.caller("  Bearer a ", "how").user())
        .hasValueSatisfying(user -> assertThat(user.name()).isEqualTo("ada"));
    assertThat(tokens.caller(null, "send $TOKEN").unauthorized())
        .isEqualTo(
            "Missing bearer token: send the header 'Authorization: Bearer <token>' (send $TOKEN)");
    assertThat(tokens.caller("Basic YTpi", "how").user()).isEmpty();
    assertThat(tokens.caller("Bearer b", "how").unauthorized())
        .isEqualTo("Unknown bearer token: it matches no user of tokens.yaml");
  }

  private TokenFile write(String yaml) throws Exception {
    Path file = dir.resolve("tokens.yaml");
    Files.writeString(file, yaml);
    return TokenFile.load(file);
  }
}
