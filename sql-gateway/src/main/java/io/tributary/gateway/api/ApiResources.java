package io.tributary.gateway.api;

import static java.util.Objects.requireNonNull;

/** The resources of the platform API, which its routes' handlers call. */
record ApiResources(
    OpenApiDocument openApi,
    DeploymentsResource deployments,
    JobsResource jobs,
    ReplaysResource replays,
    FeaturesResource features) {
  ApiResources {
    requireNonNull(openApi, "openApi is null");
    requireNonNull(deployments, "deployments is null");
    requireNonNull(jobs, "jobs is null");
    requireNonNull(replays, "replays is null");
    requireNonNull(features, "features is null");
  }
}
