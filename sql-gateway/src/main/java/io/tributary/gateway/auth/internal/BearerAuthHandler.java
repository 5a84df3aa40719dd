package io.tributary.gateway.auth.internal;

import static java.util.Objects.requireNonNull;

import io.tributary.gateway.auth.GatewayUser;
import io.tributary.gateway.auth.TokenFile;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.rest.handler.util.HandlerUtils;
import org.apache.flink.runtime.rest.messages.ErrorResponseBody;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelHandlerContext;
import org.apache.flink.shaded.netty4.io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.FullHttpRequest;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpHeaderNames;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.QueryStringDecoder;
import org.apache.flink.shaded.netty4.io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every request to the gateway's REST endpoint before Flink's router sees it: a bearer token
 * of a known user (else 401), and a request their role allows (else 403). Refusals are JSON in
 * Flink's own error shape, {@code {"errors": ["..."]}}, so Flink's clients show the message.
 */
final class BearerAuthHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthHandler.class);

  private final Optional<TokenFile> tokens;
  private final String unavailable;
  private final Map<String, String> responseHeaders;

  private BearerAuthHandler(
      Optional<TokenFile> tokens, String unavailable, Map<String, String> responseHeaders) {
    this.tokens = tokens;
    this.unavailable = unavailable;
    this.responseHeaders = Map.copyOf(requireNonNull(responseHeaders, "responseHeaders is null"));
  }

  static BearerAuthHandler checking(TokenFile tokens, Map<String, String> responseHeaders) {
    return new BearerAuthHandler(
        Optional.of(requireNonNull(tokens, "tokens is null")), "", responseHeaders);
  }

  /** Answers 503 to everything: the token file cannot be read, so nobody can be let in. */
  static BearerAuthHandler refusingAll(String reason, Map<String, String> responseHeaders) {
    return new BearerAuthHandler(Optional.empty(), reason, responseHeaders);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    // decoded as Flink's router decodes it, so that %-escapes cannot dodge a rule
    String path = new QueryStringDecoder(request.uri()).path();
    if (tokens.isEmpty()) {
      reject(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, unavailable);
      return;
    }
    TokenFile.Caller caller =
        tokens
            .get()
            .caller(
                request.headers().get(HttpHeaderNames.AUTHORIZATION),
                "Flink's SQL client and JDBC driver send it from the environment variable"
                    + " FLINK_REST_CLIENT_HEADERS=\"Authorization:Bearer <token>\"");
    Optional<GatewayUser> user = caller.user();
    if (user.isEmpty()) {
      reject(ctx, request, HttpResponseStatus.UNAUTHORIZED, caller.unauthorized());
      return;
    }
    String body = request.content().toString(StandardCharsets.UTF_8);
    Optional<String> refusal = AccessRules.refusal(user.get(), request.method().name(), path, body);
    if (refusal.isPresent()) {
      reject(ctx, request, HttpResponseStatus.FORBIDDEN, refusal.get());
      return;
    }
    ctx.fireChannelRead(msg);
  }

  private void reject(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      HttpResponseStatus status,
      String message) {
    LOG.info("Refused {} {} with {}: {}", request.method(), request.uri(), status.code(), message);
    Map<String, String> headers = new HashMap<>(responseHeaders);
    if (status == HttpResponseStatus.UNAUTHORIZED) {
      headers.put(HttpHeaderNames.WWW_AUTHENTICATE.toString(), TokenFile.CHALLENGE);
    }
    try {
      HandlerUtils.sendErrorResponse(ctx, request, new ErrorResponseBody(message), status, headers);
    } finally {
      ReferenceCountUtil.release(request);
    }
  }
}
