/** The inputs of fetch-secrets, read into one typed object in `action.yml` order. */
import { inputError } from '../core/errors.js';
import { type AwsAuthOptions, readAwsAuthInputs } from '../platform/aws/auth-inputs.js';
import type { Inputs } from '../platform/inputs.js';
import type { RotationPolicy } from './rotation.js';
import { parseSecretList } from './spec.js';
import { EXPOSURES, type Exposure, type NameTransform, type SecretRequest } from './types.js';
import type { VersionSelector } from './fetch.js';

export interface FetchSecretsInputs {
  secrets: SecretRequest[];
  aws: AwsAuthOptions;
  exportTo: Exposure[];
  parseJson: boolean;
  nameTransformation: NameTransform;
  version: VersionSelector;
  rotation: RotationPolicy;
  auditLogGroup?: string;
}

const TRANSFORMS: readonly NameTransform[] = ['uppercase', 'lowercase', 'none'];
const VERSION_STAGE = /^[\w.+=@-]{1,256}$/;
const VERSION_ID = /^[\w-]{32,64}$/;
const LOG_GROUP = /^[\w.\-/#]{1,512}$/;

export function readFetchSecretsInputs(inputs: Inputs, env: NodeJS.ProcessEnv): FetchSecretsInputs {
  const secretsText = inputs.required(
    'secrets',
    'List the secrets to read, one name or ARN a line.',
  );
  const aws = readAwsAuthInputs(inputs, env);
  const exportTo = readExposures(inputs);
  const parseJson = inputs.boolean('parse-json', false);
  const nameTransformation = inputs.choice('name-transformation', TRANSFORMS, 'uppercase');
  const version = readVersion(inputs);
  const rotation: RotationPolicy = {
    maxAgeDays: inputs.integer('max-secret-age-days', 0, { min: 0, max: 3650 }),
    onStale: inputs.choice('on-stale-secret', ['warn', 'fail'] as const, 'fail'),
  };
  const auditLogGroup = inputs.optional('audit-log-group');
  if (auditLogGroup !== undefined && !LOG_GROUP.test(auditLogGroup)) {
    throw inputError(
      'audit-log-group',
      `"${auditLogGroup}" is not a log group name`,
      'Use letters, digits and _-./#.',
    );
  }

  return {
    secrets: parseSecretList(secretsText, exportTo),
    aws,
    exportTo,
    parseJson,
    nameTransformation,
    version,
    rotation,
    auditLogGroup,
  };
}

function readExposures(inputs: Inputs): Exposure[] {
  const listed = inputs.list('export-to').map((e) => e.toLowerCase());
  const chosen = listed.length > 0 ? listed : ['env'];
  const unknown = chosen.filter((e) => !(EXPOSURES as readonly string[]).includes(e));
  if (unknown.length > 0) {
    throw inputError(
      'export-to',
      `has ${unknown.map((u) => `"${u}"`).join(', ')}`,
      `Use any of ${EXPOSURES.join(', ')}, separated by commas.`,
    );
  }
  return [...new Set(chosen)] as Exposure[];
}

function readVersion(inputs: Inputs): VersionSelector {
  const stage = inputs.string('version-stage', 'AWSCURRENT');
  const id = inputs.optional('version-id');
  if (!VERSION_STAGE.test(stage)) {
    throw inputError(
      'version-stage',
      `"${stage}" is not a version stage`,
      'Use a label such as AWSCURRENT or AWSPREVIOUS.',
    );
  }
  if (id !== undefined && !VERSION_ID.test(id)) {
    throw inputError(
      'version-id',
      `"${id}" is not a version id`,
      'Use the 32-64 character id DescribeSecret lists, or leave it empty.',
    );
  }
  if (id !== undefined && inputs.optional('version-stage') !== undefined) {
    throw inputError(
      'version-id',
      'and version-stage are both set',
      'Set one of them: a version id names one exact version.',
    );
  }
  return { stage, id };
}
