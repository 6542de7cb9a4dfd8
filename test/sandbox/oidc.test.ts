import { getIDToken } from '@actions/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { Sandbox } from './index.js';
import { defaultSubject } from './oidc.js';

let sb: Sandbox;
const saved: Record<string, string | undefined> = {};

function setActionsEnv(url: string, token: string): void {
  for (const k of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']) {
    if (!(k in saved)) saved[k] = process.env[k];
  }
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = url;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = token;
}

beforeAll(async () => {
  sb = await Sandbox.start();
});

afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = v;
  }
  jest.restoreAllMocks();
});

afterAll(async () => {
  await sb.stop();
});

/** getIDToken prints `::add-mask::<token>`; keep the test output clean. */
function quietStdout(): void {
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
}

describe('GitHub OIDC token endpoint', () => {
  it('serves @actions/core getIDToken, tokens verify against the published JWKS', async () => {
    sb.oidc.setClaims({ repository: 'acme/task-manager', environment: 'dev', run_id: '99' });
    expect(sb.oidc.requestUrl).toBe(`${sb.githubUrl}/_apis/id-token?api-version=2.0`);
    setActionsEnv(sb.oidc.requestUrl, sb.oidc.requestToken);
    quietStdout();
    const before = sb.oidc.tokensIssued();
    const token = await getIDToken('sts.amazonaws.com');
    expect(sb.oidc.tokensIssued()).toBe(before + 1);

    const header = decodeProtectedHeader(token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).toBeTruthy();

    const config = (await (
      await fetch(`${sb.githubUrl}/.well-known/openid-configuration`)
    ).json()) as { issuer: string; jwks_uri: string };
    expect(config.issuer).toBe('https://token.actions.githubusercontent.com');
    const jwks = createRemoteJWKSet(new URL(config.jwks_uri));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: sb.oidc.issuer,
      audience: 'sts.amazonaws.com',
    });
    expect(payload).toMatchObject({
      sub: 'repo:acme/task-manager:environment:dev',
      repository: 'acme/task-manager',
      repository_owner: 'acme',
      environment: 'dev',
      run_id: '99',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      event_name: 'push',
      job_workflow_ref: 'acme/task-manager/.github/workflows/ci.yml@refs/heads/main',
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.nbf!).toBeLessThanOrEqual(payload.iat!);

    const recorded = sb.callsTo('oidc', 'token').at(-1)!;
    expect(recorded).toMatchObject({
      status: 200,
      params: { audience: 'sts.amazonaws.com', 'api-version': '2.0' },
    });
    expect(JSON.stringify(sb.calls)).not.toContain(token);
    expect(JSON.stringify(sb.calls)).not.toContain(sb.oidc.requestToken);
  });

  it('defaults the audience to the repository owner URL', async () => {
    const res = await fetch(sb.oidc.requestUrl, {
      headers: { authorization: `Bearer ${sb.oidc.requestToken}` },
    });
    expect(res.status).toBe(200);
    const { value } = (await res.json()) as { value: string };
    const payload = JSON.parse(Buffer.from(value.split('.')[1]!, 'base64url').toString()) as {
      aud: string;
    };
    expect(payload.aud).toBe('https://github.com/acme');
  });

  it('needs the request bearer token', async () => {
    const none = await fetch(`${sb.oidc.requestUrl}&audience=x`);
    expect(none.status).toBe(401);
    const wrong = await fetch(`${sb.oidc.requestUrl}&audience=x`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    setActionsEnv(sb.oidc.requestUrl, 'wrong-token');
    quietStdout();
    await expect(getIDToken('sts.amazonaws.com')).rejects.toThrow(/401/);
  });

  it('answers throttling with 429', async () => {
    sb.addFault({ service: 'oidc', operation: 'token', kind: 'throttle', times: 1 });
    setActionsEnv(sb.oidc.requestUrl, sb.oidc.requestToken);
    quietStdout();
    await expect(getIDToken('sts.amazonaws.com')).rejects.toThrow(/429/);
    expect(sb.callsTo('oidc', 'token').at(-1)?.status).toBe(429);
  });

  it('computes the default sub like GitHub', async () => {
    expect(defaultSubject({ repository: 'o/r', ref: 'refs/heads/main', event_name: 'push' })).toBe(
      'repo:o/r:ref:refs/heads/main',
    );
    expect(defaultSubject({ repository: 'o/r', ref: 'refs/tags/v1', event_name: 'push' })).toBe(
      'repo:o/r:ref:refs/tags/v1',
    );
    expect(
      defaultSubject({ repository: 'o/r', ref: 'refs/pull/1/merge', event_name: 'pull_request' }),
    ).toBe('repo:o/r:pull_request');
    expect(
      defaultSubject({
        repository: 'o/r',
        ref: 'refs/pull/1/merge',
        event_name: 'pull_request',
        environment: 'prod',
      }),
    ).toBe('repo:o/r:environment:prod');

    expect(sb.oidc.currentClaims({ environment: undefined }).sub).toBe(
      'repo:acme/task-manager:ref:refs/heads/main',
    );
    expect(sb.oidc.currentClaims({ environment: undefined, ref: 'refs/tags/v2' })).toMatchObject({
      sub: 'repo:acme/task-manager:ref:refs/tags/v2',
      ref_type: 'tag',
    });
    expect(sb.oidc.currentClaims({ sub: 'repo:custom' }).sub).toBe('repo:custom');
    const token = await sb.oidc.mint('aud-x', {
      event_name: 'pull_request',
      environment: undefined,
    });
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
      environment?: string;
    };
    expect(payload.sub).toBe('repo:acme/task-manager:pull_request');
    expect(payload.environment).toBeUndefined();
  });

  it('answers unknown GitHub routes with 404', async () => {
    const res = await fetch(`${sb.githubUrl}/repos/acme/x`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-github-request-id')).toBeTruthy();
  });
});
