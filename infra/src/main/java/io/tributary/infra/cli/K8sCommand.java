package io.tributary.infra.cli;

import io.tributary.infra.k8s.KubernetesRender;
import io.tributary.infra.k8s.RenderSettings;
import io.tributary.infra.k8s.Rendered;
import io.tributary.infra.k8s.RenderedJob;
import io.tributary.infra.local.LocalConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary k8s}: the platform on Kubernetes. */
@Command(
    name = "k8s",
    mixinStandardHelpOptions = true,
    subcommands = {K8sCommand.Render.class},
    description =
        "The platform's jobs on Kubernetes: `k8s render --profile FILE --image IMAGE --out DIR`"
            + " writes the Flink Kubernetes Operator's manifests.")
final class K8sCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code k8s render}: manifests for the Flink Kubernetes Operator from what {@code up} would run
   * with the same options (a profile's included).
   */
  @Command(
      name = "render",
      mixinStandardHelpOptions = true,
      modelTransformer = UpCommand.Options.class,
      description =
          "Write one FlinkDeployment per landing, pipeline and feature job (savepoint upgrades,"
              + " state under --state-dir), a ConfigMap of the declarations and a"
              + " kustomization.yaml into --out, from the sources, pipelines and feature groups up"
              + " would run with the same options; apply with kubectl apply -k DIR. Needs --kafka,"
              + " --catalog glue and --state-dir s3://..., as a profile gives them.")
  static final class Render implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CliOptions.DataDir dataDir;

    @Option(
        names = "--image",
        required = true,
        paramLabel = "IMAGE",
        description =
            "A Flink 2.1 image with the job jar in /opt/flink/usrlib (docs/deploy-kubernetes.md).")
    String image;

    @Option(
        names = "--job-jar",
        paramLabel = "URI",
        defaultValue = RenderSettings.DEFAULT_JOB_JAR,
        description = "The job jar as the operator finds it (default: ${DEFAULT-VALUE}).")
    String jobJar;

    @Option(
        names = "--namespace",
        paramLabel = "NAME",
        defaultValue = RenderSettings.DEFAULT_NAMESPACE,
        description = "The namespace of every object (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(
        names = "--service-account",
        paramLabel = "NAME",
        defaultValue = RenderSettings.DEFAULT_SERVICE_ACCOUNT,
        description = "The jobs' service account (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    @Option(
        names = "--kafka-secret",
        paramLabel = "NAME",
        description =
            "The secret holding Kafka's client.properties, mounted into every job; needed with"
                + " --kafka-properties, whose values stay out of the manifests.")
    String kafkaSecret;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Where the manifests go; an earlier render there is replaced.")
    Path out;

    @Override
    public Integer call() throws Exception {
      LocalConfig config = UpCommand.config(spec, dataDir.dataDir);
      Rendered rendered =
          KubernetesRender.render(
              config,
              new RenderSettings(
                  image, jobJar, namespace, serviceAccount, Optional.ofNullable(kafkaSecret)));
      rendered.write(out);
      PrintWriter printed = spec.commandLine().getOut();
      for (RenderedJob job : rendered.jobs()) {
        printed.printf(
            "%-9s %-40s %s%n",
            job.kind(), job.jobName(), out.resolve(job.resourceName() + ".yaml"));
      }
      printed.printf(
          "%d jobs, their declarations in ConfigMap %s; apply with: kubectl apply -k %s%n",
          rendered.jobs().size(), KubernetesRender.CONFIG_MAP, out);
      return 0;
    }
  }
}
