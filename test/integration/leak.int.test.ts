/**
 * No secret value, nor any line of one, nor its JSON-escaped form, may appear in what a run
 * prints (stdout, stderr, the job summary), in success or failure, with debug logging on. The
 * only place a value may stand is inside an `::add-mask::` command.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { sandboxEnv } from '../harness/aws-env.js';
import { type ActionRun, runAction } from '../harness/runner.js';
import { Sandbox } from '../sandbox/index.js';
import { seedTaskManager } from '../sandbox/task-manager.js';

const MULTI_LINE_CANARY = [
  '-----BEGIN CANARY KEY-----',
  'Q0FOQVJZLWxpbmUtb25lLTdmM2E5Yw==',
  'canary line "two" with quotes 91b2',
  '\tcanary-tabbed-line-c4d5',
  '-----END CANARY KEY-----',
  '',
].join('\n');

const JSON_CANARY = JSON.stringify({
  user: 'leak-user-93af',
  password: 'p@ss "quoted" \\ back\nsecond-line-77e1',
  nested: { token: 'nested-token-55d0', list: ['array-item-8c2e'] },
});

let sb: Sandbox;
let roleArn: string;

beforeAll(async () => {
  sb = await Sandbox.start();
  roleArn = seedTaskManager(sb).roleArn;
  sb.secrets.put({ name: 'task-manager/canary-key', string: MULTI_LINE_CANARY });
  sb.secrets.put({ name: 'task-manager/canary-json', string: JSON_CANARY });
  sb.secrets.put({
    name: 'task-manager/canary-stale',
    string: 'stale-canary-3e7f',
    lastRotatedDaysAgo: 90,
  });
});

afterAll(() => sb.stop());

/** Every string that would give a value (or part of one) away. */
function forbiddenStrings(): string[] {
  const parsed = JSON.parse(JSON_CANARY) as { password: string };
  const values = [MULTI_LINE_CANARY, JSON_CANARY, parsed.password, 'stale-canary-3e7f'];
  const forms = new Set<string>();
  for (const value of values) {
    forms.add(JSON.stringify(value).slice(1, -1));
    for (const line of value.split('\n')) {
      if (line.trim().length >= 6) {
        forms.add(line.trim());
        forms.add(JSON.stringify(line.trim()).slice(1, -1));
      }
    }
  }
  for (const leaf of ['leak-user-93af', 'nested-token-55d0', 'array-item-8c2e']) forms.add(leaf);
  return [...forms];
}

function printed(run: ActionRun): string {
  const steps = [run.main, ...(run.post ? [run.post] : [])];
  return steps
    .map((s) =>
      [
        s.stdout
          .split('\n')
          .filter((line) => !line.startsWith('::add-mask::'))
          .join('\n'),
        s.stderr,
        s.summary,
      ].join('\n'),
    )
    .join('\n');
}

function leaks(run: ActionRun): string[] {
  const text = printed(run);
  return forbiddenStrings().filter((form) => text.includes(form));
}

async function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    action: 'fetch-secrets',
    inputs: { 'role-to-assume': roleArn, 'aws-region': 'us-east-1', ...inputs },
    env: { ...sandboxEnv(sb), RUNNER_DEBUG: '1' },
  });
}

describe('fetch-secrets never prints a secret', () => {
  it('in a successful run with every exposure and JSON expansion', async () => {
    const result = await run({
      secrets:
        'KEY=task-manager/canary-key | env,output,file\nAPP=task-manager/canary-json | env,output',
      'parse-json': 'true',
    });

    expect(result.main.exitCode).toBe(0);
    expect(result.main.env.APP_PASSWORD).toBe('p@ss "quoted" \\ back\nsecond-line-77e1');
    expect(leaks(result)).toEqual([]);
    for (const line of [
      'canary line "two" with quotes 91b2',
      'second-line-77e1',
      'nested-token-55d0',
    ]) {
      expect(result.main.masks).toContain(line);
    }
  });

  it('in a run that fails on a name collision after the values were read', async () => {
    const result = await run({
      secrets: 'SAME=task-manager/canary-key\nSAME=task-manager/canary-json',
    });

    expect(result.main.exitCode).toBe(1);
    expect(leaks(result)).toEqual([]);
  });

  it('in a run that fails on a stale secret and a missing one', async () => {
    const collide = await run({
      secrets: 'task-manager/canary-json\ntask-manager/canary-stale',
      'parse-json': 'true',
      'max-secret-age-days': '30',
    });
    const missing = await run({ secrets: 'task-manager/canary-key\ntask-manager/not-there' });

    expect(collide.main.exitCode).toBe(1);
    expect(collide.main.errors[0]).toMatch(/canary-stale last rotated 90 days ago/);
    expect(missing.main.exitCode).toBe(1);
    expect(leaks(collide)).toEqual([]);
    expect(leaks(missing)).toEqual([]);
  });

  it('detects a leak when one is there (the check itself can fail)', () => {
    const fake = {
      main: { stdout: 'oops canary line "two" with quotes 91b2', stderr: '', summary: '' },
    } as unknown as ActionRun;

    expect(leaks(fake)).toEqual(['canary line "two" with quotes 91b2']);
  });
});
