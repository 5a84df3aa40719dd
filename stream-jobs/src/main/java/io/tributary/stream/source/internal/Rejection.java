package io.tributary.stream.source.internal;

/**
 * Thrown by a field parser when a value does not fit its column. Carries only a message a person
 * can act on; without a stack trace, since bad input is expected and must stay cheap.
 */
final class Rejection extends Exception {
  Rejection(String message) {
    super(message, null, false, false);
  }
}
