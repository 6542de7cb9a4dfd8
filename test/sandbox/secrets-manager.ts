/**
 * Secrets Manager (JSON 1.1, target prefix `secretsmanager`): GetSecretValue,
 * BatchGetSecretValue, ListSecrets, DescribeSecret. Permissions are checked per operation with
 * action `secretsmanager:<Op>` on the secret ARN (or `*` for list-style calls).
 */
import { randomUUID } from 'node:crypto';

import {
  AwsError,
  epochSeconds,
  jsonRpcService,
  optInt,
  optString,
  reqString,
  type AwsEnv,
  type JsonCall,
} from './aws-protocol.js';
import { accessDeniedMessage, randomString } from './iam.js';
import type { ServiceModule } from './server.js';
import { redact } from './server.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOT_FOUND = "Secrets Manager can't find the specified secret.";
const KMS_FAILURE =
  "Secrets Manager can't decrypt the protected secret text using the provided KMS key.";

export interface SecretPut {
  name: string;
  string?: string;
  binary?: Uint8Array;
  kmsFailure?: boolean;
  rotationEnabled?: boolean;
  lastRotatedDaysAgo?: number;
  lastChangedDaysAgo?: number;
  createdDaysAgo?: number;
}

interface SecretVersion {
  id: string;
  string?: string;
  binary?: Uint8Array;
  stages: string[];
  created: number;
}

interface SecretRecord {
  name: string;
  arn: string;
  created: number;
  lastChanged: number;
  lastRotated?: number;
  rotationEnabled: boolean;
  kmsFailure: boolean;
  versions: SecretVersion[];
}

/** Public face of the store (see index.ts). */
export interface SecretsStore {
  put(spec: SecretPut): { arn: string; versionId: string };
  get(name: string): { arn: string; name: string } | undefined;
}

export class SecretsStoreImpl implements SecretsStore {
  private readonly secrets: SecretRecord[] = [];

  constructor(
    private readonly accountId: string,
    private readonly region: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** `arn:aws:secretsmanager:<region>:<acct>:secret:` */
  get arnPrefix(): string {
    return `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:`;
  }

  put(spec: SecretPut): { arn: string; versionId: string } {
    if ((spec.string === undefined) === (spec.binary === undefined)) {
      throw new Error('a secret version needs exactly one of string or binary');
    }
    if (!/^[\w/+=.@-]{1,512}$/.test(spec.name)) throw new Error(`bad secret name ${spec.name}`);
    const now = this.now();
    const daysAgo = (d: number | undefined): number | undefined =>
      d === undefined ? undefined : now - d * DAY_MS;
    let secret = this.secrets.find((s) => s.name === spec.name);
    if (!secret) {
      const created = daysAgo(spec.createdDaysAgo) ?? now;
      secret = {
        name: spec.name,
        arn: `${this.arnPrefix}${spec.name}-${randomString(6)}`,
        created,
        lastChanged: created,
        rotationEnabled: false,
        kmsFailure: false,
        versions: [],
      };
      this.secrets.push(secret);
    } else if (spec.createdDaysAgo !== undefined) {
      secret.created = now - spec.createdDaysAgo * DAY_MS;
    }
    for (const version of secret.versions) {
      version.stages = version.stages.filter((s) => s !== 'AWSPREVIOUS');
      if (version.stages.includes('AWSCURRENT')) {
        version.stages = [...version.stages.filter((s) => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
      }
    }
    const version: SecretVersion = {
      id: randomUUID(),
      ...(spec.string === undefined ? {} : { string: spec.string }),
      ...(spec.binary === undefined ? {} : { binary: new Uint8Array(spec.binary) }),
      stages: ['AWSCURRENT'],
      created: now,
    };
    secret.versions.push(version);
    secret.lastChanged = daysAgo(spec.lastChangedDaysAgo) ?? now;
    if (spec.kmsFailure !== undefined) secret.kmsFailure = spec.kmsFailure;
    if (spec.rotationEnabled !== undefined) secret.rotationEnabled = spec.rotationEnabled;
    if (spec.lastRotatedDaysAgo !== undefined) {
      secret.lastRotated = now - spec.lastRotatedDaysAgo * DAY_MS;
    }
    return { arn: secret.arn, versionId: version.id };
  }

  get(name: string): { arn: string; name: string } | undefined {
    const s = this.secrets.find((x) => x.name === name);
    return s ? { arn: s.arn, name: s.name } : undefined;
  }

  /** A SecretId may be the name, the full ARN, or the ARN without the `-xxxxxx` suffix. */
  find(secretId: string): SecretRecord | undefined {
    if (secretId.startsWith('arn:')) {
      return (
        this.secrets.find((s) => s.arn === secretId) ??
        this.secrets.find((s) => s.arn.slice(0, -7) === secretId)
      );
    }
    return this.secrets.find((s) => s.name === secretId);
  }

  all(): readonly SecretRecord[] {
    return this.secrets;
  }

  /** The resource IAM evaluates for an id that names no secret. */
  resourceFor(secretId: string): string {
    return secretId.startsWith('arn:') ? secretId : `${this.arnPrefix}${secretId}`;
  }
}

export interface SecretsManagerOptions {
  /** Largest page ListSecrets (and BatchGetSecretValue with Filters) returns. */
  listPageSize: number;
}

const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message);
/** Constraint violations are reported by the service framework as ValidationException. */
const validation = (message: string): AwsError => new AwsError('ValidationException', message);

function versionStages(secret: SecretRecord): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const v of secret.versions) if (v.stages.length > 0) out[v.id] = [...v.stages];
  return out;
}

interface Filter {
  key: string;
  values: string[];
}

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
];

function parseFilters(raw: unknown): Filter[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw invalidParameter('Filters must be a list');
  if (raw.length > 10) {
    throw validation(
      "1 validation error detected: Value at 'filters' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  }
  return raw.map((entry: unknown, i) => {
    const f = (entry ?? {}) as { Key?: unknown; Values?: unknown };
    if (typeof f.Key !== 'string' || !FILTER_KEYS.includes(f.Key)) {
      throw validation(
        `1 validation error detected: Value '${String(f.Key)}' at 'filters.${i + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
      );
    }
    const values = Array.isArray(f.Values) ? f.Values.filter((v) => typeof v === 'string') : [];
    if (values.length === 0 || values.length > 10) {
      throw validation(
        `1 validation error detected: Value at 'filters.${i + 1}.member.values' failed to satisfy constraint: Member must have length ${values.length === 0 ? 'greater than or equal to 1' : 'less than or equal to 10'}`,
      );
    }
    return { key: f.Key, values };
  });
}

/** name: case-sensitive prefix; all: case-insensitive word match on the name; `!` negates. */
function matchesFilters(secret: SecretRecord, filters: Filter[]): boolean {
  return filters.every((filter) =>
    filter.values.some((raw) => {
      const negate = raw.startsWith('!');
      const value = negate ? raw.slice(1) : raw;
      let hit: boolean;
      switch (filter.key) {
        case 'name':
          hit = secret.name.startsWith(value);
          break;
        case 'all':
          hit = secret.name.toLowerCase().includes(value.toLowerCase());
          break;
        default:
          hit = false; // no descriptions, tags, replicas or owning services here
      }
      return negate ? !hit : hit;
    }),
  );
}

function encodeToken(offset: number, filters: Filter[] | undefined): string {
  return Buffer.from(JSON.stringify({ o: offset, f: filters ?? null })).toString('base64url');
}

function decodeToken(token: string, filters: Filter[] | undefined): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      o?: unknown;
      f?: unknown;
    };
    if (
      typeof parsed.o === 'number' &&
      Number.isInteger(parsed.o) &&
      parsed.o >= 0 &&
      JSON.stringify(parsed.f) === JSON.stringify(filters ?? null)
    ) {
      return parsed.o;
    }
  } catch {
    // fall through
  }
  throw new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');
}

export function secretsManagerService(
  env: AwsEnv,
  store: SecretsStoreImpl,
  options: SecretsManagerOptions,
): ServiceModule<'secretsmanager'> {
  type Outcome =
    | { ok: true; value: Record<string, unknown> }
    | { ok: false; code: string; message: string; status: number };

  /** GetSecretValue's core, shared with BatchGetSecretValue. */
  function readSecret(
    call: JsonCall,
    secretId: string,
    versionId?: string,
    versionStage?: string,
  ): Outcome {
    const secret = store.find(secretId);
    const action = 'secretsmanager:GetSecretValue';
    const decision = env.iam.authorize(
      call.caller,
      action,
      secret ? secret.arn : store.resourceFor(secretId),
    );
    if (decision !== 'allow') {
      return {
        ok: false,
        code: 'AccessDeniedException',
        message: accessDeniedMessage(call.caller.principalArn, action, secretId, decision),
        status: 400,
      };
    }
    if (!secret)
      return { ok: false, code: 'ResourceNotFoundException', message: NOT_FOUND, status: 400 };
    let version: SecretVersion | undefined;
    if (versionId !== undefined) {
      version = secret.versions.find((v) => v.id === versionId);
      if (!version || (versionStage !== undefined && !version.stages.includes(versionStage))) {
        return {
          ok: false,
          code: 'ResourceNotFoundException',
          message: `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
          status: 400,
        };
      }
    } else {
      const stage = versionStage ?? 'AWSCURRENT';
      version = secret.versions.find((v) => v.stages.includes(stage));
      if (!version) {
        return {
          ok: false,
          code: 'ResourceNotFoundException',
          message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
          status: 400,
        };
      }
    }
    if (secret.kmsFailure) {
      return { ok: false, code: 'DecryptionFailure', message: KMS_FAILURE, status: 400 };
    }
    return {
      ok: true,
      value: {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.id,
        ...(version.string === undefined ? {} : { SecretString: version.string }),
        ...(version.binary === undefined
          ? {}
          : { SecretBinary: Buffer.from(version.binary).toString('base64') }),
        VersionStages: [...version.stages],
        CreatedDate: epochSeconds(version.created),
      },
    };
  }

  function page<T>(
    items: readonly T[],
    nextToken: string | undefined,
    filters: Filter[] | undefined,
    maxResults: number,
  ): { items: T[]; nextToken?: string } {
    const offset = nextToken === undefined ? 0 : decodeToken(nextToken, filters);
    const size = Math.min(maxResults, options.listPageSize);
    const slice = items.slice(offset, offset + size);
    const next = offset + slice.length;
    return next < items.length
      ? { items: slice, nextToken: encodeToken(next, filters) }
      : { items: slice };
  }

  function checkMaxResults(value: number | undefined, max: number): void {
    if (value !== undefined && (value < 1 || value > max)) {
      throw validation(
        `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value ${value < 1 ? 'greater than or equal to 1' : `less than or equal to ${max}`}`,
      );
    }
  }

  return jsonRpcService({
    service: 'secretsmanager',
    targetPrefix: 'secretsmanager',
    signingName: 'secretsmanager',
    env,
    serverError: {
      code: 'InternalServiceError',
      status: 500,
      message: 'An error occurred on the server side.',
    },
    describe: (_operation, input) => redact(input),
    operations: {
      GetSecretValue(call) {
        const secretId = reqString(call.input, 'SecretId', validation);
        const versionId = optString(call.input, 'VersionId', invalidParameter);
        const versionStage = optString(call.input, 'VersionStage', invalidParameter);
        const outcome = readSecret(call, secretId, versionId, versionStage);
        if (!outcome.ok) throw new AwsError(outcome.code, outcome.message, outcome.status);
        return outcome.value;
      },

      BatchGetSecretValue(call) {
        call.require('secretsmanager:BatchGetSecretValue', '*');
        const ids = call.input.SecretIdList;
        const filters = parseFilters(call.input.Filters);
        const maxResults = optInt(call.input, 'MaxResults', invalidParameter);
        const nextToken = optString(call.input, 'NextToken', invalidParameter);
        if (ids !== undefined && filters !== undefined) {
          throw invalidParameter('Either SecretIdList or Filters must be specified, but not both.');
        }
        let targets: string[];
        let next: string | undefined;
        if (ids !== undefined) {
          if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
            throw invalidParameter('SecretIdList must be a list of strings');
          }
          if (ids.length < 1 || ids.length > 20) {
            throw validation(
              `1 validation error detected: Value at 'secretIdList' failed to satisfy constraint: Member must have length ${ids.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 20'}`,
            );
          }
          if (maxResults !== undefined || nextToken !== undefined) {
            throw invalidParameter(
              'MaxResults and NextToken can only be used together with Filters.',
            );
          }
          targets = ids as string[];
        } else if (filters !== undefined) {
          call.require('secretsmanager:ListSecrets', '*');
          checkMaxResults(maxResults, 20);
          const matching = store.all().filter((s) => matchesFilters(s, filters));
          const result = page(matching, nextToken, filters, maxResults ?? 20);
          targets = result.items.map((s) => s.arn);
          next = result.nextToken;
        } else {
          throw invalidParameter('Either SecretIdList or Filters must be specified.');
        }
        const values: Record<string, unknown>[] = [];
        const errors: Record<string, unknown>[] = [];
        for (const id of targets) {
          const outcome = readSecret(call, id);
          if (outcome.ok) values.push(outcome.value);
          else errors.push({ SecretId: id, ErrorCode: outcome.code, Message: outcome.message });
        }
        return {
          SecretValues: values,
          Errors: errors,
          ...(next === undefined ? {} : { NextToken: next }),
        };
      },

      ListSecrets(call) {
        call.require('secretsmanager:ListSecrets', '*');
        const filters = parseFilters(call.input.Filters);
        const maxResults = optInt(call.input, 'MaxResults', invalidParameter);
        checkMaxResults(maxResults, 100);
        const nextToken = optString(call.input, 'NextToken', invalidParameter);
        const sortOrder = optString(call.input, 'SortOrder', invalidParameter);
        let matching = store.all().filter((s) => (filters ? matchesFilters(s, filters) : true));
        if (sortOrder === 'desc') matching = [...matching].reverse();
        const result = page(matching, nextToken, filters, maxResults ?? 100);
        return {
          SecretList: result.items.map((s) => ({
            ARN: s.arn,
            Name: s.name,
            LastChangedDate: epochSeconds(s.lastChanged),
            ...(s.lastRotated === undefined
              ? {}
              : { LastRotatedDate: epochSeconds(s.lastRotated) }),
            RotationEnabled: s.rotationEnabled,
            ...(s.rotationEnabled ? { RotationRules: { AutomaticallyAfterDays: 30 } } : {}),
            CreatedDate: epochSeconds(s.created),
            SecretVersionsToStages: versionStages(s),
          })),
          ...(result.nextToken === undefined ? {} : { NextToken: result.nextToken }),
        };
      },

      DescribeSecret(call) {
        const secretId = reqString(call.input, 'SecretId', validation);
        const secret = store.find(secretId);
        call.require(
          'secretsmanager:DescribeSecret',
          secret ? secret.arn : store.resourceFor(secretId),
          secretId,
        );
        if (!secret) throw new AwsError('ResourceNotFoundException', NOT_FOUND);
        return {
          ARN: secret.arn,
          Name: secret.name,
          RotationEnabled: secret.rotationEnabled,
          ...(secret.rotationEnabled
            ? {
                RotationLambdaARN: `arn:aws:lambda:${env.region}:${env.accountId}:function:SecretsManagerRotation`,
                RotationRules: { AutomaticallyAfterDays: 30 },
                NextRotationDate: epochSeconds(
                  (secret.lastRotated ?? secret.created) + 30 * DAY_MS,
                ),
              }
            : {}),
          ...(secret.lastRotated === undefined
            ? {}
            : { LastRotatedDate: epochSeconds(secret.lastRotated) }),
          LastChangedDate: epochSeconds(secret.lastChanged),
          CreatedDate: epochSeconds(secret.created),
          VersionIdsToStages: versionStages(secret),
        };
      },
    },
  });
}
