#!/usr/bin/env bash
# The suite's test command: lint-free sources are assumed; this builds nothing. Runs the unit and
# integration tests (integration against the bundled dist/, under $ACTION_NODE when set), then
# refuses a run in which any test was skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci \
  --json --outputFile=.tmp/jest-results.json "$@"
status=$?
node scripts/test-report.mjs .tmp/jest-results.json || status=1
exit $status
