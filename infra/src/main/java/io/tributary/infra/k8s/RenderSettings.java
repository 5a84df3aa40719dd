package io.tributary.infra.k8s;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the manifests say beyond the declarations and the profile: the image the jobs run in and
 * where the Kubernetes objects go.
 *
 * @param image a Flink 2.1 image with the job jar, such as one built {@code FROM
 *     flink:2.1.1-java17} with {@code tributary-job.jar} copied to {@code /opt/flink/usrlib/}
 * @param jobJar the job jar as the operator finds it, {@code local:///opt/flink/usrlib/...} in the
 *     image, or an {@code s3://} / {@code https://} URL
 * @param namespace the namespace of every object, where the operator watches
 * @param serviceAccount the jobs' service account (on EKS, the one Pod Identity gives the jobs'
 *     role)
 * @param kafkaSecret the secret holding {@code client.properties} for Kafka, mounted into every
 *     job; needed when the profile gives {@code kafka-properties}
 */
public record RenderSettings(
    String image,
    String jobJar,
    String namespace,
    String serviceAccount,
    Optional<String> kafkaSecret) {
  public static final String DEFAULT_JOB_JAR = "local:///opt/flink/usrlib/tributary-job.jar";
  public static final String DEFAULT_NAMESPACE = "tributary";
  public static final String DEFAULT_SERVICE_ACCOUNT = "flink";
  public static final String DEFAULT_KAFKA_SECRET = "tributary-kafka";

  public RenderSettings {
    requireNonNull(image, "image is null");
    requireNonNull(jobJar, "jobJar is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(serviceAccount, "serviceAccount is null");
    requireNonNull(kafkaSecret, "kafkaSecret is null");
  }
}
