package io.tributary.gateway.deploy;

/** How a deployment ended, as the history keeps it. */
public enum DeploymentStatus {
  /** Every change was applied. */
  APPLIED,
  /**
   * A changed pipeline could not keep its state: it runs its old version, and the deployment
   * stopped there; changed pipelines before it in name order are on their new versions.
   */
  REFUSED,
  /** A job would not stop or start; the outcomes say where it stopped. */
  FAILED,
  /** Everything already ran as the directory says. */
  NOTHING_TO_DO
}
