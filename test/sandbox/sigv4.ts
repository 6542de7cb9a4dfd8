/**
 * SigV4 verification for the stand-ins, header auth and presigned (query) auth.
 *
 * The signature is recomputed with `SignatureV4` from @smithy/signature-v4 over the request as
 * received: method, path, query, only the headers the client listed as signed, and the body. The
 * result is compared in constant time. Around it: X-Amz-Date skew (15 minutes), presigned expiry,
 * scope service and region, the issued session token, and credential expiry.
 */
import { createHash, createHmac, timingSafeEqual, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import { SignatureV4 } from '@smithy/signature-v4';

import type { CredentialRecord } from './iam.js';

type SignerInit = ConstructorParameters<typeof SignatureV4>[0];
type SourceData = string | ArrayBuffer | ArrayBufferView;
type Hmac = ReturnType<typeof createHmac>;
/** The HttpRequest shape the signer takes. */
export type SignableRequest = Parameters<SignatureV4['presign']>[0];

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 / HMAC-SHA-256 hash class over node:crypto, in the shape the signer expects. */
export class Sha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined
      ? createHash('sha256')
      : createHmac('sha256', toBuffer(this.secret));
  }
}

export const SHA256: SignerInit['sha256'] = Sha256;

export interface SignedRequestInput {
  method: string;
  /** Raw (percent-encoded) path. */
  path: string;
  /** Raw query without '?'. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

export interface VerifyContext {
  /** Expected signing name in the credential scope (e.g. 'sts', 'secretsmanager'). */
  service: string;
  region: string;
  lookup: (accessKeyId: string) => CredentialRecord | undefined;
  /** Epoch ms (default Date.now()). */
  now?: number;
  /** Per-segment URI escaping of the path (true for every service but S3). */
  uriEscapePath?: boolean;
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD` (S3 only). */
  allowUnsignedPayload?: boolean;
  /** Largest skew between X-Amz-Date and now, ms (default 15 min). */
  maxSkewMs?: number;
}

export type SigFailureKind =
  | 'missing' // no auth at all
  | 'incomplete' // malformed auth
  | 'unknown-key' // access key not issued here
  | 'invalid-token' // session token missing / wrong / unexpected
  | 'expired-token' // credentials expired
  | 'mismatch' // signature (or scope date) does not match
  | 'expired-signature' // X-Amz-Date too far from now, or presigned URL expired
  | 'scope'; // wrong service or region in the scope

export interface SigFailure {
  kind: SigFailureKind;
  message: string;
}

export type VerifyResult =
  | { ok: true; credential: CredentialRecord; presigned: boolean; accessKeyId: string }
  | { ok: false; failure: SigFailure; accessKeyId?: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Query parameters that carry a presigned request's signature, not its content. */
export const AUTH_QUERY_PARAMS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
];
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your ' +
  'AWS Secret Access Key and signing method. Consult the service documentation for details.';

function fail(kind: SigFailureKind, message: string, accessKeyId?: string): VerifyResult {
  return { ok: false, failure: { kind, message }, ...(accessKeyId ? { accessKeyId } : {}) };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Parses a raw query string into the signer's query map (values decoded, repeats as arrays). */
export function parseRawQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeURIComponent(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : decodeURIComponent(part.slice(eq + 1));
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return query;
}

function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => decodeURIComponent(segment))
    .join('/');
}

/** '20240101T000000Z' -> Date, or undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

interface ParsedAuth {
  presigned: boolean;
  accessKeyId: string;
  scopeDate: string;
  scopeRegion: string;
  scopeService: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  expiresSeconds?: number;
  token?: string;
}

function parseAuth(
  req: SignedRequestInput,
  query: Record<string, string | string[]>,
): ParsedAuth | SigFailure {
  const authorization = headerValue(req.headers, 'authorization');
  const queryAlgorithm = query['X-Amz-Algorithm'];
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  let amzDate: string | undefined;
  let expires: string | undefined;
  let token: string | undefined;
  let presigned = false;
  const single = (v: string | string[] | undefined): string | undefined =>
    Array.isArray(v) ? undefined : v;

  if (authorization !== undefined) {
    const space = authorization.indexOf(' ');
    const algorithm = space === -1 ? authorization : authorization.slice(0, space);
    if (algorithm !== ALGORITHM) {
      return { kind: 'incomplete', message: `Unsupported AWS 'algorithm': '${algorithm}'` };
    }
    for (const part of authorization.slice(space + 1).split(',')) {
      const eq = part.indexOf('=');
      if (eq === -1) continue;
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (key === 'Credential') credential = value;
      else if (key === 'SignedHeaders') signedHeaders = value;
      else if (key === 'Signature') signature = value;
    }
    for (const [name, value] of [
      ['Credential', credential],
      ['SignedHeaders', signedHeaders],
      ['Signature', signature],
    ] as const) {
      if (!value) {
        return {
          kind: 'incomplete',
          message: `Authorization header requires '${name}' parameter. Authorization=${authorization}`,
        };
      }
    }
    amzDate = headerValue(req.headers, 'x-amz-date');
    if (!amzDate) {
      return {
        kind: 'incomplete',
        message:
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      };
    }
    token = headerValue(req.headers, 'x-amz-security-token');
  } else if (queryAlgorithm !== undefined) {
    presigned = true;
    if (queryAlgorithm !== ALGORITHM) {
      return {
        kind: 'incomplete',
        message: `Unsupported AWS 'algorithm': '${String(queryAlgorithm)}'`,
      };
    }
    credential = single(query['X-Amz-Credential']);
    signedHeaders = single(query['X-Amz-SignedHeaders']);
    signature = single(query['X-Amz-Signature']);
    amzDate = single(query['X-Amz-Date']);
    expires = single(query['X-Amz-Expires']);
    token = single(query['X-Amz-Security-Token']);
    const missing = [
      ['X-Amz-Credential', credential],
      ['X-Amz-SignedHeaders', signedHeaders],
      ['X-Amz-Signature', signature],
      ['X-Amz-Date', amzDate],
      ['X-Amz-Expires', expires],
    ]
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length > 0) {
      return {
        kind: 'incomplete',
        message: `AWS query-string parameters must include ${missing.map((m) => `'${String(m)}'`).join(', ')}. Re-examine the query-string parameters.`,
      };
    }
  } else {
    return { kind: 'missing', message: 'Request is missing Authentication Token' };
  }

  const scope = (credential ?? '').split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !scope[0]) {
    return {
      kind: 'incomplete',
      message: `Credential should be scoped to a valid region, service and terminated by 'aws4_request'. Credential=${credential ?? ''}`,
    };
  }
  const expiresSeconds = expires === undefined ? undefined : Number(expires);
  if (expiresSeconds !== undefined && (!Number.isInteger(expiresSeconds) || expiresSeconds < 1)) {
    return { kind: 'incomplete', message: `X-Amz-Expires must be a positive integer: ${expires}` };
  }
  return {
    presigned,
    accessKeyId: scope[0],
    scopeDate: scope[1] ?? '',
    scopeRegion: scope[2] ?? '',
    scopeService: scope[3] ?? '',
    signedHeaders: (signedHeaders ?? '').split(';').filter((h) => h !== ''),
    signature: signature ?? '',
    amzDate: amzDate ?? '',
    ...(expiresSeconds === undefined ? {} : { expiresSeconds }),
    ...(token === undefined ? {} : { token }),
  };
}

/** Verifies a SigV4-signed request (header or presigned form) against the issued credentials. */
export async function verifySigV4(
  req: SignedRequestInput,
  ctx: VerifyContext,
): Promise<VerifyResult> {
  let query: Record<string, string | string[]>;
  let path: string;
  try {
    query = parseRawQuery(req.rawQuery);
    path = ctx.uriEscapePath === false ? req.path : decodePath(req.path);
  } catch {
    return fail('incomplete', 'The request URI or query string is not correctly percent-encoded.');
  }
  const parsed = parseAuth(req, query);
  if ('kind' in parsed) return { ok: false, failure: parsed };
  const { accessKeyId } = parsed;

  const date = parseAmzDate(parsed.amzDate);
  if (!date) {
    return fail('incomplete', `Invalid X-Amz-Date: ${parsed.amzDate}`, accessKeyId);
  }
  if (parsed.scopeDate !== parsed.amzDate.slice(0, 8)) {
    return fail(
      'mismatch',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.scopeDate}' != '${parsed.amzDate.slice(0, 8)}', from '${parsed.amzDate}'.`,
      accessKeyId,
    );
  }
  if (parsed.scopeService !== ctx.service) {
    return fail(
      'scope',
      `Credential should be scoped to correct service: '${ctx.service}'. `,
      accessKeyId,
    );
  }
  if (parsed.scopeRegion !== ctx.region) {
    return fail(
      'scope',
      `Credential should be scoped to a valid region, not '${parsed.scopeRegion}'. `,
      accessKeyId,
    );
  }
  if (!parsed.signedHeaders.includes('host')) {
    return fail(
      'mismatch',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      accessKeyId,
    );
  }

  const now = ctx.now ?? Date.now();
  const skew = ctx.maxSkewMs ?? 15 * 60 * 1000;
  const signedAt = date.getTime();
  if (signedAt - now > skew) {
    return fail(
      'expired-signature',
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(now + skew)} (${formatAmzDate(now)} + 15 min.)`,
      accessKeyId,
    );
  }
  if (parsed.presigned) {
    const expiresAt = signedAt + (parsed.expiresSeconds ?? 0) * 1000;
    if (now > expiresAt) {
      return fail(
        'expired-signature',
        `Signature expired: ${formatAmzDate(expiresAt)} is now earlier than ${formatAmzDate(now)}`,
        accessKeyId,
      );
    }
  } else if (now - signedAt > skew) {
    return fail(
      'expired-signature',
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(now - skew)} (${formatAmzDate(now)} - 15 min.)`,
      accessKeyId,
    );
  }

  const credential = ctx.lookup(accessKeyId);
  if (!credential) return fail('unknown-key', INVALID_TOKEN, accessKeyId);
  if (credential.sessionToken === undefined) {
    if (parsed.token !== undefined) return fail('invalid-token', INVALID_TOKEN, accessKeyId);
  } else if (
    parsed.token === undefined ||
    !constantTimeEqual(parsed.token, credential.sessionToken)
  ) {
    return fail('invalid-token', INVALID_TOKEN, accessKeyId);
  }

  // Payload: a signed x-amz-content-sha256 must describe the body actually received.
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  const claimedHash = headerValue(req.headers, 'x-amz-content-sha256');
  if (
    claimedHash !== undefined &&
    parsed.signedHeaders.includes('x-amz-content-sha256') &&
    !(claimedHash === 'UNSIGNED-PAYLOAD' && ctx.allowUnsignedPayload === true) &&
    claimedHash !== bodyHash
  ) {
    return fail(
      'mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      accessKeyId,
    );
  }

  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const signer = new SignatureV4({
    service: parsed.scopeService,
    region: parsed.scopeRegion,
    credentials: {
      accessKeyId,
      secretAccessKey: credential.secretAccessKey,
      // Only when the client signed/sent it; the signer then covers it like the client did.
      ...((parsed.presigned && parsed.token !== undefined) ||
      (!parsed.presigned && parsed.signedHeaders.includes('x-amz-security-token'))
        ? { sessionToken: parsed.token ?? '' }
        : {}),
    },
    sha256: SHA256,
    uriEscapePath: ctx.uriEscapePath ?? true,
    applyChecksum: false,
  });
  const hostHeader = headers.host ?? '';
  const [hostname = '', port] = hostHeader.split(':');
  const request: SignableRequest = {
    method: req.method,
    protocol: 'http:',
    hostname,
    ...(port ? { port: Number(port) } : {}),
    path,
    query,
    headers,
    ...(req.body.length > 0 ? { body: req.body } : {}),
  };

  let expectedSignature: string | undefined;
  let expectedSignedHeaders: string | undefined;
  try {
    if (parsed.presigned) {
      const unsignedQuery = { ...query };
      for (const p of AUTH_QUERY_PARAMS) Reflect.deleteProperty(unsignedQuery, p);
      const presigned = await signer.presign(
        { ...request, query: unsignedQuery },
        {
          signingDate: date,
          expiresIn: parsed.expiresSeconds ?? 0,
          signableHeaders: new Set(parsed.signedHeaders),
          unhoistableHeaders: new Set(parsed.signedHeaders),
        },
      );
      const sig = presigned.query?.['X-Amz-Signature'];
      const sh = presigned.query?.['X-Amz-SignedHeaders'];
      expectedSignature = typeof sig === 'string' ? sig : undefined;
      expectedSignedHeaders = typeof sh === 'string' ? sh : undefined;
    } else {
      const signed = await signer.sign(request, {
        signingDate: date,
        signableHeaders: new Set(parsed.signedHeaders),
      });
      const auth = signed.headers.authorization ?? '';
      expectedSignature = /Signature=([0-9a-f]+)/.exec(auth)?.[1];
      expectedSignedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1];
    }
  } catch {
    return fail('mismatch', MISMATCH, accessKeyId);
  }
  if (
    expectedSignature === undefined ||
    expectedSignedHeaders !== parsed.signedHeaders.join(';') ||
    !constantTimeEqual(expectedSignature, parsed.signature)
  ) {
    return fail('mismatch', MISMATCH, accessKeyId);
  }

  if (credential.expiresAt !== undefined && credential.expiresAt <= now) {
    return fail(
      'expired-token',
      'The security token included in the request is expired',
      accessKeyId,
    );
  }
  return { ok: true, credential, presigned: parsed.presigned, accessKeyId };
}
