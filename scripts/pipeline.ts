/**
 * The suite's main job against the local sandbox: the Task Manager pipeline, step by step, each
 * step the bundled action run as the GitHub runner runs it. Today that is fetch-secrets; each
 * action the suite gains adds its step here.
 *
 *   npm start                 run the pipeline for the dev environment
 *   npm start -- staging      for another environment (dev, staging, prod)
 */
import { randomBytes } from 'node:crypto';

import { sandboxEnv } from '../test/harness/aws-env.js';
import { type ActionRun, runAction } from '../test/harness/runner.js';
import { Sandbox } from '../test/sandbox/index.js';
import { seedTaskManager } from '../test/sandbox/task-manager.js';

const environment = process.argv[2] ?? 'dev';

interface Step {
  name: string;
  run: () => Promise<ActionRun>;
}

async function main(): Promise<number> {
  const sb = await Sandbox.start();
  try {
    const { roleArn } = seedTaskManager(sb);
    sb.oidc.setClaims({ environment });
    if (environment !== 'dev') {
      // The seed holds dev's database secret; the other environments get theirs here.
      const password = randomBytes(18).toString('base64url');
      const value = { host: `db.${environment}.internal`, port: 5432, password };
      sb.secrets.put({ name: `task-manager/${environment}/db`, string: JSON.stringify(value) });
    }
    console.log(
      `Sandbox: AWS at ${sb.awsEndpoint}, GitHub at ${sb.githubUrl}; environment ${environment}\n`,
    );

    const steps: Step[] = [
      {
        name: 'fetch-secrets',
        run: () =>
          runAction({
            action: 'fetch-secrets',
            inputs: {
              'role-to-assume': roleArn,
              'aws-region': sb.region,
              secrets: [
                'GH=github-token',
                'SSH_KEY=ssh-slave-key | file',
                `DB=task-manager/${environment}/db`,
              ].join('\n'),
              'parse-json': 'true',
              'max-secret-age-days': '30',
              'audit-log-group': '/task-manager/audit',
            },
            env: { ...sandboxEnv(sb), GITHUB_JOB: `deploy-${environment}` },
          }),
      },
    ];

    for (const step of steps) {
      const ok = await runStep(step);
      if (!ok) return 1;
    }
    console.log('AWS calls made:', summariseCalls(sb));
    return 0;
  } finally {
    await sb.stop();
  }
}

async function runStep(step: Step): Promise<boolean> {
  console.log(`=== ${step.name}`);
  const run = await step.run();
  for (const [label, result] of [
    ['main', run.main],
    ['post', run.post],
  ] as const) {
    if (!result) continue;
    const printed = result.stdout
      .split('\n')
      .filter((l) => l && !l.startsWith('::add-mask::') && !l.startsWith('::debug::'));
    console.log(
      `--- ${label} (exit ${result.exitCode}, ${result.durationMs} ms, ${result.masks.length} masks registered)`,
    );
    for (const line of printed) console.log(`  ${line}`);
    if (result.stderr.trim()) console.log(`  stderr: ${result.stderr.trim()}`);
  }
  console.log(`--- outputs: ${JSON.stringify(run.main.outputs)}`);
  console.log(`--- exported variables: ${Object.keys(run.main.env).join(', ') || '(none)'}`);
  console.log(`--- job summary:\n${run.main.summary}`);
  return run.main.exitCode === 0 && (run.post?.exitCode ?? 0) === 0;
}

function summariseCalls(sb: Sandbox): string {
  const counts = new Map<string, number>();
  for (const c of sb.calls)
    counts.set(`${c.service}:${c.operation}`, (counts.get(`${c.service}:${c.operation}`) ?? 0) + 1);
  return [...counts].map(([op, n]) => `${op} x${n}`).join(', ');
}

process.exitCode = await main();
