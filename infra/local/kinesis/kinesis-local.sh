#!/usr/bin/env bash
# Runs kinesis-local - kinesis-mock on Node.js (npm, MIT licence), a server that speaks Kinesis'
# protocol (CBOR and JSON, resharding included) - for the tests of Kinesis sources. It binds
# 0.0.0.0 with no setting to change that, so loopback.cjs is preloaded to make it listen on
# 127.0.0.1 only.
#
# Usage: kinesis-local.sh --version VERSION --port PORT --tls-port PORT
#
# The version is the root pom's kinesis-local.version; the tests pass it. kinesis-local is
# installed from the npm registry into a cache once (only when missing), then run with Node.js:
# plain HTTP on PORT, HTTPS (its self-signed certificate) on the TLS port. Streams live in memory.
#
# Environment:
#   TRIBUTARY_CACHE   where downloads are kept (default ~/.cache/tributary)
set -euo pipefail

version=""
port=""
tls_port=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --tls-port) tls_port="$2"; shift 2 ;;
    *) echo "error: unknown argument $1 (use --version V --port PORT --tls-port PORT)" >&2; exit 1 ;;
  esac
done
if [[ -z "$version" || -z "$port" || -z "$tls_port" ]]; then
  echo "error: --version (the root pom's kinesis-local.version), --port and --tls-port are required" >&2
  exit 1
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is not installed; kinesis-local needs Node.js 18 or newer" >&2
    exit 1
  fi
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
install="$cache/kinesis-local-$version"
if [[ ! -f "$install/.complete" ]]; then
  echo "installing kinesis-local $version from the npm registry into $install ..." >&2
  mkdir -p "$cache"
  staging="$(mktemp -d "$cache/kinesis-local-$version.staging.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  npm install --no-audit --no-fund --loglevel=error --prefix "$staging" "kinesis-local@$version" >&2
  touch "$staging/.complete"
  rm -rf "$install"
  mv "$staging" "$install"
  trap - EXIT
fi

package="$install/node_modules/kinesis-local"
export KINESIS_MOCK_PLAIN_PORT="$port"
export KINESIS_MOCK_TLS_PORT="$tls_port"
export KINESIS_MOCK_CERT_PATH="$package/server.json"
export LOG_LEVEL="${LOG_LEVEL:-WARN}"
# reshards take effect at once instead of after 500 ms
export SPLIT_SHARD_DURATION=50ms MERGE_SHARDS_DURATION=50ms UPDATE_SHARD_COUNT_DURATION=50ms
export CREATE_STREAM_DURATION=50ms
# shellcheck source=../child.sh
source "$here/../child.sh"
run_as_child node -r "$here/loopback.cjs" "$package/main.js"
