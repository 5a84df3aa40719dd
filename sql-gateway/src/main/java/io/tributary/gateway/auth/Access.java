package io.tributary.gateway.auth;

/** What a request of the platform API needs of its caller: each route declares one. */
public enum Access {
  /** Anyone known: reading, and asking for a deployment plan. */
  READ,
  /** The developer or admin role: deploying pipelines, running replays and operating jobs. */
  OPERATE
}
