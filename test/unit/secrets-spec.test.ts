import { describe, expect, it } from '@jest/globals';

import { UserError } from '../../actions/shared/core/errors.js';
import { parseSecretList } from '../../actions/shared/secrets/spec.js';
import type { Exposure, SecretRequest } from '../../actions/shared/secrets/types.js';

const DEFAULTS: Exposure[] = ['env'];
const HINT = 'Each line is [ALIAS=]name-or-arn[ | env,output,file]; a trailing * expands a prefix.';
const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';

function parseError(text: string): UserError {
  try {
    parseSecretList(text, DEFAULTS);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected parseSecretList to throw');
}

describe('parseSecretList', () => {
  it.each<[string, string, Omit<SecretRequest, 'line'>]>([
    ['a plain name', 'prod/db', { id: 'prod/db', prefix: false, exposures: ['env'] }],
    ['an alias', 'DB=prod/db', { alias: 'DB', id: 'prod/db', prefix: false, exposures: ['env'] }],
    [
      'an alias with spaces around =',
      '  DB = prod/db  ',
      { alias: 'DB', id: 'prod/db', prefix: false, exposures: ['env'] },
    ],
    ['exposures after |', 'prod/db | file', { id: 'prod/db', prefix: false, exposures: ['file'] }],
    [
      'exposures in any case, in the order given',
      'prod/db|Output, ENV ,file',
      { id: 'prod/db', prefix: false, exposures: ['output', 'env', 'file'] },
    ],
    ['a prefix', 'prod/app/*', { id: 'prod/app/', prefix: true, exposures: ['env'] }],
    [
      'a prefix with an alias',
      'APP=prod/app/*',
      { alias: 'APP', id: 'prod/app/', prefix: true, exposures: ['env'] },
    ],
    [
      'an = in the name after a valid alias',
      'X=a=b',
      { alias: 'X', id: 'a=b', prefix: false, exposures: ['env'] },
    ],
    [
      'an = after text that is no alias',
      'my-key=v1',
      { id: 'my-key=v1', prefix: false, exposures: ['env'] },
    ],
    [
      'an = after a leading digit',
      '1DB=prod/db',
      { id: '1DB=prod/db', prefix: false, exposures: ['env'] },
    ],
    ['an = at the start', '=prod', { id: '=prod', prefix: false, exposures: ['env'] }],
    [
      'every allowed character',
      'a/b_c+d=e.f@g-h9',
      { id: 'a/b_c+d=e.f@g-h9', prefix: false, exposures: ['env'] },
    ],
    [
      'a name of 512 characters',
      'a'.repeat(512),
      { id: 'a'.repeat(512), prefix: false, exposures: ['env'] },
    ],
    ['an aws ARN', ARN, { id: ARN, prefix: false, exposures: ['env'] }],
    [
      'an aws-cn ARN',
      'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db',
      {
        id: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db',
        prefix: false,
        exposures: ['env'],
      },
    ],
    [
      'an aws-us-gov ARN with an alias and exposures',
      'DB=arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db | output',
      {
        alias: 'DB',
        id: 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db',
        prefix: false,
        exposures: ['output'],
      },
    ],
  ])('parses %s', (_, line, expected) => {
    const result = parseSecretList(line, DEFAULTS);

    expect(result).toEqual([{ line: 1, ...expected }]);
  });

  it('skips blank lines and # comments and numbers lines from 1 over the raw text', () => {
    const text = '\n# the database\n  prod/db  \n\n   # indented comment\nprod/api | file\n';

    const result = parseSecretList(text, DEFAULTS);

    expect(result.map((request) => [request.line, request.id])).toEqual([
      [3, 'prod/db'],
      [6, 'prod/api'],
    ]);
  });

  it('accepts Windows line endings', () => {
    const text = 'prod/a\r\nB=prod/b | file\r\n';

    const result = parseSecretList(text, DEFAULTS);

    expect(result).toEqual([
      { line: 1, id: 'prod/a', prefix: false, exposures: ['env'] },
      { line: 2, alias: 'B', id: 'prod/b', prefix: false, exposures: ['file'] },
    ]);
  });

  it('gives each request its own copy of the default exposures', () => {
    const defaults: Exposure[] = ['env', 'output'];

    const [first, second] = parseSecretList('prod/a\nprod/b', defaults);
    first!.exposures.push('file');

    expect(second!.exposures).toEqual(['env', 'output']);
    expect(defaults).toEqual(['env', 'output']);
  });

  it('treats a name and a prefix with the same text as different secrets', () => {
    const text = 'prod/db\nprod/db*';

    const result = parseSecretList(text, DEFAULTS);

    expect(result.map((request) => request.prefix)).toEqual([false, true]);
  });

  it.each([
    ['an invalid alias', 'MY VAR=prod/db', "line 1: alias 'MY VAR' is not valid"],
    ['an empty ID', 'DB=', 'line 1: the secret name or ARN is missing'],
    ['an empty ID before exposures', ' | env', 'line 1: the secret name or ARN is missing'],
    [
      'invalid characters, each named once',
      'prod db!!',
      `line 1: secret name 'prod db!!' contains characters not allowed in a secret name: " ", "!"`,
    ],
    ['a tab', 'prod\tdb', 'characters not allowed in a secret name: "\\t"'],
    ['a non-ASCII character', 'prod/café', 'not allowed in a secret name: "é"'],
    ['a name over 512 characters', 'a'.repeat(513), 'secret name is 513 characters long'],
    ['* in the middle', 'prod/*/db', "line 1: '*' may appear once, as the last character"],
    ['two *', 'prod/**', "'*' may appear once"],
    ['* alone', '*', "line 1: a prefix needs text before the '*'"],
    ['invalid characters in a prefix', 'pr od/*', "prefix 'pr od/' contains characters"],
    ['an ARN prefix', `${ARN}*`, "ends in '*'; only a name can be a prefix: write prod/db-AbCdEf"],
    ['an ARN with too few parts', 'arn:aws:secretsmanager:us-east-1:secret:x', 'not have 7 parts'],
    ['an ARN of another service', 'arn:aws:s3:us-east-1:123456789012:secret:x', "service 's3'"],
    ['an ARN with a bad partition', ARN.replace(':aws:', ':gcp:'), "partition 'gcp'"],
    ['an ARN with a bad region', ARN.replace('us-east-1', 'east'), "region 'east'"],
    ['an ARN with a short account', ARN.replace('123456789012', '1234'), "account '1234'"],
    ['an ARN of another resource', ARN.replace(':secret:', ':key:'), "resource type 'key'"],
    ['an ARN without a name', ARN.replace('prod/db-AbCdEf', ''), 'name after secret: is missing'],
    ['an ARN with a bad name', ARN.replace('prod/db', 'prod db'), `characters not allowed`],
    [
      'an unknown exposure',
      'prod/db | env,secret',
      "unknown exposure 'secret' (allowed: env, output, file)",
    ],
    ['an exposure listed twice', 'prod/db | env,ENV', "exposure 'env' is listed twice"],
    ['an empty exposure item', 'prod/db | env,', 'an exposure is empty'],
    ['nothing after |', 'prod/db |', "nothing follows '|'"],
    ['a second |', 'prod/db | env | file', "more than one '|'"],
  ])('reports %s', (_, text, expected) => {
    const error = parseError(text);

    expect(error.kind).toBe('input');
    expect(error.message).toContain(expected);
    expect(error.message.startsWith("Input 'secrets' has a problem:\n")).toBe(true);
    expect(error.message.endsWith(HINT)).toBe(true);
  });

  it('says what an ARN should look like', () => {
    const error = parseError('arn:aws:s3:::bucket');

    expect(error.message).toContain(
      'Expected arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>',
    );
  });

  it.each([
    ['the same name twice', 'prod/db\nDB=prod/db', "line 2: 'prod/db' is already listed on line 1"],
    ['the same prefix twice', 'prod/*\n\nP=prod/*', "line 3: 'prod/*' is already listed on line 1"],
    [
      'the same alias twice',
      'DB=prod/a\nDB=prod/b',
      "line 2: alias 'DB' is already used on line 1",
    ],
  ])('reports %s', (_, text, expected) => {
    const error = parseError(text);

    expect(error.message).toContain(expected);
  });

  it('lists every problem in one error, in line order, with its line number', () => {
    const text = ['prod/db', '# fine', 'bad name', 'prod/db', 'x | envv', '', 'a*b'].join('\n');

    const error = parseError(text);

    const lines = error.message.split('\n');
    expect(lines[0]).toBe("Input 'secrets' has 4 problems:");
    expect(lines.slice(1, 5).map((line) => line.slice(0, 9))).toEqual([
      '- line 3:',
      '- line 4:',
      '- line 5:',
      '- line 7:',
    ]);
    expect(lines[5]).toBe(HINT);
  });

  it.each([
    ['an empty input', ''],
    ['only blank lines', '\n  \n\t\n'],
    ['only comments', '# prod/db\n  # prod/api'],
  ])('refuses %s', (_, text) => {
    const error = parseError(text);

    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/^Input 'secrets' lists no secrets\. /);
    expect(error.message.endsWith(HINT)).toBe(true);
  });
});
