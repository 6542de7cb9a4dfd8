import { describe, expect, it } from '@jest/globals';

import { baseName, toNamePart, toVariableName } from '../../actions/shared/secrets/naming.js';
import type { NameTransform, SecretRequest } from '../../actions/shared/secrets/types.js';

function request(id: string, extra: Partial<SecretRequest> = {}): SecretRequest {
  return { line: 1, id, prefix: false, exposures: ['env'], ...extra };
}

describe('toVariableName', () => {
  it.each<[string, NameTransform, string]>([
    ['github-token', 'uppercase', 'GITHUB_TOKEN'],
    ['task-manager/dev/db', 'uppercase', 'TASK_MANAGER_DEV_DB'],
    ['1password', 'uppercase', '_1PASSWORD'],
    ['9', 'uppercase', '_9'],
    ['a.b+c=d@e', 'uppercase', 'A_B_C_D_E'],
    ['café-key', 'uppercase', 'CAF__KEY'],
    ['clé🔑', 'uppercase', 'CL__'],
    ['Prod/DB', 'lowercase', 'prod_db'],
    ['Prod/DB', 'none', 'Prod_DB'],
    ['1st-Key', 'none', '_1st_Key'],
    ['already_OK_1', 'none', 'already_OK_1'],
  ])('turns %j into %j with %s', (raw, transform, expected) => {
    const name = toVariableName(raw, transform);

    expect(name).toBe(expected);
  });
});

describe('toNamePart', () => {
  it.each<[string, NameTransform, string]>([
    ['password', 'uppercase', 'PASSWORD'],
    ['1st', 'uppercase', '1ST'],
    ['user-name', 'none', 'user_name'],
    ['Host.Name', 'lowercase', 'host_name'],
  ])('turns %j into %j with %s, without a _ before a digit', (raw, transform, expected) => {
    const part = toNamePart(raw, transform);

    expect(part).toBe(expected);
  });
});

describe('baseName', () => {
  it.each<[string, SecretRequest, string, NameTransform, string]>([
    ['a name', request('prod/db'), 'prod/db', 'uppercase', 'PROD_DB'],
    ['a name, lowercase', request('prod/db'), 'prod/db', 'lowercase', 'prod_db'],
    [
      'an alias, as written',
      request('prod/db', { alias: 'Db_pw' }),
      'prod/db',
      'lowercase',
      'Db_pw',
    ],
    [
      'an ARN: the secret name, not the ARN',
      request('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'),
      'prod/db',
      'uppercase',
      'PROD_DB',
    ],
    [
      'a prefix without alias',
      request('prod/', { prefix: true }),
      'prod/api-key',
      'uppercase',
      'PROD_API_KEY',
    ],
    [
      'a prefix with an alias',
      request('prod/', { prefix: true, alias: 'APP' }),
      'prod/api-key',
      'uppercase',
      'APP_API_KEY',
    ],
    [
      'a prefix with an alias, separators after the prefix dropped',
      request('prod', { prefix: true, alias: 'APP' }),
      'prod/-_token',
      'uppercase',
      'APP_TOKEN',
    ],
    [
      'a prefix with an alias, a digit after the prefix',
      request('prod/', { prefix: true, alias: 'APP' }),
      'prod/1password',
      'uppercase',
      'APP_1PASSWORD',
    ],
    [
      'a prefix with an alias, lowercase remainder',
      request('prod/', { prefix: true, alias: 'App' }),
      'prod/Api',
      'lowercase',
      'App_api',
    ],
    [
      'a prefix with an alias matching the whole name',
      request('prod/db', { prefix: true, alias: 'DB' }),
      'prod/db',
      'uppercase',
      'DB',
    ],
  ])('names %s', (_, req, secretName, transform, expected) => {
    const name = baseName(req, secretName, transform);

    expect(name).toBe(expected);
  });
});
