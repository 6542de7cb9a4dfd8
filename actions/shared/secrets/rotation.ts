/**
 * The rotation promise: a secret that has not rotated (or changed) within `max-secret-age-days`
 * is reported, as a warning or as a failure before anything is exported.
 */
import { mapLimit } from '../core/concurrency.js';
import { UserError } from '../core/errors.js';
import { callAws, serviceFailure } from '../platform/aws/clients.js';
import { isAccessDenied } from '../platform/aws/errors.js';
import type { SecretsApi } from './api.js';
import type { FetchedSecret } from './types.js';

export interface SecretAge {
  name: string;
  /** Whole days since the last rotation, or the last change when it never rotated. */
  ageDays: number;
  rotationEnabled: boolean;
}

export interface RotationPolicy {
  maxAgeDays: number;
  onStale: 'warn' | 'fail';
}

const DAY_MS = 86_400_000;

export async function secretAges(
  secrets: FetchedSecret[],
  api: SecretsApi,
  now: Date,
): Promise<Map<string, SecretAge>> {
  const arns = [...new Set(secrets.map((s) => s.arn))];
  const what = { service: 'Secrets Manager', operation: 'DescribeSecret' };

  const ages = await mapLimit(arns, 8, async (arn) => {
    const out = await callAws(api.ctx, what, () =>
      api.client.send(new api.sdk.DescribeSecretCommand({ SecretId: arn })),
    ).catch((err: unknown) => {
      throw explainDescribeFailure(err, arn);
    });
    const last = out.LastRotatedDate ?? out.LastChangedDate ?? out.CreatedDate ?? now;
    const age: SecretAge = {
      name: out.Name ?? arn,
      ageDays: Math.floor((now.getTime() - last.getTime()) / DAY_MS),
      rotationEnabled: out.RotationEnabled ?? false,
    };
    return [arn, age] as const;
  });
  return new Map(ages);
}

function explainDescribeFailure(err: unknown, arn: string): Error {
  if (!isAccessDenied(err)) {
    return serviceFailure({ service: 'Secrets Manager', operation: 'DescribeSecret' }, err);
  }
  return new UserError(
    `Input 'max-secret-age-days' needs secretsmanager:DescribeSecret, which the role lacks on ` +
      `${arn}. Allow it, or set max-secret-age-days to 0.`,
    'permission',
    { cause: err },
  );
}

/** Returns the warnings to log; throws when the policy says a stale secret fails the step. */
export function enforceRotation(ages: Iterable<SecretAge>, policy: RotationPolicy): string[] {
  if (policy.maxAgeDays <= 0) return [];
  const stale = [...ages].filter((a) => a.ageDays > policy.maxAgeDays);
  const lines = stale.map(
    (a) =>
      `${a.name} last rotated ${a.ageDays} days ago` +
      (a.rotationEnabled ? '' : ' (rotation is not enabled on it)'),
  );
  if (lines.length === 0) return [];

  const head = `${lines.length} secret(s) are older than max-secret-age-days (${policy.maxAgeDays})`;
  if (policy.onStale === 'fail') {
    throw new UserError(
      `${head}; nothing was exported:\n  - ${lines.join('\n  - ')}\nRotate them, or raise ` +
        'max-secret-age-days, or set on-stale-secret to warn.',
      'configuration',
    );
  }
  return lines.map(
    (l) => `${l}: older than max-secret-age-days (${policy.maxAgeDays}); rotate it.`,
  );
}
