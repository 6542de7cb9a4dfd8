/** The shapes the secrets domain passes between its steps. */

/** Where a secret goes: a masked environment variable, a step output, or a 0600 file. */
export type Exposure = 'env' | 'output' | 'file';

export const EXPOSURES: readonly Exposure[] = ['env', 'output', 'file'];

/** How a secret's name becomes a variable name. */
export type NameTransform = 'uppercase' | 'lowercase' | 'none';

/** One line of the `secrets` input, parsed. */
export interface SecretRequest {
  /** 1-based line number in the input, for error messages. */
  line: number;
  /** `ALIAS=` in front of the id: the variable name to use instead of one derived. */
  alias?: string;
  /** A secret name or ARN; for a prefix, the text before the `*`. */
  id: string;
  /** `prefix/*`: every secret whose name starts with `id`. */
  prefix: boolean;
  /** Where this secret goes (`| env,file` after the id); the action's default when absent. */
  exposures: Exposure[];
}

/** A secret value as Secrets Manager returned it. */
export interface FetchedSecret {
  request: SecretRequest;
  name: string;
  arn: string;
  versionId: string;
  /** `SecretString`, or the bytes of `SecretBinary`. */
  value: string | Uint8Array;
}

export interface PlanOptions {
  transform: NameTransform;
  /** Expand a JSON object secret into one variable per leaf, nested keys joined with `_`. */
  parseJson: boolean;
  /** The folder the secret files go into (under the runner's temp dir). */
  fileDir: string;
}

/** One value leaving the action, with where it goes. */
export interface PlannedValue {
  /** The secret it came from. */
  secretName: string;
  versionId: string;
  /** JSON key path inside the secret, when expanded (`db.password`). */
  jsonPath?: string;
  /** Variable or output name. */
  name: string;
  exposure: Exposure;
  /** The text for an env var or output (base64 for a binary secret), or the file's bytes. */
  value: string | Uint8Array;
  /** For `file`: the absolute path; the variable `name` holds this path. */
  path?: string;
}

export interface ExportPlan {
  values: PlannedValue[];
  /** Every string the runner must mask before anything is written. */
  masks: string[];
}

/** What the main step leaves for the post step, through the runner's state. */
export interface CleanupState {
  fileDir?: string;
  files: string[];
  envNames: string[];
}
