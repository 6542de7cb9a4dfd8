import { getIDToken } from '@actions/core';
import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';

import { Sandbox } from './index.js';
import { seedTaskManager, type TaskManagerSeed } from './task-manager.js';
import { assumeWithOidc, errorOf } from './test-helpers.js';

let sb: Sandbox;
let seed: TaskManagerSeed;

beforeAll(async () => {
  sb = await Sandbox.start();
  seed = seedTaskManager(sb);
});

afterAll(async () => {
  await sb.stop();
});

describe('seedTaskManager', () => {
  it('seeds secrets in the documented shapes', () => {
    const token = JSON.parse(seed.secrets.githubToken.value) as { username: string; token: string };
    expect(token.username).toBe('task-bot');
    expect(token.token).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
    expect(seed.secrets.sshKey.value).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/,
    );
    const db = JSON.parse(seed.secrets.devDb.value) as Record<string, unknown>;
    expect(db).toMatchObject({ host: 'db.dev.internal', port: 5432 });
    expect(typeof db.password).toBe('string');
    expect(seed.roleArn).toBe(`arn:aws:iam::${sb.accountId}:role/task-manager-ci`);
    expect(sb.oidc.currentClaims()).toMatchObject({
      sub: 'repo:acme/task-manager:environment:dev',
      run_id: '4242',
      workflow: 'deliver',
      actor: 'octocat',
    });
  });

  it('runs the delivery flow: OIDC -> STS -> batch secrets -> audit log', async () => {
    const saved = {
      url: process.env.ACTIONS_ID_TOKEN_REQUEST_URL,
      token: process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    };
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = sb.oidc.requestUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = sb.oidc.requestToken;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let idToken: string;
    try {
      idToken = await getIDToken(seed.audience);
    } finally {
      write.mockRestore();
      for (const [k, v] of [
        ['ACTIONS_ID_TOKEN_REQUEST_URL', saved.url],
        ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', saved.token],
      ] as const) {
        if (v === undefined) Reflect.deleteProperty(process.env, k);
        else process.env[k] = v;
      }
    }

    const sts = new STSClient({ region: sb.region, endpoint: sb.awsEndpoint, maxAttempts: 1 });
    const assumed = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: seed.roleArn,
        RoleSessionName: 'gha-4242-1',
        WebIdentityToken: idToken,
      }),
    );
    sts.destroy();
    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    };
    const sm = new SecretsManagerClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials,
      maxAttempts: 1,
    });
    const batch = await sm.send(
      new BatchGetSecretValueCommand({
        SecretIdList: ['github-token', 'ssh-slave-key', 'task-manager/dev/db'],
      }),
    );
    sm.destroy();
    expect(batch.Errors).toEqual([]);
    expect(Object.fromEntries(batch.SecretValues!.map((v) => [v.Name, v.SecretString]))).toEqual({
      'github-token': seed.secrets.githubToken.value,
      'ssh-slave-key': seed.secrets.sshKey.value,
      'task-manager/dev/db': seed.secrets.devDb.value,
    });

    const logs = new CloudWatchLogsClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials,
      maxAttempts: 1,
    });
    await logs.send(
      new CreateLogStreamCommand({ logGroupName: seed.logGroup, logStreamName: 'run-4242-1' }),
    );
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: seed.logGroup,
        logStreamName: 'run-4242-1',
        logEvents: [{ timestamp: Date.now(), message: 'fetched 3 secrets' }],
      }),
    );
    logs.destroy();
    expect(sb.logs.events(seed.logGroup).map((e) => e.message)).toEqual(['fetched 3 secrets']);

    // No secret value, token or signature ever lands in the record.
    const record = JSON.stringify(sb.calls);
    for (const s of Object.values(seed.secrets)) expect(record).not.toContain(s.value);
    expect(record).not.toContain(idToken);
    expect(record).not.toContain(credentials.sessionToken);
    expect(sb.calls.map((c) => `${c.service}.${c.operation}:${c.status}`)).toEqual([
      'oidc.token:200',
      'sts.AssumeRoleWithWebIdentity:200',
      'secretsmanager.BatchGetSecretValue:200',
      'logs.CreateLogStream:200',
      'logs.PutLogEvents:200',
    ]);
  });

  it('denies other branches, and the no-batch role falls back to GetSecretValue', async () => {
    const token = await sb.oidc.mint(seed.audience, {
      environment: undefined,
      ref: 'refs/heads/feature/x',
    });
    const sts = new STSClient({ region: sb.region, endpoint: sb.awsEndpoint, maxAttempts: 1 });
    const denied = await errorOf(
      sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: seed.roleArn,
          RoleSessionName: 'feature',
          WebIdentityToken: token,
        }),
      ),
    );
    sts.destroy();
    expect(denied.name).toBe('AccessDenied');

    const sm = new SecretsManagerClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials: await assumeWithOidc(sb, seed.deniedRoleArn!, { environment: 'prod' }),
      maxAttempts: 1,
    });
    const err = await errorOf(
      sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['github-token'] })),
    );
    expect(err.name).toBe('AccessDeniedException');
    const one = await sm.send(new GetSecretValueCommand({ SecretId: 'task-manager/dev/db' }));
    expect(one.SecretString).toBe(seed.secrets.devDb.value);
    sm.destroy();
  });
});
