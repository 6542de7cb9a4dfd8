#!/usr/bin/env node
// Bundles every action entry point (actions/<name>/main.ts, post.ts) with ncc into
// dist/<name>/<entry>/index.js, with the licences of the bundled packages beside each bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const ENTRIES = ['main', 'post'];
const only = process.argv.slice(2);
const actions = readdirSync('actions', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join('actions', d.name, 'action.yml')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name));

if (only.length === 0) rmSync('dist', { recursive: true, force: true });

for (const action of actions) {
  for (const entry of ENTRIES) {
    const source = join('actions', action, `${entry}.ts`);
    if (!existsSync(source)) continue;
    const out = join('dist', action, entry);
    rmSync(out, { recursive: true, force: true });
    execFileSync(
      process.execPath,
      [
        'node_modules/@vercel/ncc/dist/ncc/cli.js',
        'build',
        source,
        '-o',
        out,
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      { stdio: 'inherit' },
    );
    console.log(`built ${out}/index.js`);
  }
}
