/**
 * fetch-secrets benchmark, all in one run on one machine:
 *
 * 1. 100 secrets from the sandbox with 20 ms added to every response: the bundled action (batch
 *    calls), the bundled action with the batch call denied (its GetSecretValue fallback), and a
 *    loop of one GetSecretValue at a time (what the official action does). Wall time and requests.
 * 2. The floor the goal is set against: a bare `node` start plus two round trips.
 * 3. The cold start of each bundle to its first input error, next to a bare `node` start.
 *
 *   npm run bench -- [runs]      (default 7 runs per figure; medians reported)
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

import { sandboxEnv } from '../test/harness/aws-env.js';
import { ROOT, runAction } from '../test/harness/runner.js';
import { Sandbox } from '../test/sandbox/index.js';
import { seedTaskManager } from '../test/sandbox/task-manager.js';

const RUNS = Number(process.argv[2] ?? 7);
const LATENCY_MS = 20;
const SECRETS = 100;
const NODE = process.env.ACTION_NODE ?? process.execPath;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One request-response over a warm keep-alive connection to the sandbox (latency included). */
async function roundTrip(base: string): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  const once = () =>
    new Promise<void>((done, fail) => {
      request(`${base}/.well-known/jwks`, { agent }, (res) => {
        res.resume();
        res.on('end', done);
      })
        .on('error', fail)
        .end();
    });
  await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS * 3; i++) times.push(await timed(once));
  agent.destroy();
  return median(times);
}

function bareStart(): number {
  const start = process.hrtime.bigint();
  spawnSync(NODE, ['-e', '0']);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const sb = await Sandbox.start({ latencyMs: LATENCY_MS });
  seedTaskManager(sb);
  const names = Array.from(
    { length: SECRETS },
    (_, i) => `bench/secret-${String(i).padStart(3, '0')}`,
  );
  for (const name of names) sb.secrets.put({ name, string: `value of ${name}` });
  const readAll = [
    { effect: 'Allow' as const, actions: ['secretsmanager:GetSecretValue'], resources: ['*'] },
  ];
  const noBatchRole = sb.iam.createRole({
    name: 'bench-no-batch',
    trust: { subjects: ['repo:acme/task-manager:*'] },
    policy: readAll,
  });
  const batchRole = sb.iam.createRole({
    name: 'bench-batch',
    trust: { subjects: ['repo:acme/task-manager:*'] },
    policy: [
      ...readAll,
      { effect: 'Allow', actions: ['secretsmanager:BatchGetSecretValue'], resources: ['*'] },
    ],
  });

  const action = async (role: string) => {
    sb.calls.length = 0;
    const run = await runAction({
      action: 'fetch-secrets',
      inputs: { 'role-to-assume': role, 'aws-region': sb.region, secrets: names.join('\n') },
      env: sandboxEnv(sb),
      post: false,
      node: NODE,
    });
    if (run.main.exitCode !== 0)
      throw new Error(`fetch-secrets failed: ${run.main.stderr}${run.main.errors.join('\n')}`);
    return sb.calls.length;
  };

  const oneAtATime = async () => {
    sb.calls.length = 0;
    const token = await sb.oidc.mint('sts.amazonaws.com');
    const sts = new STSClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: batchRole,
        RoleSessionName: 'bench',
        WebIdentityToken: token,
      }),
    );
    const c = out.Credentials!;
    const sm = new SecretsManagerClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken,
      },
    });
    for (const name of names) await sm.send(new GetSecretValueCommand({ SecretId: name }));
    sm.destroy();
    sts.destroy();
    return sb.calls.length + 1; // + the OIDC token request
  };

  const rows: [string, number, number][] = [];
  for (const [label, fn] of [
    ['fetch-secrets bundle, BatchGetSecretValue', () => action(batchRole)],
    [
      'fetch-secrets bundle, batch denied (GetSecretValue fallback, 8 in parallel)',
      () => action(noBatchRole),
    ],
    ['one GetSecretValue at a time (in-process SDK loop, no process start)', oneAtATime],
  ] as const) {
    const times: number[] = [];
    let requests = 0;
    for (let i = 0; i < RUNS; i++) {
      times.push(await timed(async () => (requests = await fn())));
    }
    rows.push([label, median(times), requests]);
  }

  const bare = median(Array.from({ length: RUNS * 3 }, bareStart));
  const rtt = await roundTrip(sb.githubUrl);
  await sb.stop();

  const cold = coldStarts();
  const mainCold = cold.get('fetch-secrets/main') ?? Number.NaN;
  const floor = bare + 2 * rtt;
  const bundleFloor = mainCold + 2 * rtt;
  const nodeVersion = spawnSync(NODE, ['--version']).stdout.toString().trim();
  console.log(
    `\n## 100 secrets, ${LATENCY_MS} ms added per response (median of ${RUNS} runs, Node ${nodeVersion})\n`,
  );
  console.log('| how | wall time | requests |');
  console.log('| --- | ---: | ---: |');
  for (const [label, ms, requests] of rows)
    console.log(`| ${label} | ${ms.toFixed(0)} ms | ${requests} |`);
  const batch = rows[0]![1];
  console.log(`\nOne round trip (warm connection, latency included): ${rtt.toFixed(1)} ms.`);
  console.log(`Batch vs one at a time: ${(rows[2]![1] / batch).toFixed(1)}x faster.`);
  console.log(
    `Batch vs bare node start + 2 round trips (${floor.toFixed(0)} ms): ${(batch / floor).toFixed(2)}x.`,
  );
  console.log(
    `Batch vs this bundle's start + 2 round trips (${bundleFloor.toFixed(0)} ms): ${(batch / bundleFloor).toFixed(2)}x.`,
  );

  console.log(`\n## Cold start to the first input error (median of ${RUNS * 3} runs)\n`);
  console.log('| bundle | time | over a bare node start |');
  console.log('| --- | ---: | ---: |');
  console.log(`| bare \`node -e 0\` | ${bare.toFixed(0)} ms | - |`);
  for (const [bundle, t] of cold)
    console.log(`| \`dist/${bundle}\` | ${t.toFixed(0)} ms | +${(t - bare).toFixed(0)} ms |`);
}

function coldStarts(): Map<string, number> {
  const results = new Map<string, number>();
  for (const action of readdirSync(join(ROOT, 'dist'))) {
    for (const entry of readdirSync(join(ROOT, 'dist', action))) {
      const script = join(ROOT, 'dist', action, entry, 'index.js');
      // No inputs and no state: main fails on its first required input, post finds nothing to do.
      const times = Array.from({ length: RUNS * 3 }, () => {
        const start = process.hrtime.bigint();
        spawnSync(NODE, [script], { env: { PATH: process.env.PATH } });
        return Number(process.hrtime.bigint() - start) / 1e6;
      });
      results.set(`${action}/${entry}`, median(times));
    }
  }
  return results;
}

await main();
