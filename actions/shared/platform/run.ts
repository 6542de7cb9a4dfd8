/**
 * The one wrapper every entry point runs through. Whatever is thrown ends as exactly one
 * `setFailed`; a user's mistake reads as what to fix, a failure of a system as what failed.
 */
import * as core from '@actions/core';

import { describeError, UserError } from '../core/errors.js';

export interface RunOptions {
  /** Shown in front of a system failure, e.g. "fetch-secrets". */
  action: string;
  /** A post step never fails the job over cleanup it could not do; it warns instead. */
  post?: boolean;
}

export async function runAction(options: RunOptions, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    report(options, err);
  }
}

function report(options: RunOptions, err: unknown): void {
  if (!(err instanceof UserError) && err instanceof Error && err.stack) core.debug(err.stack);

  const message = failureMessage(options, err);
  if (options.post) {
    core.warning(message);
    return;
  }
  core.setFailed(message);
}

export function failureMessage(options: RunOptions, err: unknown): string {
  if (err instanceof UserError) return err.message;
  return (
    `${options.action} failed: ${describeError(err)}. This is not a problem with the ` +
    "workflow's inputs; re-run the job, and if it fails again, run it with debug logging " +
    '(ACTIONS_STEP_DEBUG) for the details.'
  );
}
