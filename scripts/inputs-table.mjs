#!/usr/bin/env node
// Prints the Markdown table of an action's inputs and outputs from its action.yml, for its README.
//   node scripts/inputs-table.mjs fetch-secrets
import { readFileSync } from 'node:fs';

import { parse } from 'yaml';

const action = process.argv[2];
const manifest = parse(readFileSync(`actions/${action}/action.yml`, 'utf8'));
const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

console.log('| input | required | default | description |');
console.log('| --- | --- | --- | --- |');
for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
  const def = spec.default === undefined || spec.default === '' ? '' : `\`${spec.default}\``;
  console.log(
    `| \`${name}\` | ${spec.required ? 'yes' : 'no'} | ${def} | ${cell(spec.description)} |`,
  );
}
console.log('\n| output | description |');
console.log('| --- | --- |');
for (const [name, spec] of Object.entries(manifest.outputs ?? {})) {
  console.log(`| \`${name}\` | ${cell(spec.description)} |`);
}
