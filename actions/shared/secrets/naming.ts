/**
 * How a secret's name (and the keys of a JSON secret) become variable names.
 *
 * The rules follow the official Secrets Manager action so existing workflows keep their names:
 * characters outside `[A-Za-z0-9_]` become `_`, a leading digit gets a `_` in front, then the
 * case transform applies.
 */

import type { NameTransform, SecretRequest } from './types.js';

const NOT_NAME_CHAR = /[^A-Za-z0-9_]/gu;
const PREFIX_SEPARATORS = /^[/_-]+/;

/**
 * Turns any text into a valid variable name: `github-token` → `GITHUB_TOKEN`,
 * `1password` → `_1PASSWORD`. Each non-ASCII character (a whole code point) becomes one `_`.
 */
export function toVariableName(raw: string, transform: NameTransform): string {
  const sanitized = raw.replace(NOT_NAME_CHAR, '_');
  const safe = /^[0-9]/.test(sanitized) ? `_${sanitized}` : sanitized;
  return applyCase(safe, transform);
}

/**
 * Turns text that is appended after `_` to an existing name (a JSON key, the rest of a name
 * after its prefix) into name characters. No `_` is added before a leading digit: the result
 * never starts a name.
 */
export function toNamePart(raw: string, transform: NameTransform): string {
  return applyCase(raw.replace(NOT_NAME_CHAR, '_'), transform);
}

/**
 * The variable name of a fetched secret, before any JSON key is appended.
 *
 * - an alias on a single secret is used exactly as written;
 * - an alias on a prefix gives `ALIAS_` + the rest of the name after the prefix (leading `/`,
 *   `-`, `_` dropped), or the alias alone when nothing is left;
 * - otherwise the secret's name (never its ARN), transformed.
 */
export function baseName(
  request: SecretRequest,
  secretName: string,
  transform: NameTransform,
): string {
  if (request.alias === undefined) return toVariableName(secretName, transform);
  if (!request.prefix) return request.alias;

  const rest = secretName.startsWith(request.id) ? secretName.slice(request.id.length) : secretName;
  const remainder = rest.replace(PREFIX_SEPARATORS, '');
  return remainder === '' ? request.alias : `${request.alias}_${toNamePart(remainder, transform)}`;
}

function applyCase(name: string, transform: NameTransform): string {
  if (transform === 'uppercase') return name.toUpperCase();
  if (transform === 'lowercase') return name.toLowerCase();
  return name;
}
