import { describe, expect, it } from '@jest/globals';

import { UserError } from '../../actions/shared/core/errors.js';
import { planExports } from '../../actions/shared/secrets/plan.js';
import type {
  Exposure,
  FetchedSecret,
  PlanOptions,
  PlannedValue,
  SecretRequest,
} from '../../actions/shared/secrets/types.js';

const DIR = '/tmp/runner/secrets-1';
const OPTIONS: PlanOptions = { transform: 'uppercase', parseJson: true, fileDir: DIR };

function secret(
  name: string,
  value: string | Uint8Array,
  exposures: Exposure[] = ['env'],
  extra: Partial<SecretRequest> = {},
): FetchedSecret {
  const request: SecretRequest = { line: 1, id: name, prefix: false, exposures, ...extra };
  return {
    request,
    name,
    arn: `arn:aws:secretsmanager:x:1:secret:${name}`,
    versionId: 'v1',
    value,
  };
}

function plan(secrets: FetchedSecret[], options: Partial<PlanOptions> = {}) {
  return planExports(secrets, { ...OPTIONS, ...options }, {}, []);
}

function envValues(values: PlannedValue[]): Record<string, string | Uint8Array> {
  return Object.fromEntries(values.map((value) => [value.name, value.value]));
}

function planError(
  secrets: FetchedSecret[],
  existingEnv: Record<string, string | undefined> = {},
  reservedOutputs: string[] = [],
): UserError {
  try {
    planExports(secrets, OPTIONS, existingEnv, reservedOutputs);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected planExports to throw');
}

describe('planExports values', () => {
  it('exports a plain string secret whole under its transformed name', () => {
    const secrets = [secret('prod/api-key', 'k3y')];

    const result = plan(secrets);

    expect(result.values).toEqual([
      {
        secretName: 'prod/api-key',
        versionId: 'v1',
        exposure: 'env',
        name: 'PROD_API_KEY',
        value: 'k3y',
      },
    ]);
  });

  it.each<[string, string, Record<string, string>]>([
    [
      'nested objects, keys joined with _',
      '{"db":{"password":"pw","user-name":"app"}}',
      { DB_DB_PASSWORD: 'pw', DB_DB_USER_NAME: 'app' },
    ],
    [
      'numbers as written',
      '{"port":5432,"ratio":1.50,"big":123456789012345678901}',
      {
        DB_PORT: '5432',
        DB_RATIO: '1.50',
        DB_BIG: '123456789012345678901',
      },
    ],
    [
      'booleans and null as JSON text',
      '{"tls":true,"old":false,"note":null}',
      {
        DB_TLS: 'true',
        DB_OLD: 'false',
        DB_NOTE: 'null',
      },
    ],
    [
      'arrays as compact JSON text',
      '{"hosts":[ "a", 1, {"b" : null} ]}',
      {
        DB_HOSTS: '["a",1,{"b":null}]',
      },
    ],
    ['an empty nested object as nothing', '{"a":"1","empty":{}}', { DB_A: '1' }],
    [
      'escaped strings decoded',
      '{"pem":"line1\\nline2\\n","q":"say \\"hi\\""}',
      {
        DB_PEM: 'line1\nline2\n',
        DB_Q: 'say "hi"',
      },
    ],
    ['a repeated key with its last value', '{"a":"1","b":"2","a":"3"}', { DB_A: '3', DB_B: '2' }],
    ['a JSON array whole', '["a","b"]', { DB: '["a","b"]' }],
    ['a JSON string whole', '"quoted"', { DB: '"quoted"' }],
    ['a JSON number whole', '42', { DB: '42' }],
    ['invalid JSON whole', '{"a":', { DB: '{"a":' }],
  ])('expands a JSON secret: %s', (_, value, expected) => {
    const secrets = [secret('db', value)];

    const result = plan(secrets);

    expect(envValues(result.values)).toEqual(expected);
  });

  it('yields no values for an empty JSON object, without an error', () => {
    const secrets = [secret('db', ' {} ')];

    const result = plan(secrets);

    expect(result.values).toEqual([]);
  });

  it('keeps JSON key order, integer-like keys included', () => {
    const secrets = [secret('db', '{"z":"1","10":"2","a":{"y":"3","2":"4"}}')];

    const result = plan(secrets);

    expect(result.values.map((value) => value.jsonPath)).toEqual(['z', '10', 'a.y', 'a.2']);
  });

  it('exports JSON whole when parseJson is off', () => {
    const secrets = [secret('db', '{"password":"pw"}')];

    const result = plan(secrets, { parseJson: false });

    expect(envValues(result.values)).toEqual({ DB: '{"password":"pw"}' });
    expect(result.values[0]!.jsonPath).toBeUndefined();
  });

  it('names JSON keys with the alias and the transform, invalid characters replaced', () => {
    const secrets = [secret('prod/db', '{"Db-Host":"h"}', ['env'], { alias: 'Pg' })];

    const lower = plan(secrets, { transform: 'lowercase' });
    const none = plan(secrets, { transform: 'none' });

    expect(lower.values[0]!.name).toBe('Pg_db_host');
    expect(none.values[0]!.name).toBe('Pg_Db_Host');
  });

  it('plans every exposure of a value: env, output, and a file with its path variable', () => {
    const secrets = [secret('db', '{"password":"pw"}', ['env', 'output', 'file'])];

    const result = plan(secrets);

    const common = { secretName: 'db', versionId: 'v1', jsonPath: 'password' };
    expect(result.values).toEqual([
      { ...common, exposure: 'env', name: 'DB_PASSWORD', value: 'pw' },
      { ...common, exposure: 'output', name: 'DB_PASSWORD', value: 'pw' },
      {
        ...common,
        exposure: 'file',
        name: 'DB_PASSWORD_FILE',
        path: `${DIR}/DB_PASSWORD`,
        value: 'pw',
      },
    ]);
  });

  it('gives env and output base64 of a binary secret and the file its exact bytes', () => {
    const bytes = new Uint8Array([0, 255, 10, 13, 65]);

    const result = plan([secret('keystore', bytes, ['env', 'output', 'file'])]);

    const [env, output, file] = result.values;
    expect(env!.value).toBe('AP8KDUE=');
    expect(output!.value).toBe('AP8KDUE=');
    expect(file!.value).toBe(bytes);
    expect(result.masks).toContain('AP8KDUE=');
  });

  it('gives a file the exact text of a string secret, trailing newline included', () => {
    const pem = '-----BEGIN KEY-----\nabc\n-----END KEY-----\n';

    const result = plan([secret('tls/key', pem, ['file'])]);

    expect(result.values[0]!.value).toBe(pem);
    expect(result.values[0]!.path).toBe(`${DIR}/TLS_KEY`);
  });

  it('orders values by secret, then by JSON key', () => {
    const secrets = [secret('b', '{"y":"1","x":"2"}'), secret('a', 'plain')];

    const result = plan(secrets);

    expect(result.values.map((value) => value.name)).toEqual(['B_Y', 'B_X', 'A']);
  });
});

describe('planExports masks', () => {
  it('masks a multi-line value line by line, the whole JSON blob, and JSON-escaped forms', () => {
    const blob = '{"key":"line-one\\nline-two","user":"app"}';

    const result = plan([secret('db', blob)]);

    expect(result.masks).toEqual(
      expect.arrayContaining([blob, 'line-one', 'line-two', 'line-one\\nline-two', 'app']),
    );
    expect(result.masks).toContain(JSON.stringify(blob).slice(1, -1));
  });

  it('masks numbers but not true, false or null leaves', () => {
    const result = plan([secret('db', '{"pin":1234,"on":true,"off":false,"none":null}')]);

    expect(result.masks).toContain('1234');
    expect(result.masks).not.toEqual(expect.arrayContaining(['true']));
    expect(result.masks).not.toEqual(expect.arrayContaining(['false']));
    expect(result.masks).not.toEqual(expect.arrayContaining(['null']));
  });

  it('never masks a name or a file path, and lists each mask once', () => {
    const secrets = [secret('db', 'same', ['env', 'file']), secret('api', 'same', ['env'])];

    const result = plan(secrets);

    expect(result.masks).toEqual(['same']);
  });
});

describe('planExports collisions', () => {
  it.each<[string, FetchedSecret[], string]>([
    [
      'two values with the same env name',
      [secret('db', '{"pass":"a"}'), secret('db/pass', 'b', ['env'], { line: 2 })],
      "env var DB_PASS would be set by secret 'db' key 'pass' (line 1) and secret 'db/pass' " +
        '(line 2)',
    ],
    [
      'an env value and a file path variable with the same name',
      [secret('db', 'a', ['file']), secret('db-file', 'b', ['env'], { line: 2 })],
      "env var DB_FILE would be set by secret 'db' (line 1, the path of its file) and " +
        "secret 'db-file'",
    ],
    [
      'two outputs differing only in case',
      [
        secret('db', 'a', ['output'], { alias: 'db' }),
        secret('other', 'b', ['output'], { alias: 'DB', line: 2 }),
      ],
      "output db and DB would be set by secret 'db' (line 1) and secret 'other' (line 2)",
    ],
    [
      'two files with the same name',
      [secret('a', 'x', ['file'], { alias: 'KEY' }), secret('b', 'y', ['file'], { alias: 'KEY' })],
      "file KEY would be written by secret 'a' (line 1, the path of its file) and secret 'b'",
    ],
    [
      'two files differing only in case',
      [secret('a', 'x', ['file'], { alias: 'key' }), secret('b', 'y', ['file'], { alias: 'KEY' })],
      'file key and KEY would be written by',
    ],
  ])('refuses %s', (_, secrets, expected) => {
    const error = planError(secrets);

    expect(error.kind).toBe('input');
    expect(error.message).toContain(expected);
  });

  it.each([
    ['GITHUB_TOKEN'],
    ['github_sha'],
    ['RUNNER_TEMP'],
    ['ACTIONS_RUNTIME_TOKEN'],
    ['PATH'],
    ['node_options'],
    ['LD_PRELOAD'],
    ['LD_LIBRARY_PATH'],
    ['BASH_ENV'],
    ['ENV'],
    ['HOME'],
    ['SHELL'],
    ['NODE_EXTRA_CA_CERTS'],
    ['HTTP_PROXY'],
    ['https_proxy'],
    ['NO_PROXY'],
  ])('refuses the runner-reserved env name %s', (alias) => {
    const secrets = [secret('s', 'v', ['env'], { alias })];

    const error = planError(secrets);

    expect(error.message).toContain(`env var ${alias} (from secret 's' (line 1)) is reserved`);
    expect(error.message).toContain('rename it with an alias (ALIAS=secret-id)');
  });

  it('refuses a file whose path variable would be a reserved name', () => {
    const secrets = [secret('github', 'v', ['file'])];

    const error = planError(secrets);

    expect(error.message).toContain('env var GITHUB_FILE');
  });

  it('allows a reserved word as an output name', () => {
    const secrets = [secret('path', 'v', ['output'])];

    const result = plan(secrets);

    expect(result.values[0]!.name).toBe('PATH');
  });

  it('refuses an env name already set in the job, ignoring variables set to undefined', () => {
    const secrets = [secret('db', 'v'), secret('api', 'w', ['env'], { line: 2 })];

    const error = planError(secrets, { DB: 'old', API: undefined });

    expect(error.message).toContain(
      "env var DB (from secret 'db' (line 1)) is already set in this job; rename it with an alias",
    );
    expect(error.message).not.toContain('env var API');
  });

  it('refuses an output name the action uses itself, ignoring case', () => {
    const secrets = [secret('s', 'v', ['output'], { alias: 'Version_Ids' })];

    const error = planError(secrets, {}, ['version_ids']);

    expect(error.message).toContain('output Version_Ids (from secret');
    expect(error.message).toContain('is an output of this action');
  });

  it('lists every collision in one error and never shows a secret value', () => {
    const secrets = [
      secret('db', '{"pass":"TOPSECRET-1"}', ['env', 'output']),
      secret('db/pass', 'TOPSECRET-2', ['env', 'output'], { line: 2 }),
      secret('home', 'TOPSECRET-3', ['env'], { line: 3 }),
      secret('taken', 'TOPSECRET-4', ['env', 'output'], { line: 4 }),
      secret('k1', 'TOPSECRET-5', ['file'], { alias: 'K', line: 5 }),
      secret('k2', 'TOPSECRET-6', ['file'], { alias: 'k', line: 6 }),
    ];

    const error = planError(secrets, { TAKEN: 'x' }, ['taken']);

    const problems = error.message.split('\n').filter((line) => line.startsWith('- '));
    expect(problems).toHaveLength(6);
    expect(error.message).toMatch(/^Input 'secrets' would export 6 names that cannot be used:\n/);
    expect(error.message).toContain('alias (ALIAS=secret-id)');
    expect(error.message).not.toContain('TOPSECRET');
  });
});
