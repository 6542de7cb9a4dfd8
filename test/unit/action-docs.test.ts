import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { ROOT } from '../harness/runner.js';

interface Manifest {
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main?: string; post?: string };
}

const actions = readdirSync(join(ROOT, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name);

describe.each(actions)('actions/%s', (action) => {
  const manifest = parse(
    readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8'),
  ) as Manifest;
  const readme = readFileSync(join(ROOT, 'actions', action, 'README.md'), 'utf8');

  it('runs on node24 from its bundle in dist/', () => {
    expect(manifest.runs.using).toBe('node24');
    expect(manifest.runs.main).toBe(`../../dist/${action}/main/index.js`);
  });

  it('describes every input and says whether it is required', () => {
    for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
      expect([name, (spec.description ?? '').length > 20]).toEqual([name, true]);
      expect([name, typeof spec.required]).toEqual([name, 'boolean']);
    }
  });

  it('lists in its README exactly the inputs and outputs of action.yml, in order', () => {
    const rows = [...readme.matchAll(/^\| `([\w-]+)` +\|/gm)].map((m) => m[1]);
    const declared = [
      ...Object.keys(manifest.inputs ?? {}),
      ...Object.keys(manifest.outputs ?? {}),
    ];

    expect(rows).toEqual(declared);
  });
});
