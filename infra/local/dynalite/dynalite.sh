#!/usr/bin/env bash
# Runs dynalite - a DynamoDB-compatible server on LevelDB (npm, MIT licence) - as the platform's
# local online store. AWS's own DynamoDB Local is not used: it is under the vendor's own licence.
#
# Usage: dynalite.sh --version VERSION --port PORT --path DIR [--host HOST]
#
# The version is the root pom's dynalite.version; `up` and the tests pass it. dynalite is installed
# from the npm registry into a cache once (a few seconds; only when missing), then run with Node.js
# on 127.0.0.1 (or HOST), keeping its data in DIR.
#
# Environment:
#   TRIBUTARY_CACHE   where downloads are kept (default ~/.cache/tributary)
set -euo pipefail

version=""
port=8000
path=""
host="127.0.0.1"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --path) path="$2"; shift 2 ;;
    --host) host="$2"; shift 2 ;;
    *) echo "error: unknown argument $1 (use --version V --port PORT --path DIR [--host HOST])" >&2; exit 1 ;;
  esac
done
if [[ -z "$version" || -z "$path" ]]; then
  echo "error: --version (the root pom's dynalite.version) and --path DIR are required" >&2
  exit 1
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool is not installed; the local DynamoDB (dynalite) needs Node.js 18 or newer" >&2
    exit 1
  fi
done

cache="${TRIBUTARY_CACHE:-$HOME/.cache/tributary}"
install="$cache/dynalite-$version"
if [[ ! -f "$install/.complete" ]]; then
  echo "installing dynalite $version from the npm registry into $install ..." >&2
  mkdir -p "$cache"
  staging="$(mktemp -d "$cache/dynalite-$version.staging.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  npm install --no-audit --no-fund --loglevel=error --prefix "$staging" "dynalite@$version" >&2
  touch "$staging/.complete"
  rm -rf "$install"
  mv "$staging" "$install"
  trap - EXIT
fi

mkdir -p "$path"
# shellcheck source=../child.sh
source "$(dirname "${BASH_SOURCE[0]}")/../child.sh"
run_as_child node "$install/node_modules/dynalite/cli.js" --host "$host" --port "$port" --path "$path"
