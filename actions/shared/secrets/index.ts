/**
 * fetch-secrets, start to finish: sign in, read every secret, check rotation, plan every name,
 * mask, audit, and only then export. Anything wrong before the export leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { maskForms } from '../core/mask.js';
import {
  CREDENTIAL_VARIABLES,
  exportCredentials,
  openAwsSession,
  type AwsSession,
} from '../platform/aws/credentials.js';
import { writeAudit } from '../platform/audit.js';
import type { RunnerIO } from '../platform/runner.js';
import { loadSecretsSdk, openSecretsApi, type SecretsApi } from './api.js';
import { applyPlan } from './apply.js';
import { fetchValues, resolveTargets } from './fetch.js';
import type { FetchSecretsInputs } from './inputs.js';
import { planExports } from './plan.js';
import { summaryMarkdown } from './report.js';
import { enforceRotation, type SecretAge, secretAges } from './rotation.js';
import type { ExportPlan, FetchedSecret } from './types.js';

export interface FetchSecretsDeps {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  io: RunnerIO;
  getIdToken: (audience: string) => Promise<string>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** Outputs the action always sets; a secret exported as an output may not take these names. */
export const FIXED_OUTPUTS = ['names', 'count', 'versions', 'file-directory'];

export async function fetchSecrets(
  inputs: FetchSecretsInputs,
  deps: FetchSecretsDeps,
): Promise<void> {
  const { logger } = deps;
  // The Secrets Manager client loads while sign-in waits on the network.
  const sdk = loadSecretsSdk();
  const session = await logger.group('Sign in to AWS', () => openAwsSession(inputs.aws, deps));
  const api = await openSecretsApi(session, deps, sdk);

  try {
    const fetched = await logger.group('Read secrets', () => readAll(inputs, api, deps));
    const ages = await checkRotation(inputs, fetched, api, deps);
    const fileDir = join(deps.env.RUNNER_TEMP ?? tmpdir(), `fetch-secrets-${randomUUID()}`);
    const plan = planExports(
      fetched,
      { transform: inputs.nameTransformation, parseJson: inputs.parseJson, fileDir },
      deps.env,
      FIXED_OUTPUTS,
    );
    for (const form of plan.masks) deps.io.mask(form);

    if (inputs.auditLogGroup) await audit(inputs.auditLogGroup, session, fetched, deps);
    await exportAll(inputs, plan, fileDir, session, deps);
    await report(fetched, plan, ages, session, deps);
  } catch (err) {
    if (inputs.auditLogGroup) await auditFailure(inputs.auditLogGroup, session, err, deps);
    throw err;
  } finally {
    api.client.destroy();
  }
}

async function readAll(
  inputs: FetchSecretsInputs,
  api: SecretsApi,
  deps: FetchSecretsDeps,
): Promise<FetchedSecret[]> {
  const targets = await resolveTargets(inputs.secrets, api);
  const fetched = await fetchValues(targets, inputs.version, api);

  // Masked the moment they exist: every raw value, binary ones in their base64 form too.
  for (const s of fetched) {
    const text = typeof s.value === 'string' ? s.value : Buffer.from(s.value).toString('base64');
    for (const form of maskForms(text)) deps.io.mask(form);
  }
  deps.logger.info(`Read ${new Set(fetched.map((s) => s.arn)).size} secret(s).`);
  return fetched;
}

async function checkRotation(
  inputs: FetchSecretsInputs,
  fetched: FetchedSecret[],
  api: SecretsApi,
  deps: FetchSecretsDeps,
): Promise<Map<string, SecretAge>> {
  if (inputs.rotation.maxAgeDays <= 0) return new Map();
  const ages = await secretAges(fetched, api, deps.now?.() ?? new Date());
  for (const warning of enforceRotation(ages.values(), inputs.rotation))
    deps.logger.warning(warning);
  return ages;
}

async function exportAll(
  inputs: FetchSecretsInputs,
  plan: ExportPlan,
  fileDir: string,
  session: AwsSession,
  deps: FetchSecretsDeps,
): Promise<void> {
  const extra = inputs.aws.exportCredentials ? [...CREDENTIAL_VARIABLES] : [];
  await applyPlan(plan, fileDir, extra, deps.io);
  if (inputs.aws.exportCredentials) exportCredentials(session, deps.io);

  const names = plan.values.map((v) => v.name);
  const versions = Object.fromEntries(plan.values.map((v) => [v.secretName, v.versionId]));
  const hasFiles = plan.values.some((v) => v.exposure === 'file');
  deps.io.setOutput('names', JSON.stringify(names));
  deps.io.setOutput('count', String(Object.keys(versions).length));
  deps.io.setOutput('versions', JSON.stringify(versions));
  deps.io.setOutput('file-directory', hasFiles ? fileDir : '');
  deps.logger.info(`Exported ${names.length} value(s): ${names.join(', ')}.`);
}

async function report(
  fetched: FetchedSecret[],
  plan: ExportPlan,
  ages: Map<string, SecretAge>,
  session: AwsSession,
  deps: FetchSecretsDeps,
): Promise<void> {
  if (!deps.env.GITHUB_STEP_SUMMARY) return;
  try {
    await deps.io.summary(summaryMarkdown(fetched, plan, ages, session));
  } catch (err) {
    deps.logger.warning(`Could not write the job summary: ${describeError(err)}`);
  }
}

async function audit(
  logGroup: string,
  session: AwsSession,
  fetched: FetchedSecret[],
  deps: FetchSecretsDeps,
): Promise<void> {
  const secrets = [
    ...new Map(
      fetched.map((s) => [s.arn, { name: s.name, arn: s.arn, versionId: s.versionId }]),
    ).values(),
  ];
  await writeAudit(
    { logGroup, session },
    [{ event: 'secrets.read', outcome: 'success', secrets }],
    deps,
  );
  deps.logger.info(`Recorded the read of ${secrets.length} secret(s) in ${logGroup}.`);
}

/** A failed run is recorded too, best effort: the original error is what the user must see. */
async function auditFailure(
  logGroup: string,
  session: AwsSession,
  err: unknown,
  deps: FetchSecretsDeps,
): Promise<void> {
  try {
    await writeAudit(
      { logGroup, session },
      [{ event: 'secrets.read', outcome: 'failure', error: describeError(err) }],
      deps,
    );
  } catch (auditErr) {
    deps.logger.warning(`Could not record the failure in ${logGroup}: ${describeError(auditErr)}`);
  }
}
