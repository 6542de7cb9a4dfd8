/**
 * Runs a bundled action the way the GitHub runner does: a child process with `INPUT_*` variables
 * (defaults filled in from `action.yml`), the `GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STATE` and
 * `GITHUB_STEP_SUMMARY` files and `RUNNER_TEMP`; then the post step, with the state the main
 * step saved as `STATE_*` variables and the environment it exported.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'yaml';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface StepResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  commands: WorkflowCommand[];
  /** Variables written to GITHUB_ENV. */
  env: Record<string, string>;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  masks: string[];
  errors: string[];
  warnings: string[];
  durationMs: number;
}

export interface ActionRun {
  main: StepResult;
  post?: StepResult;
  runnerTemp: string;
}

export interface RunOptions {
  /** Folder under `actions/` holding `action.yml`. */
  action: string;
  inputs?: Record<string, string>;
  /** Extra environment for both steps (e.g. endpoints, OIDC variables). */
  env?: Record<string, string | undefined>;
  /** Node binary: `ACTION_NODE` (Node 24 in CI) or the current one. */
  node?: string;
  /** Run the post step too (when the action has one). Default true. */
  post?: boolean;
  timeoutMs?: number;
  /** Send SIGINT to the main step after this many ms, as the runner does on cancellation. */
  cancelAfterMs?: number;
  /** Called between the main and the post step, to look at what the main step left behind. */
  beforePost?: (main: StepResult) => void | Promise<void>;
}

interface ActionManifest {
  inputs?: Record<string, { default?: string }>;
  runs: { using: string; main: string; post?: string; 'post-if'?: string };
}

export function readManifest(action: string): ActionManifest {
  return parse(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as ActionManifest;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const manifest = readManifest(options.action);
  const actionDir = join(ROOT, 'actions', options.action);
  const runnerTemp = mkdtempSync(join(tmpdir(), 'runner-temp-'));
  const base = baseEnv(runnerTemp, manifest, options);

  const main = await runStep(resolve(actionDir, manifest.runs.main), base, options);
  if (options.post === false || !manifest.runs.post) return { main, runnerTemp };
  await options.beforePost?.(main);

  const stateEnv = Object.fromEntries(
    Object.entries(main.state).map(([k, v]) => [`STATE_${k}`, v]),
  );
  const post = await runStep(
    resolve(actionDir, manifest.runs.post),
    { ...base, ...main.env, ...stateEnv },
    { ...options, cancelAfterMs: undefined },
  );
  return { main, post, runnerTemp };
}

function baseEnv(
  runnerTemp: string,
  manifest: ActionManifest,
  options: RunOptions,
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'acme/task-manager',
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_WORKFLOW: 'deliver',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
  };
  for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
    const value = options.inputs?.[name] ?? spec.default;
    if (value !== undefined) env[inputVariable(name)] = value;
  }
  for (const [name, value] of Object.entries(options.inputs ?? {}))
    env[inputVariable(name)] = value;
  for (const [name, value] of Object.entries(options.env ?? {})) env[name] = value;
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

async function runStep(
  script: string,
  env: Record<string, string>,
  options: RunOptions,
): Promise<StepResult> {
  const dir = mkdtempSync(join(env.RUNNER_TEMP ?? tmpdir(), 'step-'));
  const files = {
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_PATH: join(dir, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');

  const started = Date.now();
  const { exitCode, signal, stdout, stderr } = await spawnNode(
    script,
    { ...env, ...files },
    options,
  );
  const commands = parseCommands(stdout);
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    commands,
    env: parseFileCommand(readFileSync(files.GITHUB_ENV, 'utf8')),
    outputs: parseFileCommand(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    state: parseFileCommand(readFileSync(files.GITHUB_STATE, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
    errors: commands.filter((c) => c.command === 'error').map((c) => c.message),
    warnings: commands.filter((c) => c.command === 'warning').map((c) => c.message),
    durationMs: Date.now() - started,
  };
}

function spawnNode(
  script: string,
  env: Record<string, string>,
  options: RunOptions,
): Promise<{
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}> {
  const node = options.node ?? process.env.ACTION_NODE ?? process.execPath;
  return new Promise((done, fail) => {
    const child = spawn(node, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));

    const kill = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const cancel =
      options.cancelAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGINT'), options.cancelAfterMs);
    child.on('error', fail);
    child.on('close', (exitCode, signal) => {
      clearTimeout(kill);
      if (cancel) clearTimeout(cancel);
      done({ exitCode, signal, stdout, stderr });
    });
  });
}

/** Parses `::command key=value,key=value::message` lines, undoing the toolkit's escaping. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::([\w-]+)(?: ([^:]*))?::(.*)$/.exec(line.replace(/\r$/, ''));
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3] ?? '') });
  }
  return commands;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** Parses a file command: `name<<DELIMITER` blocks and `name=value` lines. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i]!);
      values[name!] = body.join('\n');
      continue;
    }
    const at = line.indexOf('=');
    if (at > 0) values[line.slice(0, at)] = line.slice(at + 1);
  }
  return values;
}
