import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignatureV4 } from '@smithy/signature-v4';

import { Sandbox, Sha256, type UserKeys } from './index.js';
import { parseAmzDate, parseRawQuery } from './sigv4.js';
import { errorOf, rawSignedPost, type Creds } from './test-helpers.js';

let sb: Sandbox;
let user: UserKeys;
let userCreds: Creds;
let roleArn: string;
const clients: { destroy(): void }[] = [];

function sm(credentials: Creds, region = sb.region): SecretsManagerClient {
  const c = new SecretsManagerClient({
    region,
    endpoint: sb.awsEndpoint,
    credentials,
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
}

function sts(credentials: Creds): STSClient {
  const c = new STSClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    credentials,
    maxAttempts: 1,
  });
  clients.push(c);
  return c;
}

async function roleSession(): Promise<Creds> {
  const out = await sts(userCreds).send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sig-tests' }),
  );
  return {
    accessKeyId: out.Credentials!.AccessKeyId!,
    secretAccessKey: out.Credentials!.SecretAccessKey!,
    sessionToken: out.Credentials!.SessionToken!,
  };
}

beforeAll(async () => {
  sb = await Sandbox.start();
  user = sb.iam.createUser('deployer', [
    { effect: 'Allow', actions: ['secretsmanager:*'], resources: ['*'] },
  ]);
  userCreds = { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey };
  roleArn = sb.iam.createRole({
    name: 'reader',
    trust: { subjects: [], principals: [user.arn] },
    policy: [{ effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }],
  });
  sb.secrets.put({ name: 'app/one', string: 'v1' });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('SigV4 header auth', () => {
  it('accepts a valid signature from long-lived keys (STS and JSON services)', async () => {
    const who = await sts(userCreds).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(user.arn);
    expect(who.Account).toBe(sb.accountId);
    expect(who.UserId).toMatch(/^AIDA/);
    const secret = await sm(userCreds).send(new GetSecretValueCommand({ SecretId: 'app/one' }));
    expect(secret.SecretString).toBe('v1');
    expect(sb.callsTo('secretsmanager', 'GetSecretValue').at(-1)).toMatchObject({
      principal: user.arn,
      status: 200,
      params: { SecretId: 'app/one' },
    });
  });

  it('accepts temporary credentials with their session token', async () => {
    const session = await roleSession();
    expect(session.accessKeyId).toMatch(/^ASIA/);
    const who = await sts(session).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${sb.accountId}:assumed-role/reader/sig-tests`);
    const secret = await sm(session).send(new GetSecretValueCommand({ SecretId: 'app/one' }));
    expect(secret.SecretString).toBe('v1');
  });

  it('rejects a tampered secret key', async () => {
    const key = userCreds.secretAccessKey;
    const bad = {
      ...userCreds,
      secretAccessKey: `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`,
    };
    const jsonErr = await errorOf(sm(bad).send(new GetSecretValueCommand({ SecretId: 'app/one' })));
    expect(jsonErr.name).toBe('InvalidSignatureException');
    expect(jsonErr.$metadata?.httpStatusCode).toBe(400);
    expect(jsonErr.message).toMatch(/signature we calculated does not match/);
    const stsErr = await errorOf(sts(bad).send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('SignatureDoesNotMatch');
    expect(stsErr.$metadata?.httpStatusCode).toBe(403);
    expect(sb.calls.at(-1)).toMatchObject({ service: 'sts', status: 403 });
  });

  it('rejects unknown access keys', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x'.repeat(40) };
    const jsonErr = await errorOf(
      sm(unknown).send(new GetSecretValueCommand({ SecretId: 'app/one' })),
    );
    expect(jsonErr.name).toBe('UnrecognizedClientException');
    const stsErr = await errorOf(sts(unknown).send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('InvalidClientTokenId');
    expect(stsErr.$metadata?.httpStatusCode).toBe(403);
  });

  it('rejects temporary credentials without (or with a wrong) session token', async () => {
    const session = await roleSession();
    const noToken = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    const missing = await errorOf(
      sm(noToken).send(new GetSecretValueCommand({ SecretId: 'app/one' })),
    );
    expect(missing.name).toBe('UnrecognizedClientException');
    expect(missing.message).toBe('The security token included in the request is invalid.');
    const wrong = await errorOf(
      sm({ ...session, sessionToken: `${session.sessionToken!}x` }).send(
        new GetSecretValueCommand({ SecretId: 'app/one' }),
      ),
    );
    expect(wrong.name).toBe('UnrecognizedClientException');
    const stsErr = await errorOf(sts(noToken).send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('InvalidClientTokenId');
  });

  it('rejects expired credentials', async () => {
    const session = await roleSession();
    sb.iam.expireCredentials(session.accessKeyId);
    const jsonErr = await errorOf(
      sm(session).send(new GetSecretValueCommand({ SecretId: 'app/one' })),
    );
    expect(jsonErr.name).toBe('ExpiredTokenException');
    const stsErr = await errorOf(sts(session).send(new GetCallerIdentityCommand({})));
    expect(stsErr.name).toBe('ExpiredToken');
  });

  it('checks the scope region and service', async () => {
    const wrongRegion = await errorOf(
      sm(userCreds, 'eu-west-1').send(new GetSecretValueCommand({ SecretId: 'app/one' })),
    );
    expect(wrongRegion.name).toBe('InvalidSignatureException');
    expect(wrongRegion.message).toMatch(/scoped to a valid region, not 'eu-west-1'/);

    const res = await rawSignedPost(sb, {
      service: 'logs',
      region: sb.region,
      credentials: userCreds,
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: 'app/one' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'secretsmanager'. ",
    });
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a stale X-Amz-Date (15 minute skew)', async () => {
    const res = await rawSignedPost(sb, {
      service: 'secretsmanager',
      region: sb.region,
      credentials: userCreds,
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: 'app/one' }),
      signingDate: new Date(Date.now() - 16 * 60 * 1000),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { __type: string; message: string };
    expect(body.__type).toBe('InvalidSignatureException');
    expect(body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);

    const fresh = await rawSignedPost(sb, {
      service: 'secretsmanager',
      region: sb.region,
      credentials: userCreds,
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: 'app/one' }),
      signingDate: new Date(Date.now() - 10 * 60 * 1000),
    });
    expect(fresh.status).toBe(200);
  });

  it('rejects a body or a signed header changed after signing', async () => {
    const base = {
      service: 'secretsmanager',
      region: sb.region,
      credentials: userCreds,
      target: 'secretsmanager.GetSecretValue',
      body: JSON.stringify({ SecretId: 'app/one' }),
    };
    const body = await rawSignedPost(sb, {
      ...base,
      afterSigning: (r) => {
        r.body = JSON.stringify({ SecretId: 'app/two' });
      },
    });
    expect(body.status).toBe(400);
    expect(((await body.json()) as { __type: string }).__type).toBe('InvalidSignatureException');

    const bodyNoHash = await rawSignedPost(sb, {
      ...base,
      afterSigning: (r) => {
        Reflect.deleteProperty(r.headers, 'x-amz-content-sha256');
        r.body = JSON.stringify({ SecretId: 'app/two' });
      },
    });
    expect(bodyNoHash.status).toBe(400);

    const target = await rawSignedPost(sb, {
      ...base,
      afterSigning: (r) => {
        r.headers['x-amz-target'] = 'secretsmanager.DescribeSecret';
      },
    });
    expect(target.status).toBe(400);
    expect(((await target.json()) as { __type: string }).__type).toBe('InvalidSignatureException');
  });

  it('answers an unsigned JSON request with MissingAuthenticationTokenException', async () => {
    const res = await fetch(sb.awsEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: '{"SecretId":"app/one"}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { __type: string }).__type).toBe(
      'MissingAuthenticationTokenException',
    );
  });
});

describe('SigV4 presigned (query) auth: GetCallerIdentity as EKS tokens use it', () => {
  async function presign(
    creds: Creds,
    opts: { expiresIn?: number; signingDate?: Date } = {},
  ): Promise<string> {
    const url = new URL(sb.awsEndpoint);
    const signer = new SignatureV4({
      service: 'sts',
      region: sb.region,
      credentials: creds,
      sha256: Sha256,
    });
    const presigned = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        headers: { host: url.host, 'x-k8s-aws-id': 'task-manager-dev' },
      },
      { expiresIn: opts.expiresIn ?? 60, signingDate: opts.signingDate ?? new Date() },
    );
    const query = Object.entries(presigned.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `${sb.awsEndpoint}/?${query}`;
  }

  it('verifies a presigned URL with a signed x-k8s-aws-id header (XML and JSON answers)', async () => {
    const url = await presign(userCreds);
    expect(url).toContain('X-Amz-SignedHeaders=host%3Bx-k8s-aws-id');
    const xml = await fetch(url, { headers: { 'x-k8s-aws-id': 'task-manager-dev' } });
    expect(xml.status).toBe(200);
    const text = await xml.text();
    expect(text).toContain(`<Arn>${user.arn}</Arn>`);
    expect(text).toContain(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );

    const json = await fetch(url, {
      headers: { 'x-k8s-aws-id': 'task-manager-dev', accept: 'application/json' },
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({
      GetCallerIdentityResponse: {
        GetCallerIdentityResult: { Arn: user.arn, Account: sb.accountId },
        ResponseMetadata: { RequestId: json.headers.get('x-amzn-requestid') },
      },
    });
    expect(sb.callsTo('sts', 'GetCallerIdentity').at(-1)).toMatchObject({
      principal: user.arn,
      status: 200,
      params: {},
    });
  });

  it('verifies presigned URLs of temporary credentials (X-Amz-Security-Token)', async () => {
    const session = await roleSession();
    const url = await presign(session);
    expect(url).toContain('X-Amz-Security-Token=');
    const res = await fetch(url, { headers: { 'x-k8s-aws-id': 'task-manager-dev' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('assumed-role/reader/sig-tests');
  });

  it('rejects a missing or different signed header, a changed query and an expired URL', async () => {
    const url = await presign(userCreds);
    const noHeader = await fetch(url);
    expect(noHeader.status).toBe(403);
    expect(await noHeader.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const otherCluster = await fetch(url, { headers: { 'x-k8s-aws-id': 'prod' } });
    expect(otherCluster.status).toBe(403);

    const changed = await fetch(url.replace('X-Amz-Expires=60', 'X-Amz-Expires=900'), {
      headers: { 'x-k8s-aws-id': 'task-manager-dev' },
    });
    expect(changed.status).toBe(403);

    const old = await presign(userCreds, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 2 * 60 * 1000),
    });
    const expired = await fetch(old, { headers: { 'x-k8s-aws-id': 'task-manager-dev' } });
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Signature expired');
  });
});

describe('helpers', () => {
  it('parses raw queries and amz dates', () => {
    expect(parseRawQuery('a=1&b=x%20y&a=2&c')).toEqual({ a: ['1', '2'], b: 'x y', c: '' });
    expect(parseAmzDate('20240102T030405Z')?.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseAmzDate('2024-01-02')).toBeUndefined();
  });
});
