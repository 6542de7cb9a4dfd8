import { GetCallerIdentityCommand, STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import {
  AssumeRoleWithWebIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';
import { fromWebToken } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, generateKeyPair } from 'jose';

import { Sandbox, type UserKeys } from './index.js';
import { errorOf, type Creds } from './test-helpers.js';

let sb: Sandbox;
let roleArn: string;
let longRoleArn: string;
let user: UserKeys;
const clients: { destroy(): void }[] = [];

function sts(credentials?: Creds): STSClient {
  const c = new STSClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    maxAttempts: 1,
    ...(credentials ? { credentials } : {}),
  });
  clients.push(c);
  return c;
}

async function webIdentity(
  input: Partial<AssumeRoleWithWebIdentityCommandInput> & { WebIdentityToken: string },
) {
  return sts().send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'run-1', ...input }),
  );
}

beforeAll(async () => {
  sb = await Sandbox.start();
  sb.oidc.setClaims({ repository: 'acme/app', environment: 'dev' });
  roleArn = sb.iam.createRole({
    name: 'app-ci',
    trust: { subjects: ['repo:acme/app:environment:*', 'repo:acme/app:ref:refs/heads/main'] },
    policy: [{ effect: 'Allow', actions: ['secretsmanager:GetSecretValue'], resources: ['*'] }],
  });
  longRoleArn = sb.iam.createRole({
    name: 'app-long',
    trust: { audience: 'custom-aud', subjects: ['repo:acme/app:*'] },
    maxSessionDuration: 7200,
    policy: [],
  });
  user = sb.iam.createUser('alice', []);
  sb.iam.createRole({
    name: 'admin',
    // A role session matches a trust principal by its role ARN (here: the role itself).
    trust: { subjects: [], principals: [user.arn, `arn:aws:iam::${sb.accountId}:role/admin`] },
    policy: [],
  });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await sb.stop();
});

describe('AssumeRoleWithWebIdentity', () => {
  it('exchanges a GitHub token for temporary credentials', async () => {
    const token = await sb.oidc.mint('sts.amazonaws.com');
    const before = Date.now();
    const out = await webIdentity({ WebIdentityToken: token, DurationSeconds: 900 });
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SessionToken).toBeTruthy();
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
    const ttl = out.Credentials!.Expiration!.getTime() - before;
    expect(ttl).toBeGreaterThan(890_000);
    expect(ttl).toBeLessThanOrEqual(901_000);
    expect(out.SubjectFromWebIdentityToken).toBe('repo:acme/app:environment:dev');
    expect(out.Audience).toBe('sts.amazonaws.com');
    expect(out.Provider).toBe(
      `arn:aws:iam::${sb.accountId}:oidc-provider/token.actions.githubusercontent.com`,
    );
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${sb.accountId}:assumed-role/app-ci/run-1`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:run-1$/);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const creds = out.Credentials!;
    const who = await sts({
      accessKeyId: creds.AccessKeyId!,
      secretAccessKey: creds.SecretAccessKey!,
      sessionToken: creds.SessionToken!,
    }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(out.AssumedRoleUser?.Arn);

    const recorded = sb.callsTo('sts', 'AssumeRoleWithWebIdentity').at(-1)!;
    expect(recorded.status).toBe(200);
    expect(recorded.params).toEqual({
      RoleArn: roleArn,
      RoleSessionName: 'run-1',
      WebIdentityToken: '<redacted>',
      DurationSeconds: '900',
    });
    expect(JSON.stringify(sb.calls)).not.toContain(token);
  });

  it('works through the SDK web-token credential provider', async () => {
    const token = await sb.oidc.mint('sts.amazonaws.com');
    const provider = fromWebToken({
      roleArn,
      webIdentityToken: token,
      roleSessionName: 'provider-session',
      clientConfig: { region: sb.region, endpoint: sb.awsEndpoint, maxAttempts: 1 },
    });
    const creds = await provider();
    expect(creds.accessKeyId).toMatch(/^ASIA/);
    expect(creds.expiration).toBeInstanceOf(Date);
  });

  it('denies a sub the trust policy does not match', async () => {
    const token = await sb.oidc.mint('sts.amazonaws.com', {
      environment: undefined,
      ref: 'refs/heads/feature',
    });
    const err = await errorOf(webIdentity({ WebIdentityToken: token }));
    expect(err.name).toBe('AccessDenied');
    expect(err.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity');
    expect(err.$metadata?.httpStatusCode).toBe(403);
    const other = await sb.oidc.mint('sts.amazonaws.com', { repository: 'evil/app' });
    expect((await errorOf(webIdentity({ WebIdentityToken: other }))).name).toBe('AccessDenied');
  });

  it('denies a wrong audience, and honours a role-specific audience', async () => {
    const token = await sb.oidc.mint('https://github.com/acme');
    const err = await errorOf(webIdentity({ WebIdentityToken: token }));
    expect(err.name).toBe('AccessDenied');
    const custom = await sb.oidc.mint('custom-aud');
    const out = await webIdentity({ WebIdentityToken: custom, RoleArn: longRoleArn });
    expect(out.Audience).toBe('custom-aud');
  });

  it('denies an unknown role', async () => {
    const token = await sb.oidc.mint('sts.amazonaws.com');
    const err = await errorOf(
      webIdentity({
        WebIdentityToken: token,
        RoleArn: `arn:aws:iam::${sb.accountId}:role/nope`,
      }),
    );
    expect(err.name).toBe('AccessDenied');
  });

  it('validates RoleSessionName like STS', async () => {
    const token = await sb.oidc.mint('sts.amazonaws.com');
    const bad = await errorOf(
      webIdentity({ WebIdentityToken: token, RoleSessionName: 'bad name!' }),
    );
    expect(bad.name).toBe('ValidationError');
    expect(bad.$metadata?.httpStatusCode).toBe(400);
    expect(bad.message).toBe(
      "1 validation error detected: Value 'bad name!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    const short = await errorOf(webIdentity({ WebIdentityToken: token, RoleSessionName: 'x' }));
    expect(short.message).toMatch(/Member must have length greater than or equal to 2/);
    const long = await errorOf(
      webIdentity({ WebIdentityToken: token, RoleSessionName: 'a'.repeat(65) }),
    );
    expect(long.message).toMatch(/less than or equal to 64/);
    // Exactly the allowed alphabet passes.
    const ok = await webIdentity({ WebIdentityToken: token, RoleSessionName: 'a_b+c=d,e.f@g-h' });
    expect(ok.AssumedRoleUser?.Arn).toMatch(/a_b\+c=d,e\.f@g-h$/);
  });

  it('validates DurationSeconds (900..role maximum)', async () => {
    const token = await sb.oidc.mint('sts.amazonaws.com');
    const low = await errorOf(webIdentity({ WebIdentityToken: token, DurationSeconds: 600 }));
    expect(low.name).toBe('ValidationError');
    expect(low.message).toMatch(/Value '600' at 'durationSeconds'.*greater than or equal to 900/);
    const high = await errorOf(webIdentity({ WebIdentityToken: token, DurationSeconds: 7200 }));
    expect(high.name).toBe('ValidationError');
    expect(high.message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const custom = await sb.oidc.mint('custom-aud');
    const ok = await webIdentity({
      WebIdentityToken: custom,
      RoleArn: longRoleArn,
      DurationSeconds: 7200,
    });
    expect(ok.Credentials?.Expiration!.getTime()).toBeGreaterThan(Date.now() + 7100_000);
    const tooHigh = await errorOf(
      webIdentity({ WebIdentityToken: custom, RoleArn: longRoleArn, DurationSeconds: 50000 }),
    );
    expect(tooHigh.message).toMatch(/less than or equal to 43200/);
  });

  it('rejects expired, forged and foreign tokens', async () => {
    const expired = await sb.oidc.mint(
      'sts.amazonaws.com',
      {},
      {
        issuedAt: Math.floor(Date.now() / 1000) - 3600,
      },
    );
    const e1 = await errorOf(webIdentity({ WebIdentityToken: expired }));
    expect(e1.name).toBe('ExpiredTokenException');
    expect(e1.$metadata?.httpStatusCode).toBe(400);
    expect(e1.message).toMatch(/^Token expired: current date\/time \d+ must be before/);

    const { privateKey } = await generateKeyPair('RS256');
    const claims = sb.oidc.currentClaims();
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer(sb.oidc.issuer)
      .setAudience('sts.amazonaws.com')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const e2 = await errorOf(webIdentity({ WebIdentityToken: forged }));
    expect(e2.name).toBe('InvalidIdentityTokenException');
    expect(e2.$metadata?.httpStatusCode).toBe(400);

    const foreign = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('https://evil.example.com')
      .setAudience('sts.amazonaws.com')
      .setExpirationTime('5m')
      .sign(privateKey);
    const e3 = await errorOf(webIdentity({ WebIdentityToken: foreign }));
    expect(e3.name).toBe('InvalidIdentityTokenException');
    expect(e3.message).toBe(
      'No OpenIDConnect provider found in your account for https://evil.example.com',
    );

    const garbage = await errorOf(webIdentity({ WebIdentityToken: 'not-a-jwt' }));
    expect(garbage.name).toBe('InvalidIdentityTokenException');
  });
});

describe('AssumeRole', () => {
  const userCreds = (): Creds => ({
    accessKeyId: user.accessKeyId,
    secretAccessKey: user.secretAccessKey,
  });

  it('lets a trusted principal assume the role', async () => {
    const out = await sts(userCreds()).send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${sb.accountId}:role/admin`,
        RoleSessionName: 'alice',
      }),
    );
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${sb.accountId}:assumed-role/admin/alice`);
    expect(sb.callsTo('sts', 'AssumeRole').at(-1)).toMatchObject({
      principal: user.arn,
      status: 200,
    });

    // Role chaining is limited to one hour.
    const chained = {
      accessKeyId: out.Credentials!.AccessKeyId!,
      secretAccessKey: out.Credentials!.SecretAccessKey!,
      sessionToken: out.Credentials!.SessionToken!,
    };
    const err = await errorOf(
      sts(chained).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${sb.accountId}:role/admin`,
          RoleSessionName: 'again',
          DurationSeconds: 7200,
        }),
      ),
    );
    expect(err.name).toBe('ValidationError');
  });

  it('denies an untrusted principal', async () => {
    const err = await errorOf(
      sts(userCreds()).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'alice' })),
    );
    expect(err.name).toBe('AccessDenied');
    expect(err.message).toBe(
      `User: ${user.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  });

  it('needs a signature', async () => {
    const res = await fetch(sb.awsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent(roleArn)}&RoleSessionName=x1`,
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/,
    );
    expect(text).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')!}</RequestId>`);
  });

  it('answers an unknown action with InvalidAction', async () => {
    const res = await fetch(sb.awsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetFederationTokenX&Version=2011-06-15',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>InvalidAction</Code>');
  });
});
