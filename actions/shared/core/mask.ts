/**
 * Turning a secret into every string the runner must hide.
 *
 * The runner masks what it is told line by line: a multi-line value registered whole leaves its
 * lines printable, so each line is registered on its own. The JSON-escaped form of a value (what
 * `JSON.stringify` or an SDK error message would print) is a different string with its own mask.
 */

/** Lines that carry no secret (a brace on its own in pretty-printed JSON). Masking them would
 * star out every brace in the log and hide nothing. */
const STRUCTURAL_ONLY = /^[\s{}[\](),:;"']*$/;

export function maskForms(value: string): string[] {
  const forms = new Set<string>();
  const add = (text: string): void => {
    for (const line of text.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (STRUCTURAL_ONLY.test(trimmed)) continue;
      forms.add(line.replace(/\r$/, ''));
      if (trimmed !== line) forms.add(trimmed);
    }
  };

  add(value);
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) add(escaped);
  return [...forms];
}

/** Where masks go: `core.setSecret` on a runner, an array in tests. */
export type MaskSink = (value: string) => void;

/** Registers every form of each value with the sink, before the caller can print any of them. */
export function maskSecrets(values: Iterable<string>, sink: MaskSink): void {
  for (const value of values) {
    for (const form of maskForms(value)) sink(form);
  }
}
