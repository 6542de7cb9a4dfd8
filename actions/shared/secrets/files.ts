/**
 * Secret files: written 0600 into a fresh 0700 folder, all or nothing, and removed by the post
 * step without ever touching anything outside that folder.
 */

import { chmod, lstat, mkdir, open, rm, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, parse, resolve } from 'node:path';

import type { CleanupState, PlannedValue } from './types.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

interface Target {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes every `file` value of a plan to its path, mode 0600, into `fileDir`, which is created
 * with mode 0700 and must not exist yet. On any failure everything written (and the folder) is
 * removed before the error is rethrown. Returns the paths written; writes nothing, and creates
 * no folder, when the plan has no file.
 */
export async function writeSecretFiles(values: PlannedValue[], fileDir: string): Promise<string[]> {
  const root = resolve(fileDir);
  const targets = values.filter((value) => value.exposure === 'file').map((v) => target(v, root));
  if (targets.length === 0) return [];

  await createPrivateDir(root);

  try {
    await chmod(root, DIR_MODE);
    for (const { path, content } of targets) await writePrivateFile(path, content);
  } catch (err) {
    await rollback(root, err);
    throw err;
  }
  return targets.map(({ path }) => path);
}

/**
 * Deletes the files the main step wrote, then their folder. A file already gone counts as
 * `missing`. Paths that are not directly inside `state.fileDir` are never touched: the rest is
 * cleaned up, then the call fails naming them.
 */
export async function removeSecretFiles(
  state: CleanupState,
): Promise<{ removed: number; missing: number }> {
  if (state.fileDir === undefined) {
    if (state.files.length > 0) throw new Error(refusal(state.files, 'no secret file folder'));
    return { removed: 0, missing: 0 };
  }

  const root = checkedRoot(state.fileDir);
  await refuseLinkedRoot(root);
  const outside = state.files.filter((file) => !isDirectChild(root, file));

  const result = await unlinkAll(state.files.filter((file) => isDirectChild(root, file)));
  await rm(root, { recursive: true, force: true });

  if (outside.length > 0) throw new Error(refusal(outside, `outside ${root}`));
  if (result.failures.length > 0) {
    throw new AggregateError(result.failures, `Could not delete every secret file in ${root}`);
  }
  return { removed: result.removed, missing: result.missing };
}

function target(value: PlannedValue, root: string): Target {
  if (value.path === undefined || !isDirectChild(root, value.path)) {
    throw new Error(`The file for ${value.name} is not planned directly inside ${root}`);
  }
  return { path: resolve(value.path), content: value.value };
}

/** Creates the parents as needed, then the folder itself, which must be new. */
async function createPrivateDir(root: string): Promise<void> {
  await mkdir(dirname(root), { recursive: true, mode: DIR_MODE });

  try {
    await mkdir(root, { mode: DIR_MODE });
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') throw err;
    throw new Error(
      `The secret file folder ${root} already exists; an earlier step may have left secret ` +
        'files there. Remove it, or let the post step of that earlier run clean it up.',
      { cause: err },
    );
  }
}

/** `wx` refuses an existing file (or a planted symlink); chmod undoes any umask before writing. */
async function writePrivateFile(path: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(path, 'wx', FILE_MODE);

  try {
    await handle.chmod(FILE_MODE);
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

async function rollback(root: string, cause: unknown): Promise<void> {
  try {
    await rm(root, { recursive: true, force: true });
  } catch (rmError) {
    throw new AggregateError(
      [cause, rmError],
      `Writing the secret files failed, and removing ${root} failed too: delete it by hand.`,
    );
  }
}

async function unlinkAll(
  files: string[],
): Promise<{ removed: number; missing: number; failures: unknown[] }> {
  const result = { removed: 0, missing: 0, failures: [] as unknown[] };

  for (const file of files) {
    try {
      await unlink(resolve(file));
      result.removed++;
    } catch (err) {
      if (errorCode(err) === 'ENOENT') result.missing++;
      else result.failures.push(err);
    }
  }
  return result;
}

function checkedRoot(fileDir: string): string {
  const root = resolve(fileDir);
  if (!isAbsolute(fileDir) || root === parse(root).root) {
    throw new Error(`Refusing to clean up ${fileDir}: not an absolute folder below the root`);
  }
  return root;
}

/** A folder replaced by a symlink would lead the deletes somewhere else. */
async function refuseLinkedRoot(root: string): Promise<void> {
  try {
    const stats = await lstat(root);
    if (stats.isDirectory()) return;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return;
    throw err;
  }
  throw new Error(`Refusing to clean up ${root}: it is not a folder (a symlink?)`);
}

/** Only files directly inside the folder: no `..`, no subfolder that could be a symlink. */
function isDirectChild(root: string, file: string): boolean {
  const resolved = resolve(file);
  return resolved !== root && dirname(resolved) === root;
}

function refusal(files: string[], where: string): string {
  return `Refusing to delete ${files.length} path(s) ${where}: ${files.join(', ')}`;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}
