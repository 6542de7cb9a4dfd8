import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from '@jest/globals';
import { HttpsProxyAgent } from 'https-proxy-agent';

import { UserError } from '../../actions/shared/core/errors.js';
import { RecordingLogger } from '../../actions/shared/core/logger.js';
import { callAws, clientConfig, proxyAgent } from '../../actions/shared/platform/aws/clients.js';
import { Sandbox } from '../sandbox/index.js';

const saved = { ...process.env };

afterEach(() => {
  for (const key of ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) {
    if (saved[key] === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = saved[key];
  }
});

describe('proxyAgent', () => {
  it("routes an HTTPS endpoint through the runner's proxy", () => {
    process.env.HTTPS_PROXY = 'http://proxy.corp.internal:3128';

    const agent = proxyAgent('https://secretsmanager.us-east-1.amazonaws.com');

    expect(agent).toBeInstanceOf(HttpsProxyAgent);
    expect(agent?.proxy.href).toBe('http://proxy.corp.internal:3128/');
  });

  it('goes direct for a host NO_PROXY lists', () => {
    process.env.HTTPS_PROXY = 'http://proxy.corp.internal:3128';
    process.env.NO_PROXY = '.amazonaws.com';

    expect(proxyAgent('https://sts.us-east-1.amazonaws.com')).toBeUndefined();
  });

  it('goes direct without a proxy variable, and for a plain HTTP endpoint', () => {
    expect(proxyAgent('https://sts.us-east-1.amazonaws.com')).toBeUndefined();

    process.env.HTTPS_PROXY = 'http://proxy.corp.internal:3128';
    expect(proxyAgent('http://127.0.0.1:4566')).toBeUndefined();
  });

  it('names a malformed endpoint override', () => {
    expect(() => proxyAgent('not a url')).toThrow(UserError);
    expect(() => proxyAgent('not a url')).toThrow(/AWS_ENDPOINT_URL/);
  });
});

describe('callAws', () => {
  const throttled = () =>
    Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });

  it('retries throttling and logs each retry at debug level', async () => {
    const logger = new RecordingLogger();
    let calls = 0;

    const result = await callAws(
      { logger, sleep: () => Promise.resolve() },
      { service: 'STS', operation: 'GetCallerIdentity' },
      () => {
        calls++;
        return calls < 3 ? Promise.reject(throttled()) : Promise.resolve('ok');
      },
    );

    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(logger.messages('debug')).toHaveLength(2);
    expect(logger.messages('debug')[0]).toMatch(
      /^STS GetCallerIdentity attempt 1 failed \(Rate exceeded \(ThrottlingException, HTTP 400\)\); retrying in \d+ ms$/,
    );
  });

  it('throws an access denial at once', async () => {
    let calls = 0;
    const denied = Object.assign(new Error('no'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });

    const run = callAws(
      { logger: new RecordingLogger(), sleep: () => Promise.resolve() },
      { service: 'X', operation: 'Y' },
      () => {
        calls++;
        return Promise.reject(denied);
      },
    );

    await expect(run).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});

describe('clientConfig', () => {
  it('gives up on a stalled request at the timeout, so the retry can go through', async () => {
    const sb = await Sandbox.start();
    try {
      const user = sb.iam.createUser('reader', [
        { effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: ['*'] },
      ]);
      sb.secrets.put({ name: 'stall-test', string: 'ok' });
      sb.addFault({
        service: 'secretsmanager',
        operation: 'GetSecretValue',
        kind: 'stall',
        times: 1,
      });
      const config = clientConfig(
        { region: sb.region, credentials: user, env: { AWS_ENDPOINT_URL: sb.awsEndpoint } },
        { endpointPrefix: 'secretsmanager', envName: 'SECRETS_MANAGER' },
        { connectMs: 1_000, requestMs: 300 },
      );
      const client = new SecretsManagerClient({ ...config, endpoint: sb.awsEndpoint });
      const policy = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 5_000 };

      const out = await callAws(
        { logger: new RecordingLogger(), retry: policy },
        { service: 'Secrets Manager', operation: 'GetSecretValue' },
        () => client.send(new GetSecretValueCommand({ SecretId: 'stall-test' })),
      );
      client.destroy();

      expect(out.SecretString).toBe('ok');
      expect(sb.callsTo('secretsmanager', 'GetSecretValue')).toHaveLength(2);
    } finally {
      await sb.stop();
    }
  });
});
