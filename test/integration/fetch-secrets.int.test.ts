/**
 * fetch-secrets as the runner runs it: the bundled dist/ in a child process, against the sandbox's
 * OIDC issuer, STS, Secrets Manager and CloudWatch Logs, every request signed and checked.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import { sandboxEnv } from '../harness/aws-env.js';
import { type ActionRun, runAction, type StepResult } from '../harness/runner.js';
import { Sandbox } from '../sandbox/index.js';
import { seedTaskManager, type TaskManagerSeed } from '../sandbox/task-manager.js';

let sb: Sandbox;
let roleArn: string;
let seed: TaskManagerSeed;

beforeAll(async () => {
  sb = await Sandbox.start({ listSecretsPageSize: 2 });
  seed = seedTaskManager(sb);
  roleArn = seed.roleArn;
});

afterAll(() => sb.stop());

beforeEach(() => {
  sb.clearFaults();
  sb.calls.length = 0;
  sb.oidc.setClaims({ environment: 'dev' });
});

function fetchSecrets(
  inputs: Record<string, string>,
  env: Record<string, string | undefined> = {},
  beforePost?: (main: StepResult) => void,
): Promise<ActionRun> {
  return runAction({
    action: 'fetch-secrets',
    inputs: { 'role-to-assume': roleArn, 'aws-region': 'us-east-1', ...inputs },
    env: { ...sandboxEnv(sb), ...env },
    beforePost,
  });
}

function role(name: string, policy: Parameters<Sandbox['iam']['createRole']>[0]['policy']): string {
  return sb.iam.createRole({
    name,
    trust: { subjects: ['repo:acme/task-manager:*'] },
    policy,
  });
}

const READ_ALL = [
  {
    effect: 'Allow' as const,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resources: ['*'],
  },
];

describe('fetch-secrets', () => {
  it('exports JSON keys as variables and a key as a 0600 file, then cleans up in post', async () => {
    const seen: { content?: string; mode?: number; dirMode?: number } = {};

    const run = await fetchSecrets(
      { secrets: 'GH=github-token\nSSH_KEY=ssh-slave-key | file', 'parse-json': 'true' },
      {},
      (main) => {
        const path = main.env.SSH_KEY_FILE!;
        seen.content = readFileSync(path, 'utf8');
        seen.mode = statSync(path).mode & 0o777;
        seen.dirMode = statSync(dirname(path)).mode & 0o777;
      },
    );

    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(Object.keys(run.main.env).sort()).toEqual(['GH_TOKEN', 'GH_USERNAME', 'SSH_KEY_FILE']);
    expect(run.main.env.GH_USERNAME).toBe('task-bot');
    expect(run.main.masks).toContain(run.main.env.GH_TOKEN);
    expect(seen.content).toBe(seed.secrets.sshKey.value);
    expect(seen.content).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/,
    );
    expect(seen.mode).toBe(0o600);
    expect(seen.dirMode).toBe(0o700);
    expect(JSON.parse(run.main.outputs.versions!)).toHaveProperty('ssh-slave-key');
    expect(run.main.outputs.count).toBe('2');
    expect(run.main.summary).toContain('| `ssh-slave-key` |');

    const keyPath = run.main.env.SSH_KEY_FILE!;
    expect(run.post?.exitCode).toBe(0);
    expect(existsSync(keyPath)).toBe(false);
    expect(existsSync(dirname(keyPath))).toBe(false);
    expect(run.post?.env).toEqual({ GH_TOKEN: '', GH_USERNAME: '', SSH_KEY_FILE: '' });
  });

  it('reads through one BatchGetSecretValue call per 20 secrets, as a session named after the run', async () => {
    const run = await fetchSecrets({
      secrets: 'GH=github-token\nssh-slave-key\ntask-manager/dev/db',
    });

    expect(run.main.exitCode).toBe(0);
    const assume = sb.callsTo('sts', 'AssumeRoleWithWebIdentity');
    expect(assume).toHaveLength(1);
    expect(assume[0]!.params).toMatchObject({
      RoleSessionName: 'gha-4242-1-acme@task-manager',
      DurationSeconds: '900',
    });
    expect(sb.callsTo('secretsmanager', 'BatchGetSecretValue')).toHaveLength(1);
    expect(sb.callsTo('secretsmanager', 'GetSecretValue')).toHaveLength(0);
    expect(sb.callsTo('secretsmanager', 'BatchGetSecretValue')[0]!.principal).toMatch(
      /^arn:aws:sts::111122223333:assumed-role\/task-manager-ci\/gha-4242-1-acme@task-manager$/,
    );
  });

  it('splits 45 secrets into batches of at most 20 ids', async () => {
    const names = Array.from({ length: 45 }, (_, i) => `task-manager/many/s${i}`);
    for (const name of names) sb.secrets.put({ name, string: `v-${name}` });

    const run = await fetchSecrets({ secrets: names.join('\n') });

    expect(run.main.exitCode).toBe(0);
    const sizes = sb
      .callsTo('secretsmanager', 'BatchGetSecretValue')
      .map((c) => (c.params as { SecretIdList: string[] }).SecretIdList.length)
      .sort((a, b) => a - b);
    expect(sizes).toEqual([5, 20, 20]);
    expect(Object.keys(run.main.env)).toHaveLength(45);
    expect(run.main.env.TASK_MANAGER_MANY_S44).toBe('v-task-manager/many/s44');
  });

  it('falls back to GetSecretValue when the batch call is denied', async () => {
    const noBatch = role('no-batch', READ_ALL);

    const run = await fetchSecrets({
      'role-to-assume': noBatch,
      secrets: 'GH=github-token\nssh-slave-key',
    });

    expect(run.main.exitCode).toBe(0);
    expect(run.main.stdout).toContain('BatchGetSecretValue is denied to this role');
    expect(sb.callsTo('secretsmanager', 'GetSecretValue')).toHaveLength(2);
    expect(Object.keys(run.main.env).sort()).toEqual(['GH', 'SSH_SLAVE_KEY']);
  });

  it('reports every secret it could not read, with the reason, and exports nothing', async () => {
    sb.secrets.put({ name: 'task-manager/kms-broken', string: 'x', kmsFailure: true });
    sb.secrets.put({ name: 'other-team/db', string: 'y' });

    const run = await fetchSecrets({
      secrets: 'GH=github-token\ntask-manager/missing\nother-team/db\ntask-manager/kms-broken',
      'export-to': 'env,file',
    });

    expect(run.main.exitCode).toBe(1);
    const [error] = run.main.errors;
    expect(error).toMatch(/Could not read 3 of 4 secrets in us-east-1; nothing was exported/);
    expect(error).toMatch(
      /other-team\/db: access denied: allow the role secretsmanager:GetSecretValue/,
    );
    expect(error).toMatch(
      /task-manager\/kms-broken: cannot be decrypted: allow the role kms:Decrypt/,
    );
    expect(error).toMatch(/task-manager\/missing: not found/);
    expect(run.main.env).toEqual({});
    expect(run.main.outputs).toEqual({});
    expect(run.post?.exitCode).toBe(0);
  });

  it('expands a prefix over several ListSecrets pages', async () => {
    for (const n of [1, 2, 3, 4, 5])
      sb.secrets.put({ name: `task-manager/svc/key${n}`, string: `value-${n}` });

    const run = await fetchSecrets({ secrets: 'SVC=task-manager/svc/*' });

    expect(run.main.exitCode).toBe(0);
    expect(sb.callsTo('secretsmanager', 'ListSecrets').length).toBeGreaterThanOrEqual(3);
    expect(run.main.env).toEqual({
      SVC_KEY1: 'value-1',
      SVC_KEY2: 'value-2',
      SVC_KEY3: 'value-3',
      SVC_KEY4: 'value-4',
      SVC_KEY5: 'value-5',
    });
  });

  it('refuses names that collide, with each other and with the environment, before exporting', async () => {
    const run = await fetchSecrets(
      {
        secrets: 'DB=task-manager/dev/db\nDB_PASSWORD=ssh-slave-key\nDEPLOY=github-token',
        'parse-json': 'true',
      },
      { DEPLOY_TOKEN: 'already set' },
    );

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(/DB_PASSWORD/);
    expect(run.main.errors[0]).toMatch(/DEPLOY_TOKEN .*already set/);
    expect(run.main.env).toEqual({});
    expect(secretFolders(run.runnerTemp)).toEqual([]);
  });

  it('refuses a name the runner reserves, such as GITHUB_TOKEN', async () => {
    const run = await fetchSecrets({ secrets: 'github-token' });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(/GITHUB_TOKEN .*is reserved by the runner/);
    expect(run.main.errors[0]).toMatch(/ALIAS=secret-id/);
    expect(run.main.env).toEqual({});
  });

  it('names the missing id-token permission and calls nothing', async () => {
    const run = await fetchSecrets(
      { secrets: 'GH=github-token' },
      { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined },
    );

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(/Add `permissions: id-token: write` to the job/);
    expect(sb.calls).toEqual([]);
  });

  it("shows the token's claims, never the token, when the trust policy does not match", async () => {
    sb.oidc.setClaims({ environment: 'feature-x' });

    const run = await fetchSecrets({ secrets: 'GH=github-token' });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(
      /AWS refused to let this workflow assume arn:aws:iam::111122223333:role\/task-manager-ci/,
    );
    expect(run.main.errors[0]).toMatch(
      /sub="repo:acme\/task-manager:environment:feature-x", aud="sts.amazonaws.com"/,
    );
    const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;
    const printed = run.main.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toMatch(jwt);
    expect(run.main.masks.some((m) => jwt.test(m))).toBe(true);
  });

  it('stops before any call when the role is outside allowed-account-ids', async () => {
    const run = await fetchSecrets({
      secrets: 'GH=github-token',
      'allowed-account-ids': '999988887777',
    });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(/account 111122223333, which is not in allowed-account-ids/);
    expect(sb.calls).toEqual([]);
  });

  it.each([
    ['secrets', { secrets: 'bad name with spaces' }, /Input 'secrets'/],
    [
      'export-to',
      { secrets: 'GH=github-token', 'export-to': 'env,disk' },
      /Input 'export-to' has "disk"/,
    ],
    [
      'role-duration-seconds',
      { secrets: 'GH=github-token', 'role-duration-seconds': '10' },
      /Input 'role-duration-seconds'/,
    ],
    ['version-id', { secrets: 'GH=github-token', 'version-id': 'x' }, /Input 'version-id'/],
  ])('fails on a bad %s before any call', async (_input, inputs, message) => {
    const run = await fetchSecrets(inputs);

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors).toHaveLength(1);
    expect(run.main.errors[0]).toMatch(message);
    expect(sb.calls).toEqual([]);
  });

  it('retries throttling and server errors with backoff', async () => {
    sb.addFault({
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      kind: 'throttle',
      times: 1,
    });
    sb.addFault({
      service: 'secretsmanager',
      operation: 'BatchGetSecretValue',
      kind: 'throttle',
      times: 1,
    });
    sb.addFault({
      service: 'secretsmanager',
      operation: 'BatchGetSecretValue',
      kind: 'server-error',
      times: 1,
    });

    const run = await fetchSecrets({ secrets: 'GH=github-token' });

    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(sb.callsTo('secretsmanager', 'BatchGetSecretValue')).toHaveLength(3);
    expect(sb.callsTo('sts', 'AssumeRoleWithWebIdentity')).toHaveLength(2);
  });

  it('retries a connection reset', async () => {
    sb.addFault({
      service: 'secretsmanager',
      operation: 'BatchGetSecretValue',
      kind: 'reset',
      times: 1,
    });

    const run = await fetchSecrets({ secrets: 'GH=github-token' });

    expect(run.main.exitCode).toBe(0);
    expect(run.main.env.GH).toBeDefined();
  });

  it.each([
    ['fail', 1],
    ['warn', 0],
  ])(
    'with on-stale-secret %s, a secret past max-secret-age-days exits %s',
    async (onStale, code) => {
      sb.secrets.put({
        name: 'task-manager/stale',
        string: 'old',
        lastRotatedDaysAgo: 45,
        rotationEnabled: true,
      });

      const run = await fetchSecrets({
        secrets: 'task-manager/stale\nGH=github-token',
        'max-secret-age-days': '30',
        'on-stale-secret': onStale,
      });

      expect(run.main.exitCode).toBe(code);
      const said = [...run.main.errors, ...run.main.warnings].join('\n');
      expect(said).toMatch(/task-manager\/stale last rotated 45 days ago/);
      expect(said).not.toMatch(/github-token/);
      expect(Object.keys(run.main.env)).toEqual(code === 0 ? ['TASK_MANAGER_STALE', 'GH'] : []);
      if (code === 0) expect(run.main.summary).toMatch(/\| 45 days ago \|/);
    },
  );

  it('records who read which secret versions in CloudWatch Logs, without values', async () => {
    const run = await fetchSecrets({
      secrets: 'GH=github-token',
      'audit-log-group': '/task-manager/audit',
    });

    expect(run.main.exitCode).toBe(0);
    const events = sb.logs.events('/task-manager/audit');
    expect(events).toHaveLength(1);
    expect(events[0]!.stream).toBe('acme/task-manager/4242/1/deploy');
    const event = JSON.parse(events[0]!.message) as Record<string, unknown>;
    expect(event).toMatchObject({
      event: 'secrets.read',
      outcome: 'success',
      repository: 'acme/task-manager',
      runId: '4242',
      actor: 'octocat',
      principal: expect.stringMatching(/assumed-role\/task-manager-ci\//) as unknown,
      secrets: [{ name: 'github-token', versionId: expect.any(String) as unknown }],
    });
    expect(events[0]!.message).not.toContain(run.main.env.GH!);
  });

  it('fails before exporting when the audit log group does not exist', async () => {
    const auditor = role('audit-anywhere', [
      ...READ_ALL,
      {
        effect: 'Allow',
        actions: ['secretsmanager:BatchGetSecretValue', 'logs:*'],
        resources: ['*'],
      },
    ]);

    const run = await fetchSecrets({
      'role-to-assume': auditor,
      secrets: 'GH=github-token',
      'audit-log-group': '/nowhere',
    });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(/the log group \/nowhere does not exist/);
    expect(run.main.env).toEqual({});
  });

  it('fails before exporting when the role may not write the audit log', async () => {
    const run = await fetchSecrets({
      secrets: 'GH=github-token',
      'audit-log-group': '/other/audit',
    });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(
      /The role may not write audit events to \/other\/audit. Allow it logs:CreateLogStream/,
    );
    expect(run.main.env).toEqual({});
  });

  it('writes a binary secret as exact bytes to a file and as base64 to a variable', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10]);
    sb.secrets.put({ name: 'task-manager/keystore', binary: bytes });

    let onDisk: Buffer | undefined;

    const run = await fetchSecrets(
      { secrets: 'KS=task-manager/keystore | env,file' },
      {},
      (main) => {
        onDisk = readFileSync(main.env.KS_FILE!);
      },
    );

    expect(run.main.exitCode).toBe(0);
    expect(run.main.env.KS).toBe(bytes.toString('base64'));
    expect(onDisk).toEqual(bytes);
    expect(run.main.masks).toContain(bytes.toString('base64'));
  });

  it('reads a previous version with GetSecretValue', async () => {
    sb.secrets.put({ name: 'task-manager/rotating', string: 'first' });
    sb.secrets.put({ name: 'task-manager/rotating', string: 'second' });

    const run = await fetchSecrets({
      secrets: 'task-manager/rotating',
      'version-stage': 'AWSPREVIOUS',
    });

    expect(run.main.env.TASK_MANAGER_ROTATING).toBe('first');
    expect(sb.callsTo('secretsmanager', 'GetSecretValue')).toHaveLength(1);
  });

  it('exports the role credentials only when asked, masked, and clears them in post', async () => {
    const run = await fetchSecrets({ secrets: 'GH=github-token', 'export-credentials': 'true' });

    expect(run.main.exitCode).toBe(0);
    expect(run.main.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(run.main.masks).toEqual(
      expect.arrayContaining([run.main.env.AWS_SECRET_ACCESS_KEY, run.main.env.AWS_SESSION_TOKEN]),
    );
    expect(run.post?.env.AWS_SECRET_ACCESS_KEY).toBe('');
  });

  it('signs in through the default credential chain and assumes the role with it', async () => {
    const runner = sb.iam.createUser('self-hosted-runner', [
      { effect: 'Allow', actions: ['sts:AssumeRole'], resources: ['*'] },
    ]);
    const chained = sb.iam.createRole({
      name: 'chained',
      trust: { subjects: [], principals: [runner.arn] },
      policy: [
        ...READ_ALL,
        { effect: 'Allow', actions: ['secretsmanager:BatchGetSecretValue'], resources: ['*'] },
      ],
    });

    const run = await fetchSecrets(
      {
        secrets: 'GH=github-token',
        'credential-source': 'default-chain',
        'role-to-assume': chained,
      },
      {
        AWS_ACCESS_KEY_ID: runner.accessKeyId,
        AWS_SECRET_ACCESS_KEY: runner.secretAccessKey,
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
      },
    );

    expect(run.main.errors).toEqual([]);
    expect(sb.callsTo('sts', 'AssumeRole')).toHaveLength(1);
    expect(sb.callsTo('sts', 'AssumeRoleWithWebIdentity')).toHaveLength(0);
  });

  it("explains a session longer than the role's maximum", async () => {
    const run = await fetchSecrets({ secrets: 'GH=github-token', 'role-duration-seconds': '7200' });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(
      /Input 'role-duration-seconds' \(7200\) is longer than arn:aws:iam::111122223333:role\/task-manager-ci allows/,
    );
  });

  it('says where it looked when the default credential chain finds nothing', async () => {
    const run = await fetchSecrets(
      { secrets: 'GH=github-token', 'credential-source': 'default-chain' },
      { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
    );

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(/^No AWS credentials were found on this runner/);
    expect(sb.calls).toEqual([]);
  });

  it('names the ListSecrets permission a prefix needs', async () => {
    const noList = role('no-list', [
      ...READ_ALL,
      { effect: 'Allow', actions: ['secretsmanager:BatchGetSecretValue'], resources: ['*'] },
    ]);

    const run = await fetchSecrets({ 'role-to-assume': noList, secrets: 'task-manager/dev/*' });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(
      /prefix task-manager\/dev\/\*, but the role may not list secrets/,
    );
  });

  it('fails when a prefix matches no secret', async () => {
    const run = await fetchSecrets({ secrets: 'task-manager/nothing-here/*' });

    expect(run.main.exitCode).toBe(1);
    expect(run.main.errors[0]).toMatch(
      /no secret in us-east-1 has a name starting with line 1: task-manager\/nothing-here\/\*/,
    );
  });

  it('leaves nothing behind when the job is cancelled mid-read', async () => {
    sb.addFault({
      service: 'secretsmanager',
      operation: 'BatchGetSecretValue',
      kind: 'stall',
      times: 1,
    });

    const run = await runAction({
      action: 'fetch-secrets',
      inputs: {
        'role-to-assume': roleArn,
        'aws-region': 'us-east-1',
        secrets: 'SSH=ssh-slave-key | file',
      },
      env: sandboxEnv(sb),
      cancelAfterMs: 1_500,
    });

    expect(run.main.exitCode === 0).toBe(false);
    expect(run.main.env).toEqual({});
    expect(secretFolders(run.runnerTemp)).toEqual([]);
    expect(run.post?.exitCode).toBe(0);
    expect(run.post?.stdout).toMatch(/Nothing to clean up/);
  });

  it('honours per-service endpoint variables over AWS_ENDPOINT_URL', async () => {
    const run = await fetchSecrets(
      { secrets: 'GH=github-token', 'audit-log-group': '/task-manager/audit' },
      {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ENDPOINT_URL_STS: sb.awsEndpoint,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: sb.awsEndpoint,
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: sb.awsEndpoint,
      },
    );

    expect(run.main.errors).toEqual([]);
    expect(run.main.exitCode).toBe(0);
    expect(sb.callsTo('logs', 'PutLogEvents')).toHaveLength(1);
  });

  it('prints nothing on stderr in a clean run', async () => {
    const run = await fetchSecrets({ secrets: 'GH=github-token' });

    expect(run.main.exitCode).toBe(0);
    expect(run.main.stderr).toBe('');
    expect(run.post?.stderr).toBe('');
  });
});

function secretFolders(dir: string): string[] {
  // The runner temp holds the harness's own step folders; secret folders are what matters here.
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('fetch-secrets-')) : [];
}
