/**
 * Reading secret values: prefixes expanded through `ListSecrets`, values fetched with
 * `BatchGetSecretValue` (20 ids a call, calls in parallel) and, where an organisation denies the
 * batch call or a version other than the current one is asked for, one `GetSecretValue` each.
 * Every secret that cannot be read is reported, by name and reason, in one error.
 */
import { chunk, mapLimit } from '../core/concurrency.js';
import { awsErrorCode, describeError, UserError } from '../core/errors.js';
import { callAws, serviceFailure } from '../platform/aws/clients.js';
import { isAccessDenied } from '../platform/aws/errors.js';
import type { SecretsApi } from './api.js';
import type { FetchedSecret, SecretRequest } from './types.js';

/** A concrete secret to read, and the request line that asked for it. */
export interface SecretTarget {
  request: SecretRequest;
  id: string;
}

export interface VersionSelector {
  stage: string;
  id?: string;
}

const BATCH_SIZE = 20;
const PARALLEL_CALLS = 8;
const CURRENT = 'AWSCURRENT';

/** Turns the request lines into secrets to read, expanding each `prefix*` through ListSecrets. */
export async function resolveTargets(
  requests: SecretRequest[],
  api: SecretsApi,
): Promise<SecretTarget[]> {
  const expanded = await mapLimit(requests, PARALLEL_CALLS, async (request) =>
    request.prefix
      ? (await listByPrefix(request.id, api)).map((id) => ({ request, id }))
      : [{ request, id: request.id }],
  );

  const empty = requests.filter((r, i) => r.prefix && expanded[i]?.length === 0);
  if (empty.length > 0) {
    const list = empty.map((r) => `line ${r.line}: ${r.id}*`).join('; ');
    throw new UserError(
      `Input 'secrets': no secret in ${api.region} has a name starting with ${list}. Check the ` +
        'prefix and aws-region, and that the role may list them.',
      'not-found',
    );
  }
  return expanded.flat();
}

async function listByPrefix(prefix: string, api: SecretsApi): Promise<string[]> {
  const names: string[] = [];
  const what = { service: 'Secrets Manager', operation: 'ListSecrets' };
  let token: string | undefined;

  do {
    const page = await callAws(api.ctx, what, () =>
      api.client.send(
        new api.sdk.ListSecretsCommand({
          Filters: [{ Key: 'name', Values: [prefix] }],
          MaxResults: 100,
          NextToken: token,
        }),
      ),
    ).catch((err: unknown) => {
      throw explainListFailure(err, prefix);
    });
    // The service's name filter is looser than a prefix; keep exact prefix matches only.
    for (const s of page.SecretList ?? []) if (s.Name?.startsWith(prefix)) names.push(s.Name);
    token = page.NextToken;
  } while (token);

  return [...new Set(names)].sort();
}

function explainListFailure(err: unknown, prefix: string): Error {
  if (!isAccessDenied(err))
    return serviceFailure({ service: 'Secrets Manager', operation: 'ListSecrets' }, err);
  return new UserError(
    `Input 'secrets' asks for the prefix ${prefix}*, but the role may not list secrets. Allow ` +
      'it secretsmanager:ListSecrets (on "*"), or name each secret instead of a prefix.',
    'permission',
    { cause: err },
  );
}

/** A secret that could not be read, and why, in words that say what to fix. */
interface ReadFailure {
  id: string;
  reason: string;
}

export async function fetchValues(
  targets: SecretTarget[],
  version: VersionSelector,
  api: SecretsApi,
): Promise<FetchedSecret[]> {
  const ids = [...new Set(targets.map((t) => t.id))];
  const useBatch = version.stage === CURRENT && version.id === undefined;
  const outcome = useBatch
    ? await fetchInBatches(ids, api)
    : await fetchOneByOne(ids, version, api);

  if (outcome.failures.length > 0) throw readError(outcome.failures, ids.length, api.region);
  return targets.map((t) => ({
    ...(outcome.values.get(t.id) as Omit<FetchedSecret, 'request'>),
    request: t.request,
  }));
}

type Value = Omit<FetchedSecret, 'request'>;

interface Outcome {
  values: Map<string, Value>;
  failures: ReadFailure[];
}

async function fetchInBatches(ids: string[], api: SecretsApi): Promise<Outcome> {
  const outcome: Outcome = { values: new Map(), failures: [] };
  const batches = chunk(ids, BATCH_SIZE);
  const settled = await mapLimit(batches, PARALLEL_CALLS, (batch) =>
    fetchBatch(batch, api).then(
      (result) => ({ ok: true as const, result }),
      (err: unknown) => ({ ok: false as const, err }),
    ),
  );

  const denied: string[] = [];
  settled.forEach((s, i) => {
    if (s.ok) {
      merge(outcome, s.result);
      return;
    }
    if (!isAccessDenied(s.err))
      throw serviceFailure({ service: 'Secrets Manager', operation: 'BatchGetSecretValue' }, s.err);
    denied.push(...(batches[i] ?? []));
  });

  if (denied.length > 0) {
    api.ctx.logger.info(
      'BatchGetSecretValue is denied to this role; reading each secret with GetSecretValue. ' +
        'Allow secretsmanager:BatchGetSecretValue for fewer calls.',
    );
    merge(outcome, await fetchOneByOne(denied, { stage: CURRENT }, api));
  }
  return outcome;
}

function merge(into: Outcome, from: Outcome): void {
  for (const [id, value] of from.values) into.values.set(id, value);
  into.failures.push(...from.failures);
}

async function fetchBatch(ids: string[], api: SecretsApi): Promise<Outcome> {
  const outcome: Outcome = { values: new Map(), failures: [] };
  const what = { service: 'Secrets Manager', operation: 'BatchGetSecretValue' };
  let token: string | undefined;

  do {
    const page = await callAws(api.ctx, what, () =>
      api.client.send(
        new api.sdk.BatchGetSecretValueCommand({ SecretIdList: ids, NextToken: token }),
      ),
    );
    for (const v of page.SecretValues ?? []) {
      const id = ids.find((candidate) => matches(candidate, v.Name, v.ARN));
      if (id !== undefined) outcome.values.set(id, toValue(v));
    }
    for (const e of page.Errors ?? []) {
      outcome.failures.push({ id: e.SecretId ?? '?', reason: reasonFor(e.ErrorCode, e.Message) });
    }
    token = page.NextToken;
  } while (token);

  for (const id of ids) {
    const known = outcome.values.has(id) || outcome.failures.some((f) => f.id === id);
    if (!known)
      outcome.failures.push({
        id,
        reason: 'Secrets Manager returned neither a value nor an error for it',
      });
  }
  return outcome;
}

/** A requested id names a secret by its name, its full ARN, or its ARN without the suffix. */
function matches(id: string, name?: string, arn?: string): boolean {
  if (id === name || id === arn) return true;
  return (
    arn !== undefined &&
    /^arn:/.test(id) &&
    arn.startsWith(`${id}-`) &&
    arn.length === id.length + 7
  );
}

async function fetchOneByOne(
  ids: string[],
  version: VersionSelector,
  api: SecretsApi,
): Promise<Outcome> {
  const outcome: Outcome = { values: new Map(), failures: [] };
  const what = { service: 'Secrets Manager', operation: 'GetSecretValue' };

  await mapLimit(ids, PARALLEL_CALLS, async (id) => {
    try {
      const out = await callAws(api.ctx, what, () =>
        api.client.send(
          new api.sdk.GetSecretValueCommand({
            SecretId: id,
            VersionId: version.id,
            VersionStage: version.id === undefined ? version.stage : undefined,
          }),
        ),
      );
      outcome.values.set(id, toValue(out));
    } catch (err) {
      outcome.failures.push({ id, reason: reasonFor(awsErrorCode(err), describeError(err)) });
    }
  });
  return outcome;
}

function toValue(v: {
  Name?: string;
  ARN?: string;
  VersionId?: string;
  SecretString?: string;
  SecretBinary?: Uint8Array;
}): Value {
  return {
    name: v.Name ?? '',
    arn: v.ARN ?? '',
    versionId: v.VersionId ?? '',
    value: v.SecretString ?? v.SecretBinary ?? '',
  };
}

function reasonFor(code: string | undefined, message: string | undefined): string {
  switch (code) {
    case 'ResourceNotFoundException':
      return 'not found (check the name, the version and aws-region)';
    case 'AccessDeniedException':
    case 'AccessDenied':
      return 'access denied: allow the role secretsmanager:GetSecretValue on this secret';
    case 'DecryptionFailure':
    case 'KMSAccessDeniedException':
    case 'KMSDisabledException':
    case 'KMSInvalidStateException':
      return "cannot be decrypted: allow the role kms:Decrypt on the secret's KMS key";
    case 'InvalidRequestException':
      return `cannot be read now (${message ?? 'invalid request'}); it may be scheduled for deletion`;
    default:
      return `${code ?? 'error'}: ${message ?? 'no message'}`;
  }
}

function readError(failures: ReadFailure[], total: number, region: string): UserError {
  const lines = failures
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f) => `  - ${f.id}: ${f.reason}`);
  const kind = failures.every((f) => f.reason.startsWith('not found')) ? 'not-found' : 'permission';
  return new UserError(
    `Could not read ${failures.length} of ${total} secrets in ${region}; nothing was exported:\n` +
      lines.join('\n'),
    kind,
  );
}
