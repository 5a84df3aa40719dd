package io.tributary.gateway.auth;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.declaration.InvalidFieldException;
import io.tributary.stream.declaration.YamlDeclaration;
import io.tributary.stream.declaration.YamlFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may use the gateway: users with a role, each known by the SHA-256 hash of their bearer token.
 * The file holds hashes only, so reading it gives away no token:
 *
 * <pre>{@code
 * users:
 *   - name: alice
 *     role: admin                      # admin | developer | reader
 *     token_sha256: 9f86d081884c7d65...   # printf %s "$TOKEN" | sha256sum
 *     projects: [growth]               # optional
 * }</pre>
 */
public final class TokenFile {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final String EXPECTED =
      "expected 'users:', a list of {name, role, token_sha256, projects}";

  private final Path file;
  private final Map<String, GatewayUser> usersByHash;

  private TokenFile(Path file, Map<String, GatewayUser> usersByHash) {
    this.file = file;
    this.usersByHash = Map.copyOf(usersByHash);
  }

  /**
   * Reads the file.
   *
   * @throws io.tributary.stream.declaration.DeclarationException naming the file, line and field of
   *     what is wrong
   */
  public static TokenFile load(Path file) {
    requireNonNull(file, "file is null");
    Map<String, GatewayUser> users =
        YamlDeclaration.read(file)
            .map(
                EXPECTED,
                fields -> {
                  fields.onlyKnown(Set.of("users"));
                  Map<String, Declared> byHash = new LinkedHashMap<>();
                  List<Declared> declared = fields.objects("users", EXPECTED, TokenFile::user);
                  for (int i = 0; i < declared.size(); i++) {
                    Declared earlier = byHash.putIfAbsent(declared.get(i).hash(), declared.get(i));
                    if (earlier != null) {
                      throw new InvalidFieldException(
                          "users/" + i + "/token_sha256",
                          "the same token as user " + earlier.name() + "; tokens must differ");
                    }
                  }
                  Set<String> projects = new HashSet<>();
                  declared.forEach(user -> projects.addAll(user.projects()));
                  Map<String, GatewayUser> byToken = new LinkedHashMap<>();
                  byHash.forEach(
                      (hash, user) ->
                          byToken.put(
                              hash,
                              new GatewayUser(
                                  user.name(), user.role(), user.projects(), projects)));
                  return byToken;
                });
    return new TokenFile(file, users);
  }

  /** A user as the file declares them, before the projects of all users are known. */
  private record Declared(String hash, String name, Role role, List<String> projects) {}

  private static Declared user(YamlFields fields) {
    fields.onlyKnown(Set.of("name", "role", "token_sha256", "projects"));
    String name = fields.requiredText("name");
    Role role;
    try {
      role = Role.parse(fields.requiredText("role"));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("role", e.getMessage());
    }
    String hash = fields.requiredText("token_sha256");
    if (!SHA256_HEX.matcher(hash).matches()) {
      throw new InvalidFieldException(
          "token_sha256",
          "is not a SHA-256 hash (64 lower-case hex digits); write the hash of the token, as"
              + " printed by: printf %s \"$TOKEN\" | sha256sum");
    }
    return new Declared(hash, name, role, fields.texts("projects"));
  }

  public Path file() {
    return file;
  }

  public int size() {
    return usersByHash.size();
  }

  /** What a 401 answers in its {@code WWW-Authenticate} header. */
  public static final String CHALLENGE = "Bearer realm=\"tributary\"";

  private static final String BEARER = "Bearer ";

  /**
   * Who sent a request, from its {@code Authorization} header: the user, or else why the request is
   * unauthorized (401), in words for the caller.
   *
   * @param user the user, when the header holds a known user's bearer token
   * @param unauthorized otherwise, what the 401 says
   */
  public record Caller(Optional<GatewayUser> user, String unauthorized) {}

  /**
   * The caller of a request whose {@code Authorization} header is {@code authorization} (null when
   * missing).
   *
   * @param howToSend how the clients of this endpoint send a token, for the message when none came
   */
  public Caller caller(String authorization, String howToSend) {
    if (authorization == null || !authorization.strip().startsWith(BEARER)) {
      return new Caller(
          Optional.empty(),
          "Missing bearer token: send the header 'Authorization: Bearer <token>' ("
              + howToSend
              + ")");
    }
    Optional<GatewayUser> user =
        authenticate(authorization.strip().substring(BEARER.length()).strip());
    return user.isPresent()
        ? new Caller(user, "")
        : new Caller(
            Optional.empty(), "Unknown bearer token: it matches no user of " + file.getFileName());
  }

  /** The user whose token this is. */
  public Optional<GatewayUser> authenticate(String token) {
    requireNonNull(token, "token is null");
    return Optional.ofNullable(usersByHash.get(sha256(token)));
  }

  /** The lower-case hex SHA-256 of the token's UTF-8 bytes, as a token file holds it. */
  public static String sha256(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JVM has no SHA-256", e);
    }
  }
}
