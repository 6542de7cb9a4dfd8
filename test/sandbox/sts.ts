/**
 * STS (query protocol, version 2011-06-15): AssumeRoleWithWebIdentity (unsigned), AssumeRole and
 * GetCallerIdentity (signed; GetCallerIdentity also as a presigned GET, as EKS tokens use it).
 * Answers XML, or JSON when the client sends `Accept: application/json` (as
 * aws-iam-authenticator does).
 */
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

import {
  AwsError,
  authenticate,
  querySigError,
  xmlElement,
  type AwsEnv,
  type XmlObject,
} from './aws-protocol.js';
import { wildcardMatch, type CredentialRecord, type RoleRecord } from './iam.js';
import type { Exchange, InboundRequest, Reply, ServiceModule } from './server.js';
import { AUTH_QUERY_PARAMS } from './sigv4.js';
import { header, redact } from './server.js';

export const STS_VERSION = '2011-06-15';
const STS_XMLNS = `https://sts.amazonaws.com/doc/${STS_VERSION}/`;
const SESSION_NAME = /^[\w+=,.@-]*$/;
const AUTH_PARAMS = new Set(AUTH_QUERY_PARAMS);

/** What STS needs from the web identity provider it trusts. */
export interface TrustedWebIdentityProvider {
  readonly issuer: string;
  jwks(): JSONWebKeySet;
}

const paramCache = new WeakMap<InboundRequest, URLSearchParams>();

/** Query string parameters plus, for form POSTs, the body's. */
export function queryProtocolParams(req: InboundRequest): URLSearchParams {
  const cached = paramCache.get(req);
  if (cached) return cached;
  const params = new URLSearchParams(req.rawQuery);
  const contentType = header(req, 'content-type') ?? '';
  if (req.method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) params.append(k, v);
  }
  paramCache.set(req, params);
  return params;
}

function validationError(errors: string[]): AwsError {
  const n = errors.length;
  return new AwsError(
    'ValidationError',
    `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
  );
}

interface SessionRequest {
  roleArn: string;
  sessionName: string;
  duration?: number;
}

function validateSessionRequest(
  p: URLSearchParams,
  extra: (errors: string[]) => void = () => undefined,
): SessionRequest {
  const errors: string[] = [];
  const roleArn = p.get('RoleArn');
  const sessionName = p.get('RoleSessionName');
  const durationText = p.get('DurationSeconds');
  if (roleArn === null) {
    errors.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  } else if (roleArn.length < 20 || roleArn.length > 2048) {
    errors.push(
      `Value '${roleArn}' at 'roleArn' failed to satisfy constraint: Member must have length ${
        roleArn.length < 20 ? 'greater than or equal to 20' : 'less than or equal to 2048'
      }`,
    );
  }
  if (sessionName === null) {
    errors.push(
      "Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    );
  } else {
    if (sessionName.length < 2) {
      errors.push(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2`,
      );
    } else if (sessionName.length > 64) {
      errors.push(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      );
    }
    if (!SESSION_NAME.test(sessionName)) {
      errors.push(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
  }
  let duration: number | undefined;
  if (durationText !== null) {
    duration = Number(durationText);
    if (!/^-?\d+$/.test(durationText)) {
      errors.push(
        `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer`,
      );
    } else if (duration < 900) {
      errors.push(
        `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    } else if (duration > 43200) {
      errors.push(
        `Value '${durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`,
      );
    }
  }
  extra(errors);
  if (errors.length > 0) throw validationError(errors);
  return {
    roleArn: roleArn ?? '',
    sessionName: sessionName ?? '',
    ...(duration === undefined ? {} : { duration }),
  };
}

function checkDuration(role: RoleRecord, requested: number | undefined): number {
  const duration = requested ?? 3600;
  if (duration > role.maxSessionDuration) {
    throw new AwsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return duration;
}

function credentialsXml(session: CredentialRecord): XmlObject {
  return {
    AccessKeyId: session.accessKeyId,
    SecretAccessKey: session.secretAccessKey,
    SessionToken: session.sessionToken,
    Expiration: new Date(session.expiresAt ?? 0).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function assumedRoleUser(session: CredentialRecord): XmlObject {
  return { AssumedRoleId: session.userId, Arn: session.principalArn };
}

function wantsJson(req: InboundRequest): boolean {
  return (header(req, 'accept') ?? '').includes('application/json');
}

function successReply(req: InboundRequest, action: string, result: XmlObject): Reply {
  const metadata = { RequestId: req.requestId };
  if (wantsJson(req)) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        [`${action}Response`]: { [`${action}Result`]: result, ResponseMetadata: metadata },
      }),
    };
  }
  const inner = xmlElement(`${action}Result`, result) + xmlElement('ResponseMetadata', metadata);
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<${action}Response xmlns="${STS_XMLNS}">${inner}</${action}Response>\n`,
  };
}

/** STS / query-protocol error reply. */
export function queryErrorReply(req: InboundRequest, error: AwsError, xmlns = STS_XMLNS): Reply {
  const err = { Type: error.fault, Code: error.code, Message: error.message };
  if (wantsJson(req)) {
    return {
      status: error.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Error: err, RequestId: req.requestId }),
    };
  }
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml' },
    body:
      `<ErrorResponse xmlns="${xmlns}">${xmlElement('Error', err)}` +
      `<RequestId>${req.requestId}</RequestId></ErrorResponse>\n`,
  };
}

function audienceMatches(aud: JWTPayload['aud'], expected: string): boolean {
  return Array.isArray(aud) ? aud.includes(expected) : aud === expected;
}

export function stsService(
  env: AwsEnv,
  provider: TrustedWebIdentityProvider,
): ServiceModule<'sts'> {
  const providerArn = `arn:aws:iam::${env.accountId}:oidc-provider/${provider.issuer.replace(/^https:\/\//, '')}`;
  const notAuthorizedWebIdentity = (): AwsError =>
    new AwsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403);

  async function verifyWebIdentity(token: string): Promise<JWTPayload> {
    let iss: string | undefined;
    try {
      decodeProtectedHeader(token);
      iss = decodeJwt(token).iss;
    } catch {
      throw new AwsError(
        'InvalidIdentityToken',
        'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)',
      );
    }
    if (iss !== provider.issuer) {
      throw new AwsError(
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${iss ?? '<no iss>'}`,
      );
    }
    const now = env.now();
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(provider.jwks()), {
        issuer: provider.issuer,
        algorithms: ['RS256'],
        currentDate: new Date(now),
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        const exp = decodeJwt(token).exp ?? 0;
        throw new AwsError(
          'ExpiredTokenException',
          `Token expired: current date/time ${Math.floor(now / 1000)} must be before the expiration date/time ${exp}`,
        );
      }
      if (error instanceof joseErrors.JWTClaimValidationFailed) {
        throw new AwsError('InvalidIdentityToken', `Token is not valid: ${error.message}`);
      }
      throw new AwsError(
        'InvalidIdentityToken',
        "Couldn't verify the signature of the ID Token with the identity provider's keys",
      );
    }
  }

  async function assumeRoleWithWebIdentity(p: URLSearchParams): Promise<XmlObject> {
    const token = p.get('WebIdentityToken');
    const request = validateSessionRequest(p, (errors) => {
      if (token === null) {
        errors.push(
          "Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null",
        );
      } else if (token.length < 4 || token.length > 20000) {
        errors.push(
          `Value at 'webIdentityToken' failed to satisfy constraint: Member must have length ${
            token.length < 4 ? 'greater than or equal to 4' : 'less than or equal to 20000'
          }`,
        );
      }
    });
    const claims = await verifyWebIdentity(token ?? '');
    const role = env.iam.role(request.roleArn);
    if (!role) throw notAuthorizedWebIdentity();
    const audience = role.trust.audience ?? 'sts.amazonaws.com';
    const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
    if (
      !audienceMatches(claims.aud, audience) ||
      sub === undefined ||
      !role.trust.subjects.some((pattern) => wildcardMatch(pattern, sub))
    ) {
      throw notAuthorizedWebIdentity();
    }
    const duration = checkDuration(role, request.duration);
    const session = env.iam.issueSession(role, request.sessionName, duration);
    return {
      Credentials: credentialsXml(session),
      SubjectFromWebIdentityToken: sub,
      AssumedRoleUser: assumedRoleUser(session),
      Provider: providerArn,
      Audience: audience,
    };
  }

  function trusts(role: RoleRecord, caller: CredentialRecord): boolean {
    const principals = role.trust.principals ?? [];
    const names = [caller.principalArn, ...(caller.roleArn ? [caller.roleArn] : [])];
    if (principals.some((pattern) => names.some((name) => wildcardMatch(pattern, name)))) {
      return true;
    }
    // Account principal: delegate to the caller's identity policy.
    return (
      principals.includes(`arn:aws:iam::${env.accountId}:root`) &&
      env.iam.authorize(caller, 'sts:AssumeRole', role.arn) === 'allow'
    );
  }

  function assumeRole(p: URLSearchParams, caller: CredentialRecord): XmlObject {
    const request = validateSessionRequest(p);
    const role = env.iam.role(request.roleArn);
    if (!role || !trusts(role, caller)) {
      throw new AwsError(
        'AccessDenied',
        `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}`,
        403,
      );
    }
    if (caller.kind === 'role-session' && (request.duration ?? 3600) > 3600) {
      throw new AwsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    }
    const duration = checkDuration(role, request.duration);
    const session = env.iam.issueSession(role, request.sessionName, duration);
    return { Credentials: credentialsXml(session), AssumedRoleUser: assumedRoleUser(session) };
  }

  async function signedCaller(exchange: Exchange<'sts'>): Promise<CredentialRecord> {
    const caller = await authenticate(env, exchange.req, 'sts', querySigError);
    exchange.principal = caller.principalArn;
    return caller;
  }

  return {
    service: 'sts',
    route(req) {
      if (req.method !== 'POST' && req.method !== 'GET') return undefined;
      const p = queryProtocolParams(req);
      if (p.get('Version') !== STS_VERSION) return undefined;
      return p.get('Action') ?? undefined;
    },
    describe(req) {
      const out: Record<string, string> = {};
      for (const [k, v] of queryProtocolParams(req)) {
        if (k !== 'Action' && k !== 'Version' && !AUTH_PARAMS.has(k)) out[k] = v;
      }
      return redact(out);
    },
    async handle(exchange) {
      const { req } = exchange;
      const p = queryProtocolParams(req);
      try {
        switch (exchange.operation) {
          case 'AssumeRoleWithWebIdentity':
            return successReply(req, exchange.operation, await assumeRoleWithWebIdentity(p));
          case 'AssumeRole': {
            const caller = await signedCaller(exchange);
            return successReply(req, exchange.operation, assumeRole(p, caller));
          }
          case 'GetCallerIdentity': {
            const caller = await signedCaller(exchange);
            return successReply(req, exchange.operation, {
              UserId: caller.userId,
              Account: env.accountId,
              Arn: caller.principalArn,
            });
          }
          default:
            throw new AwsError(
              'InvalidAction',
              `Could not find operation ${exchange.operation} for version ${STS_VERSION}`,
            );
        }
      } catch (error) {
        if (error instanceof AwsError) return queryErrorReply(req, error);
        throw error;
      }
    },
    faultReply(kind, exchange) {
      return kind === 'throttle'
        ? queryErrorReply(exchange.req, new AwsError('Throttling', 'Rate exceeded', 400))
        : queryErrorReply(
            exchange.req,
            new AwsError('InternalFailure', 'An internal error has occurred', 500),
          );
    },
  };
}
