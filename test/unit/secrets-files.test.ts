import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { removeSecretFiles, writeSecretFiles } from '../../actions/shared/secrets/files.js';
import type { PlannedValue } from '../../actions/shared/secrets/types.js';

let base = '';
let fileDir = '';

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'secrets-files-'));
  fileDir = join(base, 'runner-temp', 'secrets');
});

afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

function fileValue(name: string, value: string | Uint8Array, path = join(fileDir, name)) {
  const planned: PlannedValue = {
    secretName: name.toLowerCase(),
    versionId: 'v1',
    name: `${name}_FILE`,
    exposure: 'file',
    value,
    path,
  };
  return planned;
}

function envValue(name: string, value: string): PlannedValue {
  return { secretName: name, versionId: 'v1', name, exposure: 'env', value };
}

function modeOf(path: string) {
  return stat(path).then((stats) => stats.mode & 0o777);
}

describe('writeSecretFiles', () => {
  it('writes exact bytes, mode 0600, into a new 0700 folder, and returns the paths', async () => {
    const pem = '-----BEGIN KEY-----\nabc\n-----END KEY-----\n';
    const bytes = new Uint8Array([0, 255, 10, 0]);
    const values = [envValue('A', 'x'), fileValue('PEM', pem), fileValue('BIN', bytes)];

    const paths = await writeSecretFiles(values, fileDir);

    expect(paths).toEqual([join(fileDir, 'PEM'), join(fileDir, 'BIN')]);
    expect(await readFile(join(fileDir, 'PEM'), 'utf8')).toBe(pem);
    expect(new Uint8Array(await readFile(join(fileDir, 'BIN')))).toEqual(bytes);
    expect(await modeOf(fileDir)).toBe(0o700);
    expect(await modeOf(join(fileDir, 'PEM'))).toBe(0o600);
    expect(await modeOf(join(fileDir, 'BIN'))).toBe(0o600);
  });

  it('sets the modes exactly even under a restrictive umask', async () => {
    const previous = process.umask(0o277);

    try {
      await writeSecretFiles([fileValue('KEY', 'k')], fileDir);
    } finally {
      process.umask(previous);
    }

    expect(await modeOf(fileDir)).toBe(0o700);
    expect(await modeOf(join(fileDir, 'KEY'))).toBe(0o600);
  });

  it('writes nothing and creates no folder when no value goes to a file', async () => {
    const values = [envValue('A', 'x')];

    const paths = await writeSecretFiles(values, fileDir);

    expect(paths).toEqual([]);
    expect(existsSync(fileDir)).toBe(false);
  });

  it('removes every file written and the folder when a write fails midway', async () => {
    const values = [fileValue('A', 'a'), fileValue('B', 'b'), fileValue('B', 'again')];

    const result = writeSecretFiles(values, fileDir);

    await expect(result).rejects.toThrow(/EEXIST/);
    expect(existsSync(fileDir)).toBe(false);
  });

  it('refuses a folder that already exists and leaves it as it was', async () => {
    await mkdir(fileDir, { recursive: true });
    await writeFile(join(fileDir, 'OLD'), 'old');

    const result = writeSecretFiles([fileValue('NEW', 'n')], fileDir);

    await expect(result).rejects.toThrow(/already exists/);
    expect(await readFile(join(fileDir, 'OLD'), 'utf8')).toBe('old');
    expect(existsSync(join(fileDir, 'NEW'))).toBe(false);
  });

  it.each([
    ['outside the folder', () => join(base, 'elsewhere')],
    ['escaping with ..', () => join(fileDir, '..', 'up')],
    ['in a subfolder', () => join(fileDir, 'sub', 'x')],
  ])('refuses a path %s before creating anything', async (_, pathOf) => {
    const values = [fileValue('A', 'a'), fileValue('X', 'x', pathOf())];

    const result = writeSecretFiles(values, fileDir);

    await expect(result).rejects.toThrow(/not planned directly inside/);
    expect(existsSync(fileDir)).toBe(false);
  });
});

describe('removeSecretFiles', () => {
  it('deletes the files and the folder, counting files already gone as missing', async () => {
    const paths = await writeSecretFiles([fileValue('A', 'a'), fileValue('B', 'b')], fileDir);
    const files = [...paths, join(fileDir, 'GONE')];

    const result = await removeSecretFiles({ fileDir, files, envNames: [] });

    expect(result).toEqual({ removed: 2, missing: 1 });
    expect(existsSync(fileDir)).toBe(false);
  });

  it('counts every file as missing when the folder is already gone', async () => {
    const files = [join(fileDir, 'A')];

    const result = await removeSecretFiles({ fileDir, files, envNames: [] });

    expect(result).toEqual({ removed: 0, missing: 1 });
  });

  it('does nothing without a folder or files', async () => {
    const result = await removeSecretFiles({ files: [], envNames: [] });

    expect(result).toEqual({ removed: 0, missing: 0 });
  });

  it('refuses a path outside the folder but still cleans up the folder', async () => {
    const [inside] = await writeSecretFiles([fileValue('A', 'a')], fileDir);
    const outside = join(base, 'keep-me');
    await writeFile(outside, 'precious');
    const files = [inside!, outside, join(fileDir, '..', 'keep-me')];

    const result = removeSecretFiles({ fileDir, files, envNames: [] });

    await expect(result).rejects.toThrow(/Refusing to delete 2 path\(s\) outside/);
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect(existsSync(fileDir)).toBe(false);
  });

  it('refuses files when no folder is given', async () => {
    const outside = join(base, 'keep-me');
    await writeFile(outside, 'precious');

    const result = removeSecretFiles({ files: [outside], envNames: [] });

    await expect(result).rejects.toThrow(/Refusing to delete 1 path/);
    expect(existsSync(outside)).toBe(true);
  });

  it('refuses a folder that has been replaced by a symlink', async () => {
    const target = join(base, 'target');
    await mkdir(target);
    await writeFile(join(target, 'A'), 'precious');
    await mkdir(join(base, 'runner-temp'));
    await symlink(target, fileDir);

    const result = removeSecretFiles({ fileDir, files: [join(fileDir, 'A')], envNames: [] });

    await expect(result).rejects.toThrow(/not a folder/);
    expect(await readFile(join(target, 'A'), 'utf8')).toBe('precious');
  });

  it.each([['/'], ['relative/dir']])('refuses to clean up the folder %j', async (dir) => {
    const result = removeSecretFiles({ fileDir: dir, files: [], envNames: [] });

    await expect(result).rejects.toThrow(/Refusing to clean up/);
  });
});
