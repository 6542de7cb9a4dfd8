/**
 * GitHub Actions OIDC token issuer, served on the "GitHub" stand-in server:
 *   GET /_apis/id-token?api-version=2.0[&audience=...]  (Authorization: Bearer <request token>)
 *   GET /.well-known/openid-configuration
 *   GET /.well-known/jwks
 * Tokens are RS256 JWTs with a `kid`, claims shaped like GitHub's.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import {
  SignJWT,
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';

import type { Reply, ServiceModule } from './server.js';
import { header } from './server.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface GithubClaims {
  sub: string;
  repository: string;
  repository_owner: string;
  repository_id: string;
  ref: string;
  ref_type: string;
  sha: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  actor: string;
  workflow: string;
  event_name: string;
  job_workflow_ref: string;
  environment?: string;
  // Further claims real tokens carry (defaults derived when not set):
  repository_owner_id?: string;
  repository_visibility?: string;
  actor_id?: string;
  workflow_ref?: string;
  workflow_sha?: string;
  job_workflow_sha?: string;
  head_ref?: string;
  base_ref?: string;
  ref_protected?: string;
  runner_environment?: string;
}

export interface MintOptions {
  /** Seconds from iat to exp (default 300). */
  lifetimeSeconds?: number;
  /** iat as epoch seconds (default now). */
  issuedAt?: number;
  /** Seconds nbf lies before iat (default 600). */
  notBeforeSkewSeconds?: number;
}

export interface OidcIssuer {
  /** The `iss` claim; STS trusts it. */
  readonly issuer: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_URL; already has a query string. */
  readonly requestUrl: string;
  /** For ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  readonly requestToken: string;
  /** Merged into the defaults for tokens minted afterwards; an `undefined` value unsets. */
  setClaims(claims: Partial<GithubClaims>): void;
  mint(audience: string, overrides?: Partial<GithubClaims>, options?: MintOptions): Promise<string>;
  tokensIssued(): number;
  /** The claims a token minted now would carry (without the JWT registered claims). */
  currentClaims(overrides?: Partial<GithubClaims>): GithubClaims;
}

/** GitHub's default `sub` rule. */
export function defaultSubject(claims: {
  repository: string;
  ref: string;
  event_name: string;
  environment?: string | undefined;
}): string {
  if (claims.environment) return `repo:${claims.repository}:environment:${claims.environment}`;
  if (claims.event_name === 'pull_request') return `repo:${claims.repository}:pull_request`;
  return `repo:${claims.repository}:ref:${claims.ref}`;
}

function applyPartial(target: Record<string, unknown>, partial: Partial<GithubClaims>): void {
  for (const [key, value] of Object.entries(partial as Record<string, unknown>)) {
    if (value === undefined) Reflect.deleteProperty(target, key);
    else target[key] = value;
  }
}

export class GithubOidcIssuer implements OidcIssuer {
  readonly issuer = GITHUB_ISSUER;
  readonly requestToken = randomBytes(32).toString('base64url');
  private baseUrl = '';
  private issued = 0;
  private explicit: Partial<GithubClaims> = {};
  private readonly sha = randomBytes(20).toString('hex');

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly kid: string,
  ) {}

  static async create(): Promise<GithubOidcIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new GithubOidcIssuer(privateKey, { ...jwk, kid, alg: 'RS256', use: 'sig' }, kid);
  }

  /** Called once the GitHub server listens. */
  bind(githubUrl: string): void {
    this.baseUrl = githubUrl;
  }

  get requestUrl(): string {
    return `${this.baseUrl}/_apis/id-token?api-version=2.0`;
  }

  jwks(): JSONWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }

  setClaims(claims: Partial<GithubClaims>): void {
    const merged: Record<string, unknown> = { ...this.explicit };
    applyPartial(merged, claims);
    this.explicit = merged;
  }

  tokensIssued(): number {
    return this.issued;
  }

  currentClaims(overrides: Partial<GithubClaims> = {}): GithubClaims {
    const e: Record<string, unknown> = { ...this.explicit };
    applyPartial(e, overrides);
    const given = e as Partial<GithubClaims>;
    const repository = given.repository ?? 'octo-org/octo-repo';
    const ref = given.ref ?? 'refs/heads/main';
    const eventName = given.event_name ?? 'push';
    const workflowFile = '.github/workflows/ci.yml';
    const claims: GithubClaims = {
      sub: '',
      repository,
      repository_owner: repository.split('/')[0] ?? repository,
      repository_owner_id: '100001',
      repository_id: '200002',
      repository_visibility: 'private',
      ref,
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      ref_protected: 'false',
      sha: this.sha,
      run_id: '1',
      run_number: '1',
      run_attempt: '1',
      actor: 'octocat',
      actor_id: '583231',
      workflow: 'CI',
      workflow_ref: `${repository}/${workflowFile}@${ref}`,
      workflow_sha: given.sha ?? this.sha,
      job_workflow_ref: `${repository}/${workflowFile}@${ref}`,
      job_workflow_sha: given.sha ?? this.sha,
      event_name: eventName,
      head_ref: '',
      base_ref: '',
      runner_environment: 'github-hosted',
      ...given,
    };
    if (given.sub === undefined) claims.sub = defaultSubject(claims);
    return claims;
  }

  async mint(
    audience: string,
    overrides: Partial<GithubClaims> = {},
    options: MintOptions = {},
  ): Promise<string> {
    const claims = this.currentClaims(overrides);
    const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = { jti: randomUUID(), ...claims };
    const token = await new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid, x5t: this.kid })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setIssuedAt(iat)
      .setNotBefore(iat - (options.notBeforeSkewSeconds ?? 600))
      .setExpirationTime(iat + (options.lifetimeSeconds ?? 300))
      .sign(this.privateKey);
    this.issued += 1;
    return token;
  }

  /** The plug-in for the GitHub server (service 'oidc'). */
  module(): ServiceModule<'oidc'> {
    const json = (status: number, body: unknown): Reply => ({
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
    return {
      service: 'oidc',
      route: (req) => {
        if (req.method !== 'GET') return undefined;
        if (req.path === '/_apis/id-token') return 'token';
        if (req.path === '/.well-known/openid-configuration') return 'openid-configuration';
        if (req.path === '/.well-known/jwks') return 'jwks';
        return undefined;
      },
      describe: (req, operation) =>
        operation === 'token'
          ? {
              ...(req.query.has('audience') ? { audience: req.query.get('audience') } : {}),
              'api-version': req.query.get('api-version'),
            }
          : {},
      handle: async (exchange) => {
        const { req } = exchange;
        if (exchange.operation === 'jwks') return json(200, this.jwks());
        if (exchange.operation === 'openid-configuration') {
          return json(200, {
            issuer: this.issuer,
            jwks_uri: `${this.baseUrl}/.well-known/jwks`,
            subject_types_supported: ['public', 'pairwise'],
            response_types_supported: ['id_token'],
            claims_supported: [
              'sub',
              'aud',
              'exp',
              'iat',
              'iss',
              'jti',
              'nbf',
              'ref',
              'sha',
              'repository',
              'repository_id',
              'repository_owner',
              'repository_owner_id',
              'run_id',
              'run_number',
              'run_attempt',
              'actor',
              'actor_id',
              'workflow',
              'workflow_ref',
              'workflow_sha',
              'head_ref',
              'base_ref',
              'event_name',
              'ref_type',
              'ref_protected',
              'environment',
              'job_workflow_ref',
              'job_workflow_sha',
              'repository_visibility',
              'runner_environment',
            ],
            id_token_signing_alg_values_supported: ['RS256'],
            scopes_supported: ['openid'],
          });
        }
        const auth = header(req, 'authorization');
        if (auth !== `Bearer ${this.requestToken}`) {
          return json(401, { message: 'Bad credentials' });
        }
        const claims = this.currentClaims();
        const audience =
          req.query.get('audience') ?? `https://github.com/${claims.repository_owner}`;
        return json(200, { value: await this.mint(audience) });
      },
      faultReply: (kind) =>
        kind === 'throttle'
          ? {
              status: 429,
              headers: { 'content-type': 'application/json', 'retry-after': '1' },
              body: JSON.stringify({ message: 'Too many requests' }),
            }
          : json(500, { message: 'Internal Server Error' }),
    };
  }
}
