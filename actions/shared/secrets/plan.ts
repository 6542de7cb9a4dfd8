/**
 * The export plan: every value that will leave the action, where it goes, and what to mask.
 *
 * The plan is all or nothing. Every name conflict is found before anything is returned, so the
 * action never exports half of the secrets and then fails on the rest.
 */

import { join } from 'node:path';

import { UserError } from '../core/errors.js';
import { maskForms } from '../core/mask.js';
import { baseName, toNamePart } from './naming.js';
import type { ExportPlan, FetchedSecret, PlanOptions, PlannedValue } from './types.js';

/** Env var names that change how the runner or later steps behave (compared upper-cased). */
const HIJACKING_NAMES = new Set([
  'PATH',
  'NODE_OPTIONS',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'BASH_ENV',
  'ENV',
  'HOME',
  'SHELL',
  'NODE_EXTRA_CA_CERTS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
]);
const RESERVED_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_'];

/** JSON leaves that say nothing secret; masking them would star out every `true` in the log. */
const UNMASKED_LITERALS = new Set(['true', 'false', 'null']);

const RENAME_HINT = 'rename it with an alias (ALIAS=secret-id)';

/** One value taken out of a secret: the whole secret, or one leaf of its JSON object. */
interface Leaf {
  /** Key path inside the JSON object; empty for the whole secret. */
  keys: string[];
  /** What an env var or output gets: the string, a leaf's text, or base64 of binary. */
  text: string;
  /** What a file gets: the exact string or bytes. */
  content: string | Uint8Array;
}

/** A planned value with the input line of the request it came from, for error messages. */
interface Sourced {
  value: PlannedValue;
  line: number;
}

/**
 * Plans every export of the fetched secrets: env vars, outputs and files, with their names.
 *
 * Throws one `UserError` (kind `input`) listing every name that collides, is reserved, or is
 * already set in `existingEnv`. Error messages name secrets, keys and variables, never values.
 */
export function planExports(
  secrets: FetchedSecret[],
  options: PlanOptions,
  existingEnv: Record<string, string | undefined>,
  reservedOutputs: string[],
): ExportPlan {
  const masks = new Set<string>();
  const planned: Sourced[] = [];

  for (const secret of secrets) {
    const leaves = leavesOf(secret.value, options.parseJson);
    addMasks(masks, secret.value, leaves);
    const base = baseName(secret.request, secret.name, options.transform);
    for (const leaf of leaves) planned.push(...plannedValues(secret, leaf, base, options));
  }

  const problems = [
    ...envProblems(planned, existingEnv),
    ...outputProblems(planned, reservedOutputs),
    ...fileProblems(planned),
  ];
  if (problems.length > 0) throw planError(problems);
  return { values: planned.map((entry) => entry.value), masks: [...masks] };
}

function leavesOf(value: string | Uint8Array, parseJson: boolean): Leaf[] {
  if (typeof value !== 'string') {
    return [{ keys: [], text: Buffer.from(value).toString('base64'), content: value }];
  }

  const object = parseJson ? parseJsonObject(value) : undefined;
  if (object === undefined) return [{ keys: [], text: value, content: value }];
  return flatten(object, []);
}

function flatten(entries: JsonEntry[], keys: string[]): Leaf[] {
  return entries.flatMap(([key, node]) => {
    if (node.kind === 'object') return flatten(node.entries, [...keys, key]);
    const text = node.kind === 'string' ? node.value : compactJson(node);
    return [{ keys: [...keys, key], text, content: text }];
  });
}

function addMasks(masks: Set<string>, raw: string | Uint8Array, leaves: Leaf[]): void {
  const whole = typeof raw === 'string' ? raw : Buffer.from(raw).toString('base64');
  for (const form of maskForms(whole)) masks.add(form);

  for (const leaf of leaves) {
    if (leaf.keys.length > 0 && UNMASKED_LITERALS.has(leaf.text)) continue;
    for (const form of maskForms(leaf.text)) masks.add(form);
  }
}

function plannedValues(
  secret: FetchedSecret,
  leaf: Leaf,
  base: string,
  options: PlanOptions,
): Sourced[] {
  const name = [base, ...leaf.keys.map((key) => toNamePart(key, options.transform))].join('_');
  const source = { secretName: secret.name, versionId: secret.versionId };
  const common = leaf.keys.length > 0 ? { ...source, jsonPath: leaf.keys.join('.') } : source;

  return secret.request.exposures.map((exposure): Sourced => {
    const value: PlannedValue =
      exposure === 'file'
        ? {
            ...common,
            exposure,
            name: `${name}_FILE`,
            path: join(options.fileDir, name),
            value: leaf.content,
          }
        : { ...common, exposure, name, value: leaf.text };
    return { value, line: secret.request.line };
  });
}

// ---------------------------------------------------------------------------------------------
// Name checks

/** Env var names: exact (Linux is case-sensitive); NAME_FILE of a file counts as an env var. */
function envProblems(
  planned: Sourced[],
  existingEnv: Record<string, string | undefined>,
): string[] {
  const envs = planned.filter((entry) => entry.value.exposure !== 'output');
  const problems: string[] = [];

  for (const [name, group] of groupBy(envs, (entry) => entry.value.name)) {
    const from = describeAll(group);
    if (group.length > 1) problems.push(`env var ${name} would be set by ${from}`);
    if (isReservedEnv(name)) {
      problems.push(
        `env var ${name} (from ${from}) is reserved by the runner or would change how later ` +
          `steps run; ${RENAME_HINT}`,
      );
    } else if (existingEnv[name] !== undefined) {
      problems.push(`env var ${name} (from ${from}) is already set in this job; ${RENAME_HINT}`);
    }
  }
  return problems;
}

function isReservedEnv(name: string): boolean {
  const upper = name.toUpperCase();
  return HIJACKING_NAMES.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** Output names ignore case in GitHub expressions, so they are compared case-insensitively. */
function outputProblems(planned: Sourced[], reservedOutputs: string[]): string[] {
  const outputs = planned.filter((entry) => entry.value.exposure === 'output');
  const reserved = new Set(reservedOutputs.map((name) => name.toLowerCase()));
  const problems: string[] = [];

  for (const [lower, group] of groupBy(outputs, (entry) => entry.value.name.toLowerCase())) {
    const names = [...new Set(group.map((entry) => entry.value.name))].join(' and ');
    const from = describeAll(group);
    if (group.length > 1) {
      problems.push(`output ${names} would be set by ${from} (output names ignore case)`);
    }
    if (reserved.has(lower)) {
      problems.push(`output ${names} (from ${from}) is an output of this action; ${RENAME_HINT}`);
    }
  }
  return problems;
}

/** File names are compared case-insensitively: macOS and Windows runners ignore case. */
function fileProblems(planned: Sourced[]): string[] {
  const files = planned.filter((entry) => entry.value.exposure === 'file');
  const problems: string[] = [];

  for (const group of groupBy(files, (entry) => (entry.value.path ?? '').toLowerCase()).values()) {
    if (group.length < 2) continue;
    const names = [...new Set(group.map((entry) => entry.value.name.slice(0, -'_FILE'.length)))];
    problems.push(`file ${names.join(' and ')} would be written by ${describeAll(group)}`);
  }
  return problems;
}

function groupBy(entries: Sourced[], key: (entry: Sourced) => string): Map<string, Sourced[]> {
  const groups = new Map<string, Sourced[]>();
  for (const entry of entries) {
    const k = key(entry);
    groups.set(k, [...(groups.get(k) ?? []), entry]);
  }
  return groups;
}

/** `secret 'prod/db' key 'db.password' (line 3)`: names and places only, never a value. */
function describeAll(group: Sourced[]): string {
  const sources = group.map(({ value, line }) => {
    const key = value.jsonPath === undefined ? '' : ` key '${value.jsonPath}'`;
    const role = value.exposure === 'file' ? ', the path of its file' : '';
    return `secret '${value.secretName}'${key} (line ${line}${role})`;
  });
  return [...new Set(sources)].join(' and ');
}

function planError(problems: string[]): UserError {
  const count = problems.length === 1 ? 'a name' : `${problems.length} names`;
  return new UserError(
    `Input 'secrets' would export ${count} that cannot be used:\n` +
      problems.map((problem) => `- ${problem}`).join('\n') +
      '\nGive each such secret its own name with an alias (ALIAS=secret-id), ' +
      'or change where it goes after | (env, output, file).',
    'input',
  );
}

// ---------------------------------------------------------------------------------------------
// JSON without loss
//
// JSON.parse rounds big numbers (an account id of 20 digits) and moves integer-like keys first.
// A secret must come out exactly as stored, so after JSON.parse has validated the text, this
// reader walks it again and keeps each number's source text and each object's key order.

type JsonNode =
  | { kind: 'object'; entries: JsonEntry[] }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'literal'; text: string };

type JsonEntry = [key: string, node: JsonNode];

interface Cursor {
  text: string;
  pos: number;
}

const WHITESPACE = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\]+|\\.)*"/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** The entries of a JSON object held in `text`, or undefined for anything else. */
function parseJsonObject(text: string): JsonEntry[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;

  const node = readValue({ text, pos: 0 });
  return node.kind === 'object' ? node.entries : undefined;
}

function readValue(cursor: Cursor): JsonNode {
  readToken(cursor, WHITESPACE);
  const char = cursor.text[cursor.pos];
  if (char === '{')
    return { kind: 'object', entries: lastValues(readList(cursor, '}', readEntry)) };
  if (char === '[') return { kind: 'array', items: readList(cursor, ']', readValue) };
  if (char === '"') return { kind: 'string', value: readString(cursor) };
  return { kind: 'literal', text: readToken(cursor, LITERAL) };
}

function readEntry(cursor: Cursor): JsonEntry {
  readToken(cursor, WHITESPACE);
  const key = readString(cursor);
  readToken(cursor, WHITESPACE);
  cursor.pos++; // ':'
  return [key, readValue(cursor)];
}

/** Reads the items of `[...]` or `{...}`, the cursor on the opening bracket. */
function readList<T>(cursor: Cursor, close: string, readItem: (cursor: Cursor) => T): T[] {
  const items: T[] = [];
  cursor.pos++;
  readToken(cursor, WHITESPACE);
  if (cursor.text[cursor.pos] === close) {
    cursor.pos++;
    return items;
  }

  for (let more = true; more;) {
    items.push(readItem(cursor));
    readToken(cursor, WHITESPACE);
    more = cursor.text[cursor.pos] !== close;
    cursor.pos++; // ',' or the closing bracket
  }
  return items;
}

/** A repeated key keeps its first place and its last value, as with JSON.parse. */
function lastValues(entries: JsonEntry[]): JsonEntry[] {
  return [...new Map(entries)];
}

function readString(cursor: Cursor): string {
  return JSON.parse(readToken(cursor, STRING)) as string;
}

function readToken(cursor: Cursor, pattern: RegExp): string {
  pattern.lastIndex = cursor.pos;
  const match = pattern.exec(cursor.text);
  if (match === null) throw new Error(`Unexpected JSON text at offset ${cursor.pos}`);
  cursor.pos = pattern.lastIndex;
  return match[0];
}

/** Compact JSON text of a node, numbers exactly as written in the secret. */
function compactJson(node: JsonNode): string {
  switch (node.kind) {
    case 'object': {
      const members = node.entries.map(
        ([key, value]) => `${JSON.stringify(key)}:${compactJson(value)}`,
      );
      return `{${members.join(',')}}`;
    }
    case 'array':
      return `[${node.items.map(compactJson).join(',')}]`;
    case 'string':
      return JSON.stringify(node.value);
    case 'literal':
      return node.text;
  }
}
