import {
  BatchGetSecretValueCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CloudWatchLogsClient, CreateLogStreamCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NodeHttpHandler } from '@smithy/node-http-handler';

import { Sandbox } from './index.js';
import { errorOf, type Creds } from './test-helpers.js';

let sb: Sandbox;
let creds: Creds;
const clients: { destroy(): void }[] = [];

function sm(extra: Partial<ConstructorParameters<typeof SecretsManagerClient>[0]> = {}) {
  const c = new SecretsManagerClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    credentials: creds,
    maxAttempts: 1,
    ...extra,
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sb = await Sandbox.start();
  const keys = sb.iam.createUser('ops', [
    { effect: 'Allow', actions: ['secretsmanager:*', 'logs:*'], resources: ['*'] },
  ]);
  creds = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
  sb.secrets.put({ name: 'app/one', string: 'v1' });
  sb.logs.createGroup('/g');
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('fault injection', () => {
  it('throttles the matching operation, then the rule is spent', async () => {
    sb.addFault({
      service: 'secretsmanager',
      operation: 'BatchGetSecretValue',
      kind: 'throttle',
      times: 2,
    });
    const client = sm();
    // Other operations are not hit.
    await client.send(new GetSecretValueCommand({ SecretId: 'app/one' }));
    for (let i = 0; i < 2; i++) {
      const err = await errorOf(
        client.send(new BatchGetSecretValueCommand({ SecretIdList: ['app/one'] })),
      );
      expect(err.name).toBe('ThrottlingException');
      expect(err.message).toBe('Rate exceeded');
      expect(err.$metadata?.httpStatusCode).toBe(400);
    }
    const ok = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ['app/one'] }));
    expect(ok.SecretValues).toHaveLength(1);
    expect(sb.callsTo('secretsmanager', 'BatchGetSecretValue').map((c) => c.status)).toEqual([
      400, 400, 200,
    ]);
  });

  it('lets the SDK retry a throttle when attempts allow it', async () => {
    sb.addFault({ service: 'secretsmanager', kind: 'throttle', times: 1 });
    const out = await sm({ maxAttempts: 3 }).send(
      new GetSecretValueCommand({ SecretId: 'app/one' }),
    );
    expect(out.SecretString).toBe('v1');
    expect(out.$metadata.attempts).toBe(2);
  });

  it('answers server errors in each service own shape', async () => {
    sb.addFault({ kind: 'server-error', times: 3 });
    const smErr = await errorOf(sm().send(new GetSecretValueCommand({ SecretId: 'app/one' })));
    expect(smErr.name).toBe('InternalServiceError');
    expect(smErr.$metadata?.httpStatusCode).toBe(500);
    expect(smErr.$fault).toBe('server');

    const logs = new CloudWatchLogsClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials: creds,
      maxAttempts: 1,
    });
    clients.push(logs);
    const logsErr = await errorOf(
      logs.send(new CreateLogStreamCommand({ logGroupName: '/g', logStreamName: 's' })),
    );
    expect(logsErr.name).toBe('ServiceUnavailableException');
    expect(logsErr.$metadata?.httpStatusCode).toBe(503);

    const sts = new STSClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials: creds,
      maxAttempts: 1,
    });
    clients.push(sts);
    const stsErr = await errorOf(sts.send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('InternalFailure');
    expect(stsErr.$metadata?.httpStatusCode).toBe(500);
  });

  it('throttles STS with its query-protocol error', async () => {
    sb.addFault({ service: 'sts', kind: 'throttle', times: 1 });
    const sts = new STSClient({
      region: sb.region,
      endpoint: sb.awsEndpoint,
      credentials: creds,
      maxAttempts: 1,
    });
    clients.push(sts);
    const err = await errorOf(sts.send(new GetCallerIdentityCommand({})));
    expect(err.name).toBe('Throttling');
    expect(err.message).toBe('Rate exceeded');
  });

  it('resets the connection', async () => {
    sb.addFault({ service: 'secretsmanager', kind: 'reset', times: 1 });
    const err = await errorOf(sm().send(new GetSecretValueCommand({ SecretId: 'app/one' })));
    expect(err.$metadata?.httpStatusCode).toBeUndefined();
    expect(`${err.name} ${err.message} ${String(err.code)}`).toMatch(/ECONNRESET|socket hang up/);
    expect(sb.calls.at(-1)).toMatchObject({ operation: 'GetSecretValue', status: 0 });
  });

  it('stalls until the client times out', async () => {
    sb.addFault({ service: 'secretsmanager', kind: 'stall', times: 1 });
    const started = Date.now();
    const err = await errorOf(
      sm({
        requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true }),
      }).send(new GetSecretValueCommand({ SecretId: 'app/one' })),
    );
    expect(err.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sb.calls.at(-1)).toMatchObject({ operation: 'GetSecretValue', status: 0 });
  });

  it('clearFaults drops pending rules', async () => {
    sb.addFault({ kind: 'server-error', times: 5 });
    sb.clearFaults();
    const out = await sm().send(new GetSecretValueCommand({ SecretId: 'app/one' }));
    expect(out.SecretString).toBe('v1');
  });
});

describe('latency', () => {
  it('adds at least the configured delay to every response', async () => {
    const client = sm();
    sb.setLatency(150);
    try {
      const started = Date.now();
      await client.send(new GetSecretValueCommand({ SecretId: 'app/one' }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      const gh = Date.now();
      const res = await fetch(`${sb.githubUrl}/.well-known/jwks`);
      expect(res.status).toBe(200);
      expect(Date.now() - gh).toBeGreaterThanOrEqual(150);
    } finally {
      sb.setLatency(0);
    }
  });

  it('applies latencyMs given at start', async () => {
    const slow = await Sandbox.start({ latencyMs: 120 });
    try {
      const started = Date.now();
      const res = await fetch(`${slow.githubUrl}/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    } finally {
      await slow.stop();
    }
  });
});
