/**
 * The AWS sign-in inputs every AWS action shares, read and checked in one place so each action's
 * `action.yml` and its errors say the same thing.
 */
import { inputError, UserError } from '../../core/errors.js';
import type { Inputs } from '../inputs.js';

export type CredentialSource = 'oidc' | 'default-chain' | 'auto';

export const CREDENTIAL_SOURCES: readonly CredentialSource[] = ['oidc', 'default-chain', 'auto'];

export interface AwsAuthOptions {
  roleToAssume?: string;
  region: string;
  audience: string;
  durationSeconds: number;
  credentialSource: CredentialSource;
  allowedAccountIds: string[];
  exportCredentials: boolean;
}

const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;

/** Reads `role-to-assume`, `aws-region`, `audience`, ... in their `action.yml` order. */
export function readAwsAuthInputs(inputs: Inputs, env: NodeJS.ProcessEnv): AwsAuthOptions {
  const options: AwsAuthOptions = {
    roleToAssume: inputs.optional('role-to-assume'),
    region: inputs.optional('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '',
    audience: inputs.string('audience', 'sts.amazonaws.com'),
    durationSeconds: inputs.integer('role-duration-seconds', 900, { min: 900, max: 43_200 }),
    credentialSource: inputs.choice('credential-source', CREDENTIAL_SOURCES, 'oidc'),
    allowedAccountIds: inputs.list('allowed-account-ids'),
    exportCredentials: inputs.boolean('export-credentials', false),
  };
  checkAwsAuth(options);
  return options;
}

function checkAwsAuth(options: AwsAuthOptions): void {
  if (!options.region) {
    throw inputError(
      'aws-region',
      'is not set and neither AWS_REGION nor AWS_DEFAULT_REGION is',
      'Set aws-region to the region of your secrets, e.g. us-east-1.',
    );
  }
  if (!REGION.test(options.region)) {
    throw inputError(
      'aws-region',
      `"${options.region}" is not an AWS region`,
      'Use a region code like us-east-1.',
    );
  }
  for (const id of options.allowedAccountIds) {
    if (!ACCOUNT_ID.test(id)) {
      throw inputError(
        'allowed-account-ids',
        `has "${id}", which is not a 12-digit account id`,
        'List account ids, one a line.',
      );
    }
  }
  checkRole(options);
}

function checkRole(options: AwsAuthOptions): void {
  const role = options.roleToAssume;
  if (role === undefined) {
    if (options.credentialSource === 'oidc') {
      throw inputError(
        'role-to-assume',
        'is required when credential-source is oidc',
        'Set it to the ARN of the IAM role whose trust policy admits this repository.',
      );
    }
    return;
  }

  const match = ROLE_ARN.exec(role);
  if (!match) {
    throw inputError(
      'role-to-assume',
      `"${role}" is not an IAM role ARN`,
      'Use the full ARN, e.g. arn:aws:iam::111122223333:role/deploy.',
    );
  }
  assertAllowedAccount(match[1] ?? '', options.allowedAccountIds, `role-to-assume ${role}`);
}

/** Refuses an account outside `allowed-account-ids` (when the list is given). */
export function assertAllowedAccount(account: string, allowed: string[], what: string): void {
  if (allowed.length === 0 || allowed.includes(account)) return;
  throw new UserError(
    `The ${what} is in account ${account}, which is not in allowed-account-ids ` +
      `(${allowed.join(', ')}). Use a role in an allowed account, or add the account to ` +
      'allowed-account-ids if it is meant to be used.',
    'configuration',
  );
}
