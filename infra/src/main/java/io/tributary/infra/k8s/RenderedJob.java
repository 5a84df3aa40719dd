package io.tributary.infra.k8s;

import static java.util.Objects.requireNonNull;

/**
 * One long-running job of the platform as Kubernetes runs it.
 *
 * @param jobName the Flink job name, as {@code up} names it ({@code landing-orders})
 * @param kind {@code landing}, {@code pipeline} or {@code feature}
 * @param resourceName the FlinkDeployment's name: the job name as Kubernetes allows it
 */
public record RenderedJob(String jobName, String kind, String resourceName) {
  public RenderedJob {
    requireNonNull(jobName, "jobName is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(resourceName, "resourceName is null");
  }
}
