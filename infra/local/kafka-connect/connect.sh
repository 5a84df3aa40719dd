#!/usr/bin/env bash
# Runs a Kafka Connect worker (standalone mode) with Apache Iceberg's sink connector on its class
# path: the peer `tributary bench ingest` measures landing against, as a user would run it without
# Tributary. Its connectors are created and removed through the worker's REST API.
#
# Usage: connect.sh --worker-config FILE [--java JAVA]
#
# The worker's class path (Kafka's Connect runtime, Iceberg's sink, Parquet and Hadoop's client for
# the lake's files, about 115 MB) is resolved from this directory's pom.xml, whose versions are the
# root pom's, by Maven into its local repository, once; the resolved list is kept in the cache.
#
# Environment:
#   TRIBUTARY_CACHE  where the resolved class path is kept (default ~/.cache/tributary)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
worker_config=""
java="java"
while (( $# > 0 )); do
  case "$1" in
    --worker-config) worker_config="$2"; shift 2 ;;
    --java) java="$2"; shift 2 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$worker_config" || ! -f "$worker_config" ]]; then
  echo "error: --worker-config must name the worker's properties file" >&2
  exit 2
fi

cache="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
# keyed by both poms: a version changed in the root pom resolves a new class path
key="$(cat "$here/pom.xml" "$here/../../../pom.xml" | sha1sum | cut -c1-12)"
classpath_file="$cache/kafka-connect-$key.classpath"
if [[ ! -s "$classpath_file" ]]; then
  echo "resolving the Kafka Connect worker's class path with Maven (once) ..." >&2
  mkdir -p "$cache"
  mvn -B -q -f "$here/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$classpath_file.partial" >&2
  mv "$classpath_file.partial" "$classpath_file"
fi

# shellcheck source=../child.sh
source "$here/../child.sh"
run_as_child "$java" -Xmx768m -XX:+ExitOnOutOfMemoryError \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp "$(cat "$classpath_file")" org.apache.kafka.connect.cli.ConnectStandalone "$worker_config"
