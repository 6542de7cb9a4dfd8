#!/usr/bin/env node
// Reads jest's JSON results and fails the run when any test was skipped, left as a todo, or when
// no test ran at all: a skipped required test must never pass silently. Prints one closing line.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.tmp/jest-results.json';
const results = JSON.parse(readFileSync(file, 'utf8'));
const passed = results.numPassedTests;
const failed = results.numFailedTests;
const skipped = results.numPendingTests + results.numTodoTests;
const suitesFailed = results.numFailedTestSuites + (results.numRuntimeErrorTestSuites ?? 0);

const problems = [];
if (results.numTotalTests === 0) problems.push('no test ran');
if (skipped > 0) problems.push(`${skipped} test(s) were skipped or left as todo`);
if (suitesFailed > 0) problems.push(`${suitesFailed} test suite(s) failed to run`);
if (failed > 0) problems.push(`${failed} test(s) failed`);

for (const suite of results.testResults) {
  for (const t of suite.assertionResults) {
    if (t.status === 'pending' || t.status === 'todo') console.error(`skipped: ${t.fullName}`);
  }
}
for (const problem of problems) console.error(`test run rejected: ${problem}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(problems.length > 0 || !results.success ? 1 : 0);
