/**
 * The runner's side channels (masks, environment, outputs, state), behind an interface so shared
 * code states what it writes and tests can read it back.
 */
import * as core from '@actions/core';

export interface RunnerIO {
  mask(value: string): void;
  exportVariable(name: string, value: string): void;
  setOutput(name: string, value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Appends Markdown to the job summary. */
  summary(markdown: string): Promise<void>;
}

export const actionsRunner: RunnerIO = {
  mask: (value) => core.setSecret(value),
  exportVariable: (name, value) => core.exportVariable(name, value),
  setOutput: (name, value) => core.setOutput(name, value),
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
  summary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
};
