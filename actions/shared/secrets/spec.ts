/**
 * Parsing the `secrets` input: one secret a line, `[ALIAS=]ID[ | EXPOSURES]`.
 *
 * Every problem in the input is collected and reported in one error, each with its line number,
 * so a workflow author fixes the whole list in one go.
 */

import { UserError, inputError } from '../core/errors.js';
import { EXPOSURES, type Exposure, type SecretRequest } from './types.js';

const INPUT = 'secrets';
const SYNTAX_HINT =
  'Each line is [ALIAS=]name-or-arn[ | env,output,file]; a trailing * expands a prefix.';

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A character outside a secret name's set; `*` is reported on its own, as a prefix error. */
const NOT_NAME_CHAR = /[^A-Za-z0-9/_+=.@*-]/gu;
const NAME_MAX = 512;
const ALLOWED_CHARS = 'letters, digits and / _ + = . @ -';
const ARN_SHAPE = 'arn:<partition>:secretsmanager:<region>:<12-digit account>:secret:<name>';

interface Problem {
  line: number;
  message: string;
}

interface ParsedLine {
  request?: SecretRequest;
  problems: string[];
}

interface ParsedId {
  id: string;
  prefix: boolean;
  problems: string[];
}

/**
 * Parses the `secrets` input into one request per line.
 *
 * Blank lines and lines starting with `#` are skipped. Throws one `UserError` (kind `input`)
 * listing every problem found, each as `line N: ...`, or when the list holds no secret at all.
 */
export function parseSecretList(text: string, defaultExposures: Exposure[]): SecretRequest[] {
  const requests: SecretRequest[] = [];
  const problems: Problem[] = [];
  let entries = 0;

  text.split(/\r?\n/).forEach((raw, index) => {
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    entries++;
    const parsed = parseLine(content, index + 1, defaultExposures);
    problems.push(...parsed.problems.map((message) => ({ line: index + 1, message })));
    if (parsed.request) requests.push(parsed.request);
  });

  problems.push(...findDuplicates(requests));
  if (problems.length > 0) throw listError(problems);
  if (entries === 0) {
    throw inputError(INPUT, 'lists no secrets', `Add one secret a line. ${SYNTAX_HINT}`);
  }
  return requests;
}

function parseLine(content: string, line: number, defaults: Exposure[]): ParsedLine {
  const bar = content.indexOf('|');
  const target = (bar === -1 ? content : content.slice(0, bar)).trim();
  const exposureText = bar === -1 ? undefined : content.slice(bar + 1);

  const { alias, id, problems } = parseTarget(target);
  const exposures =
    exposureText === undefined ? [...defaults] : parseExposures(exposureText, problems);

  if (problems.length > 0) return { problems };
  const request: SecretRequest = { line, id: id.id, prefix: id.prefix, exposures };
  if (alias !== undefined) request.alias = alias;
  return { request, problems };
}

/** Splits `ALIAS=ID`; text before the first `=` that is no valid alias belongs to the ID. */
function parseTarget(target: string): { alias?: string; id: ParsedId; problems: string[] } {
  const eq = target.indexOf('=');
  const head = eq === -1 ? '' : target.slice(0, eq).trim();
  const rest = target.slice(eq + 1).trim();

  if (ALIAS.test(head)) {
    const id = parseId(rest);
    return { alias: head, id, problems: [...id.problems] };
  }

  const whole = parseId(target);
  const looksLikeAlias =
    head !== '' && whole.problems.length > 0 && parseId(rest).problems.length === 0;
  if (!looksLikeAlias) return { id: whole, problems: [...whole.problems] };
  const problem =
    `alias '${head}' is not valid: an alias is letters, digits and _, ` +
    'not starting with a digit (DB_PASSWORD=prod/db)';
  return { id: whole, problems: [problem] };
}

function parseId(raw: string): ParsedId {
  if (raw === '') {
    return { id: raw, prefix: false, problems: ['the secret name or ARN is missing'] };
  }
  if (raw.startsWith('arn:')) return { id: raw, prefix: false, problems: arnProblems(raw) };

  const stars = raw.split('*').length - 1;
  const prefix = stars > 0;
  const id = raw.endsWith('*') ? raw.slice(0, -1) : raw;
  const problems: string[] = [];

  if (stars > 1 || (prefix && !raw.endsWith('*'))) {
    problems.push(`'*' may appear once, as the last character of a prefix (prod/*), in '${raw}'`);
  }
  if (prefix && id === '') {
    problems.push("a prefix needs text before the '*' (prod/*)");
    return { id, prefix, problems };
  }
  problems.push(...nameProblems(id, prefix ? 'prefix' : 'secret name'));
  return { id, prefix, problems };
}

function nameProblems(name: string, what: string): string[] {
  const problems: string[] = [];
  const bad = new Set(name.match(NOT_NAME_CHAR));

  if (bad.size > 0) {
    const shown = [...bad].map((char) => JSON.stringify(char)).join(', ');
    problems.push(
      `${what} '${name}' contains characters not allowed in a secret name: ${shown} ` +
        `(allowed: ${ALLOWED_CHARS})`,
    );
  }
  if (name.length > NAME_MAX) {
    problems.push(`${what} is ${name.length} characters long; the most is ${NAME_MAX}`);
  }
  return problems;
}

function arnProblems(arn: string): string[] {
  if (arn.includes('*')) {
    const name = arn.split(':secret:')[1] ?? 'prod/*';
    return [`ARN '${arn}' ends in '*'; only a name can be a prefix: write ${name} instead`];
  }

  const parts = arn.split(':');
  const found = parts.length === 7 ? arnPartProblems(parts) : ['it does not have 7 parts'];
  if (found.length === 0) return [];
  return [`ARN '${arn}' is not a Secrets Manager ARN: ${found.join('; ')}. Expected ${ARN_SHAPE}`];
}

function arnPartProblems(parts: string[]): string[] {
  const [, partition = '', service = '', region = '', account = '', kind = '', name = ''] = parts;
  const problems: string[] = [];

  if (!/^aws(-[a-z]+)*$/.test(partition)) {
    problems.push(`partition '${partition}' is not aws, aws-cn, aws-us-gov...`);
  }
  if (service !== 'secretsmanager') problems.push(`service '${service}' is not secretsmanager`);
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) {
    problems.push(`region '${region}' is not a region such as us-east-1`);
  }
  if (!/^\d{12}$/.test(account)) problems.push(`account '${account}' is not 12 digits`);
  if (kind !== 'secret') problems.push(`resource type '${kind}' is not secret`);
  if (name === '') problems.push('the secret name after secret: is missing');
  else problems.push(...nameProblems(name, 'name'));
  return problems;
}

function parseExposures(text: string, problems: string[]): Exposure[] {
  if (text.includes('|')) {
    problems.push("there is more than one '|'; list the exposures once, after the first '|'");
    return [];
  }
  const items = text.split(',').map((item) => item.trim());
  if (items.every((item) => item === '')) {
    problems.push(`nothing follows '|': list ${EXPOSURES.join(', ')}, or remove the '|'`);
    return [];
  }

  const exposures: Exposure[] = [];
  for (const item of items) {
    const exposure = EXPOSURES.find((known) => known === item.toLowerCase());
    if (item === '') problems.push('an exposure is empty (two commas, or a comma at the end)');
    else if (exposure === undefined) {
      problems.push(`unknown exposure '${item}' (allowed: ${EXPOSURES.join(', ')})`);
    } else if (exposures.includes(exposure))
      problems.push(`exposure '${exposure}' is listed twice`);
    else exposures.push(exposure);
  }
  return exposures;
}

function findDuplicates(requests: SecretRequest[]): Problem[] {
  const ids = new Map<string, number>();
  const aliases = new Map<string, number>();
  const problems: Problem[] = [];

  for (const request of requests) {
    const id = request.prefix ? `${request.id}*` : request.id;
    const idLine = ids.get(id);
    if (idLine === undefined) ids.set(id, request.line);
    else
      problems.push({ line: request.line, message: `'${id}' is already listed on line ${idLine}` });

    if (request.alias === undefined) continue;
    const aliasLine = aliases.get(request.alias);
    if (aliasLine === undefined) aliases.set(request.alias, request.line);
    else {
      const message = `alias '${request.alias}' is already used on line ${aliasLine}`;
      problems.push({ line: request.line, message });
    }
  }
  return problems;
}

function listError(problems: Problem[]): UserError {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  const count = sorted.length === 1 ? 'has a problem' : `has ${sorted.length} problems`;
  const lines = sorted.map((problem) => `- line ${problem.line}: ${problem.message}`);
  return new UserError(`Input '${INPUT}' ${count}:\n${lines.join('\n')}\n${SYNTAX_HINT}`, 'input');
}
