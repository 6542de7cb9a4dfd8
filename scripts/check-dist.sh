#!/usr/bin/env bash
# Fails when the committed dist/ does not match what the sources build to.
set -euo pipefail
npm run build >/dev/null
if ! git diff --quiet --exit-code -- dist || [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run build' and commit the result. Changed files:" >&2
  git status --porcelain -- dist >&2
  exit 1
fi
echo "dist/ matches the sources."
