/**
 * Typed reading of action inputs. Each reader names the input in its error and says what values
 * it takes, so a bad input fails at once, before anything leaves the machine.
 */
import { inputError } from '../core/errors.js';

/** Returns the raw value of an input, '' when it is not set. */
export type InputSource = (name: string) => string;

/** Reads inputs the way the runner passes them: `INPUT_<NAME>` with spaces as underscores. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

export class Inputs {
  constructor(private readonly source: InputSource = envInputSource()) {}

  /** A string input; `undefined` when empty and not required. */
  optional(name: string): string | undefined {
    const value = this.source(name);
    return value === '' ? undefined : value;
  }

  required(name: string, hint: string): string {
    const value = this.source(name);
    if (value === '') throw inputError(name, 'is required', hint);
    return value;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    throw inputError(name, `must be true or false, not "${value}"`, 'Set it to true or false.');
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const parsed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(parsed) || parsed < range.min || parsed > range.max) {
      throw inputError(
        name,
        `must be a whole number from ${range.min} to ${range.max}, not "${value}"`,
        'Fix the value in the workflow.',
      );
    }
    return parsed;
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const match = allowed.find((a) => a === value.toLowerCase());
    if (match === undefined) {
      throw inputError(
        name,
        `must be one of ${allowed.join(', ')}, not "${value}"`,
        'Pick one of the allowed values.',
      );
    }
    return match;
  }

  /** A list given one item a line or separated by commas; blank items and `#` lines dropped. */
  list(name: string): string[] {
    return this.source(name)
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter((item) => item !== '' && !item.startsWith('#'));
  }

  /** The raw multi-line text of an input (for inputs with their own syntax). */
  text(name: string): string {
    return this.source(name);
  }
}
