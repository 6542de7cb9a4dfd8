import { describe, expect, it } from '@jest/globals';

import { UserError } from '../../actions/shared/core/errors.js';
import { readAwsAuthInputs } from '../../actions/shared/platform/aws/auth-inputs.js';
import { envInputSource, Inputs } from '../../actions/shared/platform/inputs.js';

const ROLE = 'arn:aws:iam::111122223333:role/task-manager-ci';

function inputs(values: Record<string, string>): Inputs {
  return new Inputs((name) => values[name] ?? '');
}

function failure(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('Inputs', () => {
  it('reads INPUT_ variables the way the runner names them', () => {
    const source = envInputSource({ 'INPUT_ROLE-TO-ASSUME': '  x  ', INPUT_MY_INPUT: 'y' });

    expect(source('role-to-assume')).toBe('x');
    expect(source('my input')).toBe('y');
  });

  it.each([
    ['true', true],
    ['False', false],
    ['', true],
  ])('reads boolean "%s" as %s', (raw, expected) => {
    expect(inputs({ flag: raw }).boolean('flag', true)).toBe(expected);
  });

  it.each([
    [
      'boolean',
      () => inputs({ flag: 'yes' }).boolean('flag', false),
      /'flag' must be true or false, not "yes"/,
    ],
    [
      'integer',
      () => inputs({ n: '12x' }).integer('n', 1, { min: 0, max: 9 }),
      /'n' must be a whole number from 0 to 9/,
    ],
    ['integer range', () => inputs({ n: '10' }).integer('n', 1, { min: 0, max: 9 }), /not "10"/],
    [
      'choice',
      () => inputs({ c: 'maybe' }).choice('c', ['a', 'b'], 'a'),
      /'c' must be one of a, b, not "maybe"/,
    ],
    ['required', () => inputs({}).required('r', 'Set it.'), /Input 'r' is required. Set it./],
  ])('names the input and the fix for a bad %s', (_kind, read, message) => {
    const err = failure(read);

    expect(err.kind).toBe('input');
    expect(err.message).toMatch(message);
  });

  it('splits lists on newlines and commas and drops comments', () => {
    expect(inputs({ l: 'a, b\n# note\n\nc' }).list('l')).toEqual(['a', 'b', 'c']);
  });
});

describe('readAwsAuthInputs', () => {
  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION', () => {
    const read = (env: NodeJS.ProcessEnv) =>
      readAwsAuthInputs(inputs({ 'role-to-assume': ROLE }), env).region;

    expect(read({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-east-2' })).toBe('eu-west-1');
    expect(read({ AWS_DEFAULT_REGION: 'us-east-2' })).toBe('us-east-2');
  });

  it('applies the documented defaults', () => {
    const options = readAwsAuthInputs(
      inputs({ 'role-to-assume': ROLE, 'aws-region': 'us-east-1' }),
      {},
    );

    expect(options).toEqual({
      roleToAssume: ROLE,
      region: 'us-east-1',
      audience: 'sts.amazonaws.com',
      durationSeconds: 900,
      credentialSource: 'oidc',
      allowedAccountIds: [],
      exportCredentials: false,
    });
  });

  it.each([
    ['no region', {}, /'aws-region' is not set and neither AWS_REGION nor AWS_DEFAULT_REGION/],
    ['a bad region', { 'aws-region': 'mars-1' }, /"mars-1" is not an AWS region/],
    [
      'no role with oidc',
      { 'aws-region': 'us-east-1', 'role-to-assume': '' },
      /'role-to-assume' is required when credential-source is oidc/,
    ],
    [
      'a role that is not an ARN',
      { 'aws-region': 'us-east-1', 'role-to-assume': 'deploy' },
      /"deploy" is not an IAM role ARN/,
    ],
    [
      'a user ARN',
      { 'aws-region': 'us-east-1', 'role-to-assume': 'arn:aws:iam::111122223333:user/bob' },
      /is not an IAM role ARN/,
    ],
    [
      'a short duration',
      { 'aws-region': 'us-east-1', 'role-duration-seconds': '60' },
      /'role-duration-seconds' must be a whole number from 900 to 43200/,
    ],
    [
      'a bad account id',
      { 'aws-region': 'us-east-1', 'allowed-account-ids': '1234' },
      /'allowed-account-ids' has "1234"/,
    ],
    [
      'a role in another account',
      { 'aws-region': 'us-east-1', 'allowed-account-ids': '999999999999' },
      /account 111122223333, which is not in allowed-account-ids \(999999999999\)/,
    ],
  ])('refuses %s before any call', (_case, values, message) => {
    const err = failure(() => readAwsAuthInputs(inputs({ 'role-to-assume': ROLE, ...values }), {}));

    expect(err.message).toMatch(message);
  });

  it('lets default-chain go without a role', () => {
    const options = readAwsAuthInputs(
      inputs({ 'aws-region': 'us-east-1', 'credential-source': 'default-chain' }),
      {},
    );

    expect(options.roleToAssume).toBeUndefined();
  });
});
