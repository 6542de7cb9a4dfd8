/**
 * Putting a checked plan into effect, and undoing it in the post step. The cleanup state is saved
 * before the first file is written, so the post step can remove whatever a failure left.
 */
import type { Logger } from '../core/logger.js';
import type { RunnerIO } from '../platform/runner.js';
import { removeSecretFiles, writeSecretFiles } from './files.js';
import type { CleanupState, ExportPlan } from './types.js';

const STATE_KEY = 'cleanup';

export async function applyPlan(
  plan: ExportPlan,
  fileDir: string,
  extraEnvNames: string[],
  io: RunnerIO,
): Promise<CleanupState> {
  const files = plan.values.filter((v) => v.exposure === 'file').map((v) => v.path ?? '');
  const envNames = plan.values.filter((v) => v.exposure !== 'output').map((v) => v.name);
  const state: CleanupState = {
    fileDir: files.length > 0 ? fileDir : undefined,
    files,
    envNames: [...envNames, ...extraEnvNames],
  };
  io.saveState(STATE_KEY, JSON.stringify(state));

  if (files.length > 0) await writeSecretFiles(plan.values, fileDir);

  for (const v of plan.values) {
    if (v.exposure === 'output') io.setOutput(v.name, asText(v.value));
    else if (v.exposure === 'env') io.exportVariable(v.name, asText(v.value));
    else io.exportVariable(v.name, v.path ?? '');
  }
  return state;
}

function asText(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : Buffer.from(value).toString('base64');
}

/** The post step: delete the files and blank the variables the main step set. */
export async function cleanUp(io: RunnerIO, logger: Logger): Promise<void> {
  const raw = io.getState(STATE_KEY);
  if (!raw) {
    logger.info('Nothing to clean up: the main step exported nothing.');
    return;
  }

  const state = JSON.parse(raw) as CleanupState;
  for (const name of state.envNames) io.exportVariable(name, '');

  if (state.fileDir === undefined) {
    logger.info(`Cleared ${state.envNames.length} variable(s).`);
    return;
  }
  const { removed, missing } = await removeSecretFiles(state);
  logger.info(
    `Removed ${removed} secret file(s)` +
      (missing > 0 ? ` (${missing} already gone)` : '') +
      ` and cleared ${state.envNames.length} variable(s).`,
  );
}
