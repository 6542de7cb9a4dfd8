import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  type ListSecretsCommandOutput,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Sandbox } from './index.js';
import { seedTaskManager, type TaskManagerSeed } from './task-manager.js';
import { assumeWithOidc, errorOf } from './test-helpers.js';

let sb: Sandbox;
let seed: TaskManagerSeed;
let client: SecretsManagerClient;
let deniedClient: SecretsManagerClient;
let roleSessionArn: string;
const DAY = 24 * 3600 * 1000;

beforeAll(async () => {
  sb = await Sandbox.start({ listSecretsPageSize: 2 });
  seed = seedTaskManager(sb);
  sb.secrets.put({ name: 'task-manager/dev/api-key', string: 'api-1' });
  sb.secrets.put({ name: 'task-manager/dev/extra', string: 'extra' });
  sb.secrets.put({ name: 'task-manager/staging/db', string: 'stg' });
  sb.secrets.put({ name: 'task-manager/prod/db', string: 'prd' });
  sb.secrets.put({ name: 'task-manager/dev/kms', string: 'never', kmsFailure: true });
  sb.secrets.put({ name: 'task-manager/dev/cert', binary: new Uint8Array([0, 1, 2, 250]) });
  sb.secrets.put({ name: 'payments/db', string: 'not yours' });
  const creds = await assumeWithOidc(sb, seed.roleArn);
  roleSessionArn = `arn:aws:sts::${sb.accountId}:assumed-role/task-manager-ci/gha-run`;
  client = new SecretsManagerClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    credentials: creds,
    maxAttempts: 1,
  });
  deniedClient = new SecretsManagerClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    credentials: await assumeWithOidc(sb, seed.deniedRoleArn!),
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  deniedClient.destroy();
  await sb.stop();
});

describe('GetSecretValue', () => {
  it('finds a secret by name, full ARN and partial ARN', async () => {
    const { arn, name, value } = seed.secrets.devDb;
    expect(arn).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}-[A-Za-z0-9]{6}$`),
    );
    for (const id of [name, arn, arn.slice(0, -7)]) {
      const out = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(out.SecretString).toBe(value);
      expect(out.ARN).toBe(arn);
      expect(out.Name).toBe(name);
      expect(out.VersionStages).toEqual(['AWSCURRENT']);
      expect(out.CreatedDate).toBeInstanceOf(Date);
      expect(out.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const recorded = sb.callsTo('secretsmanager', 'GetSecretValue').at(-1)!;
    expect(recorded).toMatchObject({ principal: roleSessionArn, status: 200 });
    expect(JSON.stringify(sb.calls)).not.toContain(value);
  });

  it('returns binary secrets and previous versions', async () => {
    const bin = await client.send(new GetSecretValueCommand({ SecretId: 'task-manager/dev/cert' }));
    expect(bin.SecretString).toBeUndefined();
    expect(Array.from(bin.SecretBinary!)).toEqual([0, 1, 2, 250]);

    const first = sb.secrets.put({ name: 'github-token-rotating', string: 'old' });
    const second = sb.secrets.put({ name: 'github-token-rotating', string: 'new' });
    expect(second.arn).toBe(first.arn);
    const current = await client.send(
      new GetSecretValueCommand({ SecretId: 'github-token-rotating' }),
    );
    expect(current).toMatchObject({ SecretString: 'new', VersionId: second.versionId });
    const previous = await client.send(
      new GetSecretValueCommand({
        SecretId: 'github-token-rotating',
        VersionStage: 'AWSPREVIOUS',
      }),
    );
    expect(previous).toMatchObject({ SecretString: 'old', VersionStages: ['AWSPREVIOUS'] });
    const byId = await client.send(
      new GetSecretValueCommand({ SecretId: first.arn, VersionId: first.versionId }),
    );
    expect(byId.SecretString).toBe('old');
  });

  it('reports not found, access denied and KMS failures like the service', async () => {
    const missing = await errorOf(
      client.send(new GetSecretValueCommand({ SecretId: 'task-manager/dev/missing' })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe("Secrets Manager can't find the specified secret.");
    expect(missing.$metadata?.httpStatusCode).toBe(400);

    const denied = await errorOf(
      client.send(new GetSecretValueCommand({ SecretId: 'payments/db' })),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: ${roleSessionArn} is not authorized to perform: secretsmanager:GetSecretValue on resource: payments/db because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );

    const kms = await errorOf(
      client.send(new GetSecretValueCommand({ SecretId: 'task-manager/dev/kms' })),
    );
    expect(kms.name).toBe('DecryptionFailure');
    expect(kms.message).toMatch(/KMS key/);
  });
});

describe('BatchGetSecretValue', () => {
  it('returns per-secret failures while the others succeed', async () => {
    const out = await client.send(
      new BatchGetSecretValueCommand({
        SecretIdList: [
          'github-token',
          seed.secrets.devDb.arn,
          'task-manager/dev/missing',
          'payments/db',
          'task-manager/dev/kms',
        ],
      }),
    );
    expect(out.SecretValues?.map((v) => v.Name)).toEqual(['github-token', 'task-manager/dev/db']);
    expect(out.SecretValues?.[0]?.SecretString).toBe(seed.secrets.githubToken.value);
    expect(out.SecretValues?.[0]?.CreatedDate).toBeInstanceOf(Date);
    expect(out.Errors).toEqual([
      {
        SecretId: 'task-manager/dev/missing',
        ErrorCode: 'ResourceNotFoundException',
        Message: "Secrets Manager can't find the specified secret.",
      },
      {
        SecretId: 'payments/db',
        ErrorCode: 'AccessDeniedException',
        Message: expect.stringContaining('secretsmanager:GetSecretValue on resource: payments/db'),
      },
      {
        SecretId: 'task-manager/dev/kms',
        ErrorCode: 'DecryptionFailure',
        Message: expect.stringContaining('KMS'),
      },
    ]);
  });

  it('denies the whole call without secretsmanager:BatchGetSecretValue', async () => {
    const err = await errorOf(
      deniedClient.send(new BatchGetSecretValueCommand({ SecretIdList: ['github-token'] })),
    );
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toMatch(
      /is not authorized to perform: secretsmanager:BatchGetSecretValue with an explicit deny/,
    );
    // ...and GetSecretValue still works for the fallback path.
    const one = await deniedClient.send(new GetSecretValueCommand({ SecretId: 'github-token' }));
    expect(one.Name).toBe('github-token');
  });

  it('rejects more than 20 ids, and ids together with filters', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `task-manager/x${i}`);
    const tooMany = await errorOf(
      client.send(new BatchGetSecretValueCommand({ SecretIdList: ids })),
    );
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(/at 'secretIdList' .*less than or equal to 20/);
    const both = await errorOf(
      client.send(
        new BatchGetSecretValueCommand({
          SecretIdList: ['github-token'],
          Filters: [{ Key: 'name', Values: ['task-manager/'] }],
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterException');
  });

  it('pages through Filters', async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(
        new BatchGetSecretValueCommand({
          Filters: [{ Key: 'name', Values: ['task-manager/dev/'] }],
          MaxResults: 20,
          NextToken: token,
        }),
      );
      pages++;
      expect((out.SecretValues?.length ?? 0) + (out.Errors?.length ?? 0)).toBeLessThanOrEqual(2);
      names.push(...(out.SecretValues ?? []).map((v) => v.Name!));
      names.push(...(out.Errors ?? []).map((e) => e.SecretId!));
      token = out.NextToken;
    } while (token);
    expect(pages).toBe(3);
    // Failures of filter-selected secrets are reported under the secret's ARN.
    expect(names.sort()).toEqual([
      sb.secrets.get('task-manager/dev/kms')!.arn,
      'task-manager/dev/api-key',
      'task-manager/dev/cert',
      'task-manager/dev/db',
      'task-manager/dev/extra',
    ]);
  });
});

describe('ListSecrets', () => {
  it('pages a case-sensitive name prefix filter, every match exactly once', async () => {
    const seen: string[] = [];
    const pages: ListSecretsCommandOutput[] = [];
    let token: string | undefined;
    do {
      const out = await client.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: ['task-manager/'] }],
          MaxResults: 100,
          NextToken: token,
        }),
      );
      pages.push(out);
      seen.push(...(out.SecretList ?? []).map((s) => s.Name!));
      token = out.NextToken;
    } while (token);
    const expected = [
      'task-manager/dev/db',
      'task-manager/dev/api-key',
      'task-manager/dev/extra',
      'task-manager/staging/db',
      'task-manager/prod/db',
      'task-manager/dev/kms',
      'task-manager/dev/cert',
    ];
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(expected.sort());
    expect(pages.length).toBe(4);
    for (const p of pages) expect(p.SecretList!.length).toBeLessThanOrEqual(2);
    expect(pages[0]!.SecretList![0]!.LastChangedDate).toBeInstanceOf(Date);

    const upper = await client.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['Task-Manager/'] }] }),
    );
    expect(upper.SecretList).toEqual([]);
  });

  it('returns three pages of two for five matches', async () => {
    for (const n of ['a', 'b', 'c', 'd', 'e']) sb.secrets.put({ name: `paged/${n}`, string: n });
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await client.send(
        new ListSecretsCommand({
          Filters: [{ Key: 'name', Values: ['paged/'] }],
          NextToken: token,
        }),
      );
      pages++;
      names.push(...out.SecretList!.map((s) => s.Name!));
      token = out.NextToken;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual(['paged/a', 'paged/b', 'paged/c', 'paged/d', 'paged/e']);
  });

  it('rejects a bad NextToken and an out-of-range MaxResults', async () => {
    const bad = await errorOf(client.send(new ListSecretsCommand({ NextToken: 'garbage' })));
    expect(bad.name).toBe('InvalidNextTokenException');
    const big = await errorOf(client.send(new ListSecretsCommand({ MaxResults: 101 })));
    expect(big.name).toBe('ValidationException');
  });
});

describe('DescribeSecret', () => {
  it('returns rotation status and dates as timestamps', async () => {
    const out = await client.send(new DescribeSecretCommand({ SecretId: 'ssh-slave-key' }));
    expect(out.ARN).toBe(seed.secrets.sshKey.arn);
    expect(out.RotationEnabled).toBe(true);
    expect(out.RotationRules?.AutomaticallyAfterDays).toBe(30);
    const now = Date.now();
    expect(out.LastRotatedDate).toBeInstanceOf(Date);
    expect(Math.round((now - out.LastRotatedDate!.getTime()) / DAY)).toBe(3);
    expect(Math.round((now - out.LastChangedDate!.getTime()) / DAY)).toBe(3);
    expect(Math.round((now - out.CreatedDate!.getTime()) / DAY)).toBe(120);
    expect(Object.values(out.VersionIdsToStages!)).toEqual([['AWSCURRENT']]);

    const plain = await client.send(
      new DescribeSecretCommand({ SecretId: 'task-manager/prod/db' }),
    );
    expect(plain.RotationEnabled).toBe(false);
    expect(plain.LastRotatedDate).toBeUndefined();
    const denied = await errorOf(
      client.send(new DescribeSecretCommand({ SecretId: 'payments/db' })),
    );
    expect(denied.name).toBe('AccessDeniedException');
  });
});
