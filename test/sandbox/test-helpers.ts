/**
 * Helpers for the sandbox's own tests (and later integration tests): SDK credentials from the
 * sandbox, error capture, and hand-signed requests for cases the SDK will not produce.
 */
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { SignatureV4 } from '@smithy/signature-v4';

import type { GithubClaims, Sandbox } from './index.js';
import { Sha256 } from './sigv4.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** What an SDK error looks like from the outside. */
export interface CaughtError extends Error {
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: string;
  code?: string;
  Code?: string;
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Mints a GitHub token and exchanges it for the role's temporary credentials. */
export async function assumeWithOidc(
  sb: Sandbox,
  roleArn: string,
  claims: Partial<GithubClaims> = {},
  sessionName = 'gha-run',
): Promise<Creds> {
  const token = await sb.oidc.mint('sts.amazonaws.com', claims);
  const sts = new STSClient({ region: sb.region, endpoint: sb.awsEndpoint, maxAttempts: 1 });
  try {
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: roleArn,
        RoleSessionName: sessionName,
        WebIdentityToken: token,
      }),
    );
    const c = out.Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
  } finally {
    sts.destroy();
  }
}

export interface RawSignedRequest {
  service: string;
  region: string;
  credentials: Creds;
  target?: string;
  body?: string;
  contentType?: string;
  signingDate?: Date;
  /** Changes after signing (to tamper). */
  afterSigning?: (request: { headers: Record<string, string>; body: string }) => void;
}

/** POSTs a hand-signed request to the sandbox's AWS endpoint. */
export async function rawSignedPost(sb: Sandbox, r: RawSignedRequest): Promise<Response> {
  const url = new URL(sb.awsEndpoint);
  const body = r.body ?? '{}';
  const signer = new SignatureV4({
    service: r.service,
    region: r.region,
    credentials: r.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': r.contentType ?? 'application/x-amz-json-1.1',
        ...(r.target ? { 'x-amz-target': r.target } : {}),
      },
      body,
    },
    { signingDate: r.signingDate ?? new Date() },
  );
  const headers = { ...signed.headers };
  const mutable = { headers, body };
  r.afterSigning?.(mutable);
  Reflect.deleteProperty(mutable.headers, 'host');
  return fetch(sb.awsEndpoint, { method: 'POST', headers: mutable.headers, body: mutable.body });
}
