package io.tributary.stream.source;

import static java.util.Objects.requireNonNull;

import io.tributary.stream.declaration.InvalidFieldException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A source's events arrive on a Kinesis data stream: the platform's bridge moves each record into
 * the source's Kafka topic, exactly once, and from there it lands like any other event.
 *
 * <pre>{@code
 * kinesis:
 *   stream: orders            # the Kinesis data stream
 *   region: eu-west-1         # optional: the SDK's default region otherwise
 *   endpoint: http://127.0.0.1:4568   # optional: a Kinesis-compatible server instead of AWS
 *   start: trim_horizon       # where a stream never read before starts: trim_horizon | latest
 * }</pre>
 *
 * @param stream the stream's name
 * @param region the AWS region, when not the SDK's default
 * @param endpoint a Kinesis-compatible server to talk to instead of AWS's own endpoint
 * @param start where the bridge starts on shards it has never read
 */
public record KinesisSpec(
    String stream, Optional<String> region, Optional<URI> endpoint, Start start) {

  /** Where a shard the bridge has never read starts. */
  public enum Start {
    /** At the oldest record the stream still holds: nothing the stream keeps is skipped. */
    TRIM_HORIZON,
    /** At the records put after the bridge first starts. */
    LATEST;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Start> fromYamlName(String text) {
      return Arrays.stream(values()).filter(s -> s.yamlName().equals(text)).findFirst();
    }

    public static String choices() {
      return Arrays.stream(values()).map(Start::yamlName).collect(Collectors.joining(", "));
    }
  }

  // Kinesis' own rule for stream names
  private static final Pattern STREAM = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

  public KinesisSpec {
    requireNonNull(stream, "stream is null");
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(start, "start is null");
    if (!STREAM.matcher(stream).matches()) {
      throw new InvalidFieldException(
          "stream",
          "'" + stream + "' is not a Kinesis stream name (1 to 128 letters, digits, _ . -)");
    }
    if (region.isPresent() && !REGION.matcher(region.get()).matches()) {
      throw new InvalidFieldException(
          "region", "'" + region.get() + "' is not an AWS region name such as eu-west-1");
    }
    if (endpoint.isPresent()) {
      URI uri = endpoint.get();
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new InvalidFieldException(
            "endpoint", "'" + uri + "' is not an http:// or https:// address with a host");
      }
    }
  }

  /**
   * The same stream at {@code fallback} when the declaration names no endpoint of its own ({@code
   * up --kinesis-endpoint}: a profile points every such source at kinesis-local, or at nothing, for
   * AWS's own); a declared endpoint wins.
   */
  public KinesisSpec withEndpointIfUnset(Optional<URI> fallback) {
    requireNonNull(fallback, "fallback is null");
    return endpoint.isPresent() || fallback.isEmpty()
        ? this
        : new KinesisSpec(stream, region, fallback, start);
  }

  /**
   * Whether the endpoint is a local stand-in (on a loopback address): its requests are signed with
   * fixed local credentials instead of the SDK's default chain, which a laptop need not have.
   */
  public boolean isLocal() {
    if (endpoint.isEmpty()) {
      return false;
    }
    try {
      return InetAddress.getByName(endpoint.get().getHost()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
