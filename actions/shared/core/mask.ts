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
  const add = (form: string): void => {
    if (!STRUCTURAL_ONLY.test(form.trim())) forms.add(form);
  };

  for (const raw of value.split(/\r?\n/)) {
    const line = raw.replace(/\r$/, '');
    add(line);
    add(line.trim());
    add(escapeJson(line));
    add(escapeJson(line.trim()));
  }
  // A multi-line value printed as a JSON string is one line with `\n` in it.
  if (/[\r\n]/.test(value)) add(escapeJson(value));
  return [...forms];
}

function escapeJson(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
