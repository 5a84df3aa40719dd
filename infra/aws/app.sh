#!/usr/bin/env bash
# The CDK app, as cdk.json names it for `npx aws-cdk@2.1148.1 synth|diff|deploy` run from this
# directory (docs/deploy-aws.md). Builds the modules it reads (the source declarations, the serving
# Lambda's jar), then runs io.tributary.infra.aws.TributaryApp from the build with the CDK on its
# classpath: the CDK stays out of tributary.jar and target/lib.
#
# Context (cdk -c key=value): environment, sources, kafka-bootstrap, serving-jar,
# checkpoint-interval, alarm-email (AwsSettings.fromContext).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# the CLI names its output directory relative to where it runs (infra/aws/cdk.out)
if [[ -n "${CDK_OUTDIR:-}" && "$CDK_OUTDIR" != /* ]]; then
  export CDK_OUTDIR="$PWD/$CDK_OUTDIR"
fi
cd "$home"
# jsii (the CDK's bridge to its JavaScript) warns on every run that Node.js 20 is past its support
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
mvn -q -B install -DskipTests -Dspotless.check.skip=true -pl infra -am >&2
exec mvn -q -B -pl infra exec:java -Dtributary.home="$home" >&2
