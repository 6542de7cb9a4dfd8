#!/usr/bin/env bash
# The suite's test command. Runs the unit and integration tests; the integration tests run the
# bundled dist/ under Node 24 (installed on first use, see scripts/node24.sh) as the runner does.
# Then refuses a run in which any test was skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
ACTION_NODE=$(scripts/node24.sh) || exit 1
export ACTION_NODE
echo "actions run under $("$ACTION_NODE" --version) ($ACTION_NODE)"

node --experimental-vm-modules node_modules/jest/bin/jest.js --ci \
  --json --outputFile=.tmp/jest-results.json "$@"
status=$?
node scripts/test-report.mjs .tmp/jest-results.json || status=1
exit $status
