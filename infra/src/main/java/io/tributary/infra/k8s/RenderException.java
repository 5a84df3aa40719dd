package io.tributary.infra.k8s;

import io.tributary.catalog.error.ErrorCode;
import io.tributary.catalog.error.TributaryException;

/** Manifests that cannot be rendered from what was given, with what to give instead. */
public final class RenderException extends TributaryException {
  public RenderException(String message) {
    super(ErrorCode.INVALID_REQUEST, message);
  }
}
