/**
 * Shared AWS wire machinery: the environment services see, the error type they throw, SigV4
 * error mapping, and a factory for JSON 1.1 (`X-Amz-Target`) services. New JSON 1.1 services
 * (ECR: `AmazonEC2ContainerRegistry_V20150921`) are one `jsonRpcService({...})` call.
 */
import type { CredentialRecord, IamStore } from './iam.js';
import { accessDeniedMessage } from './iam.js';
import type { Exchange, InboundRequest, Reply, ServiceModule } from './server.js';
import { header, redact } from './server.js';
import { verifySigV4, type SigFailure, type VerifyContext } from './sigv4.js';

/** What every AWS service module gets. */
export interface AwsEnv {
  readonly accountId: string;
  readonly region: string;
  readonly iam: IamStore;
  now(): number;
}

/** An error a service answers with. `fault` feeds the XML `Type` of query services. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fault: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = code;
  }
}

/** JSON-protocol error for a SigV4 failure (what JSON 1.0/1.1 and REST-JSON services send). */
export function jsonSigError(failure: SigFailure): AwsError {
  switch (failure.kind) {
    case 'missing':
      return new AwsError('MissingAuthenticationTokenException', failure.message, 400);
    case 'incomplete':
      return new AwsError('IncompleteSignatureException', failure.message, 400);
    case 'unknown-key':
    case 'invalid-token':
      return new AwsError('UnrecognizedClientException', failure.message, 400);
    case 'expired-token':
      return new AwsError('ExpiredTokenException', failure.message, 400);
    case 'mismatch':
    case 'expired-signature':
    case 'scope':
      return new AwsError('InvalidSignatureException', failure.message, 400);
  }
}

/** Query-protocol (STS, IAM) error for a SigV4 failure. */
export function querySigError(failure: SigFailure): AwsError {
  switch (failure.kind) {
    case 'missing':
      return new AwsError('MissingAuthenticationToken', failure.message, 403);
    case 'incomplete':
      return new AwsError('IncompleteSignature', failure.message, 400);
    case 'unknown-key':
    case 'invalid-token':
      return new AwsError('InvalidClientTokenId', failure.message, 403);
    case 'expired-token':
      return new AwsError('ExpiredToken', failure.message, 403);
    case 'mismatch':
    case 'expired-signature':
    case 'scope':
      return new AwsError('SignatureDoesNotMatch', failure.message, 403);
  }
}

/** Verifies the request's signature; throws the protocol's error on failure. */
export async function authenticate(
  env: AwsEnv,
  req: InboundRequest,
  signingName: string,
  toError: (failure: SigFailure) => AwsError,
  /** S3 later: `{ uriEscapePath: false, allowUnsignedPayload: true }`. */
  options: Pick<VerifyContext, 'uriEscapePath' | 'allowUnsignedPayload'> = {},
): Promise<CredentialRecord> {
  const result = await verifySigV4(
    {
      method: req.method,
      path: req.path,
      rawQuery: req.rawQuery,
      headers: req.headers,
      body: req.body,
    },
    {
      ...options,
      service: signingName,
      region: env.region,
      lookup: (id) => env.iam.credential(id),
      now: env.now(),
    },
  );
  if (!result.ok) throw toError(result.failure);
  return result.credential;
}

/** Throws AccessDeniedException (JSON services) unless the caller's policy allows it. */
export function requireAllowed(
  env: AwsEnv,
  caller: CredentialRecord,
  action: string,
  resource: string,
  shownResource: string = resource,
  code = 'AccessDeniedException',
): void {
  const decision = env.iam.authorize(caller, action, resource);
  if (decision !== 'allow') {
    throw new AwsError(
      code,
      accessDeniedMessage(caller.principalArn, action, shownResource, decision),
    );
  }
}

export function awsJsonReply(body: unknown, contentType = 'application/x-amz-json-1.1'): Reply {
  return { status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}

export function awsJsonError(error: AwsError, contentType = 'application/x-amz-json-1.1'): Reply {
  return {
    status: error.status,
    headers: { 'content-type': contentType, 'x-amzn-ErrorType': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.extra }),
  };
}

/** Everything a JSON 1.1 operation handler gets. */
export interface JsonCall {
  readonly input: Record<string, unknown>;
  readonly caller: CredentialRecord;
  readonly env: AwsEnv;
  readonly exchange: Exchange;
  /** Throws AccessDeniedException unless allowed. */
  require(action: string, resource: string, shownResource?: string): void;
  /** The caller's decision without throwing. */
  allowed(action: string, resource: string): boolean;
}

export type JsonOperation = (call: JsonCall) => unknown;

export interface JsonRpcSpec<S extends string> {
  service: S;
  /** `X-Amz-Target` prefix before the dot, e.g. 'secretsmanager', 'Logs_20140328'. */
  targetPrefix: string;
  /** SigV4 signing name. */
  signingName: string;
  env: AwsEnv;
  operations: Record<string, JsonOperation>;
  /** Error for an injected server-error fault. */
  serverError: { code: string; status: number; message: string };
  /** Extra keys to redact in recorded params. */
  redactKeys?: string[];
  /** Custom params recording (already-parsed input); default: redacted input. */
  describe?: (operation: string, input: Record<string, unknown>) => unknown;
}

function parseJsonInput(req: InboundRequest): Record<string, unknown> {
  const text = req.body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError(
      'SerializationException',
      'Start of structure or map found where not expected.',
    );
  }
  return value as Record<string, unknown>;
}

/** A JSON 1.1 service module: routing by X-Amz-Target, SigV4, errors, faults. */
export function jsonRpcService<S extends string>(spec: JsonRpcSpec<S>): ServiceModule<S> {
  const prefix = `${spec.targetPrefix}.`;
  return {
    service: spec.service,
    route(req) {
      const target = header(req, 'x-amz-target');
      if (req.method !== 'POST' || !target?.startsWith(prefix)) return undefined;
      return target.slice(prefix.length);
    },
    describe(req, operation) {
      const input = parseJsonInput(req);
      return spec.describe ? spec.describe(operation, input) : redact(input, spec.redactKeys);
    },
    async handle(exchange) {
      try {
        const caller = await authenticate(spec.env, exchange.req, spec.signingName, jsonSigError);
        exchange.principal = caller.principalArn;
        const operation = Object.hasOwn(spec.operations, exchange.operation)
          ? spec.operations[exchange.operation]
          : undefined;
        if (!operation) {
          throw new AwsError(
            'UnknownOperationException',
            `Unknown operation ${exchange.operation}`,
          );
        }
        const input = parseJsonInput(exchange.req);
        const call: JsonCall = {
          input,
          caller,
          env: spec.env,
          exchange,
          require: (action, resource, shown) => {
            requireAllowed(spec.env, caller, action, resource, shown);
          },
          allowed: (action, resource) =>
            spec.env.iam.authorize(caller, action, resource) === 'allow',
        };
        const output = await operation(call);
        return awsJsonReply(output ?? {});
      } catch (error) {
        if (error instanceof AwsError) return awsJsonError(error);
        throw error;
      }
    },
    faultReply(kind) {
      return kind === 'throttle'
        ? awsJsonError(new AwsError('ThrottlingException', 'Rate exceeded', 400))
        : awsJsonError(
            new AwsError(spec.serverError.code, spec.serverError.message, spec.serverError.status),
          );
    },
  };
}

// ---- small input readers (throw the service's validation error) ----

export type ValidationErrorFactory = (message: string) => AwsError;

export function optString(
  input: Record<string, unknown>,
  key: string,
  invalid: ValidationErrorFactory,
): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

export function reqString(
  input: Record<string, unknown>,
  key: string,
  invalid: ValidationErrorFactory,
  field = key.charAt(0).toLowerCase() + key.slice(1),
): string {
  const v = optString(input, key, invalid);
  if (v === undefined) {
    throw invalid(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v;
}

export function optInt(
  input: Record<string, unknown>,
  key: string,
  invalid: ValidationErrorFactory,
): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`${key} must be an integer`);
  return v;
}

/** Epoch seconds with millisecond fraction, as AWS JSON protocols send timestamps. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

// ---- XML (query protocols) ----

export type XmlValue = string | number | boolean | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [key: string]: XmlValue;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>...</name>`; arrays become `<member>` lists; undefined members are omitted. */
export function xmlElement(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) {
    return `<${name}>${value.map((v) => xmlElement('member', v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => xmlElement(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
