package io.tributary.infra.aws;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@code cd infra/aws && npx aws-cdk@2.1148.1 synth} (or {@code deploy}) runs it
 * through {@code app.sh}. The account and region are the CLI's ({@code CDK_DEFAULT_ACCOUNT}, {@code
 * CDK_DEFAULT_REGION}); everything else is context (see {@link AwsSettings#fromContext}). Every
 * synth runs cdk-nag's AwsSolutions rules over the stack: a finding fails the synth.
 */
public final class TributaryApp {
  private TributaryApp() {}

  /**
   * The app with its stack in {@code environment} (account and region, tokens where unset), checked
   * by cdk-nag, not yet synthesized.
   */
  public static App app(App app, Path home, Environment environment) {
    AwsSettings settings = AwsSettings.fromContext(app.getNode(), home);
    new TributaryStack(
        app,
        settings.name(),
        StackProps.builder()
            .description(
                "Tributary, a streaming-first data platform: environment " + settings.name())
            .env(environment)
            .build(),
        settings);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return app;
  }

  public static void main(String[] args) {
    Path home = Path.of(System.getProperty("tributary.home", ".")).toAbsolutePath().normalize();
    app(
            new App(),
            home,
            Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                .region(System.getenv("CDK_DEFAULT_REGION"))
                .build())
        .synth();
  }
}
