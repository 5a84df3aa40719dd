#!/usr/bin/env bash
# Runs Trino - the engine behind Athena - against Tributary's Iceberg REST catalog, or against
# AWS Glue with the tables on S3 as Athena itself reads them, so analysts query the lake in the
# dialect they will use in AWS.
#
# Usage: trino.sh --version VERSION --catalog-uri URI [--port PORT] [--work-dir DIR]
#        trino.sh --version VERSION --glue-region REGION [--aws-endpoint URL] [--port PORT] [--work-dir DIR]
#
# With --glue-region, Glue and S3 are AWS's (or the server of their protocols at --aws-endpoint,
# such as moto), and the credentials are AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when set,
# else the AWS SDK's default chain.
#
# The version is the root pom's trino.version; `bin/tributary trino` passes it.
#
# Trino's server core and its Iceberg plugin are fetched from Maven Central into a cache once
# (about 550 MB; only when missing), then run with Java 25, which Trino requires, on 127.0.0.1.
#
# Environment:
#   TRIBUTARY_TRINO_JAVA_HOME  the JDK to run Trino with (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   TRIBUTARY_CACHE            where downloads are kept (default ~/.cache/tributary)
#   TRIBUTARY_TRINO_HEAP       Trino's maximum heap (default 1G)
set -euo pipefail

version=""
catalog_uri=""
glue_region=""
aws_endpoint=""
port=8090
work_dir=".tributary/trino"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --catalog-uri) catalog_uri="$2"; shift 2 ;;
    --glue-region) glue_region="$2"; shift 2 ;;
    --aws-endpoint) aws_endpoint="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --work-dir) work_dir="$2"; shift 2 ;;
    *) echo "error: unknown argument $1 (use --catalog-uri URI [--port PORT] [--work-dir DIR])" >&2; exit 1 ;;
  esac
done
if [[ -z "$version" ]]; then
  echo "error: --version is required (the root pom's trino.version)" >&2
  exit 1
fi
if [[ -z "$catalog_uri" && -z "$glue_region" ]]; then
  echo "error: --catalog-uri (such as http://127.0.0.1:8181) or --glue-region is required" >&2
  exit 1
fi

java_home="${TRIBUTARY_TRINO_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ ! -x "$java_home/bin/java" ]]; then
  echo "error: Trino $version needs Java 24 or newer; none at $java_home (set TRIBUTARY_TRINO_JAVA_HOME)" >&2
  exit 1
fi

cache="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
install="$cache/trino-server-$version"
if [[ ! -f "$install/.complete" ]]; then
  echo "fetching Trino $version (server core and Iceberg plugin) from Maven Central into $cache ..." >&2
  staging="$(mktemp -d "${cache%/}.staging.XXXXXX" 2>/dev/null || mktemp -d)"
  trap 'rm -rf "$staging"' EXIT
  for artifact in "io.trino:trino-server-core:$version:tar.gz" "io.trino:trino-iceberg:$version:zip"; do
    (cd "$staging" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="$artifact" -DoutputDirectory="$staging/download") >&2
  done
  tar xzf "$staging/download/trino-server-core-$version.tar.gz" -C "$staging"
  unzip -q "$staging/download/trino-iceberg-$version.zip" -d "$staging/plugin"
  mv "$staging/plugin/trino-iceberg-$version" "$staging/trino-server-core-$version/plugin/iceberg"
  mkdir -p "$cache"
  rm -rf "$install"
  mv "$staging/trino-server-core-$version" "$install"
  touch "$install/.complete"
fi

work_dir="$(mkdir -p "$work_dir" && cd "$work_dir" && pwd)"
etc="$work_dir/etc"
mkdir -p "$etc/catalog" "$work_dir/data"
cat > "$etc/config.properties" <<PROPERTIES
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$port
discovery.uri=http://127.0.0.1:$port
query.max-memory=1GB
query.max-memory-per-node=512MB
plugin.dir=$install/plugin
catalog.config-dir=$etc/catalog
http-server.log.path=$work_dir/log/http-request.log
# one node, coordinator and worker in one: a heartbeat missed on a loaded machine would mark it
# failed and refuse queries with "No nodes available" although nothing is down
failure-detector.enabled=false
PROPERTIES
cat > "$etc/log.properties" <<PROPERTIES
io.trino=WARN
io.airlift=WARN
PROPERTIES
if [[ -n "$glue_region" ]]; then
  {
    echo "connector.name=iceberg"
    echo "iceberg.catalog.type=glue"
    echo "hive.metastore.glue.region=$glue_region"
    echo "fs.native-s3.enabled=true"
    echo "s3.region=$glue_region"
    if [[ -n "$aws_endpoint" ]]; then
      echo "hive.metastore.glue.endpoint-url=$aws_endpoint"
      echo "s3.endpoint=$aws_endpoint"
      echo "s3.path-style-access=true"
    fi
    if [[ -n "${AWS_ACCESS_KEY_ID:-}" && -n "${AWS_SECRET_ACCESS_KEY:-}" ]]; then
      echo "hive.metastore.glue.aws-access-key=$AWS_ACCESS_KEY_ID"
      echo "hive.metastore.glue.aws-secret-key=$AWS_SECRET_ACCESS_KEY"
      echo "s3.aws-access-key=$AWS_ACCESS_KEY_ID"
      echo "s3.aws-secret-key=$AWS_SECRET_ACCESS_KEY"
    fi
  } > "$etc/catalog/lake.properties"
  chmod 600 "$etc/catalog/lake.properties"
else
  cat > "$etc/catalog/lake.properties" <<PROPERTIES
connector.name=iceberg
iceberg.catalog.type=rest
iceberg.rest-catalog.uri=$catalog_uri
fs.native-local.enabled=true
local.location=/
PROPERTIES
fi

# shellcheck source=../child.sh
source "$(dirname "${BASH_SOURCE[0]}")/../child.sh"
run_as_child "$java_home/bin/java" \
  -Xmx"${TRIBUTARY_TRINO_HEAP:-1G}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
  -XX:ReservedCodeCacheSize=256M -Djdk.attach.allowAttachSelf=true --enable-native-access=ALL-UNNAMED \
  -Dfile.encoding=UTF-8 \
  -Dnode.environment=tributary -Dnode.id=tributary-local \
  -Dnode.data-dir="$work_dir/data" -Dnode.internal-address=127.0.0.1 -Dnode.bind-ip=127.0.0.1 \
  -Dconfig="$etc/config.properties" -Dlog.levels-file="$etc/log.properties" \
  -cp "$install/lib/*" io.trino.server.TrinoServer
