/**
 * Principals, roles, access keys and a tiny identity-policy evaluator.
 *
 * Evaluation follows IAM's order for identity policies: an explicit Deny wins, otherwise an Allow
 * is needed, otherwise the request is implicitly denied. Action names match case-insensitively
 * (as in IAM); resources match case-sensitively. `*` matches any run of characters (including
 * `:` and `/`), `?` exactly one.
 */
import { randomBytes, randomInt } from 'node:crypto';

export interface PolicyStatement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

const patternCache = new Map<string, RegExp>();

/** IAM / StringLike wildcard match: `*` any run, `?` one character, everything else literal. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? 'i' : 's'}:${pattern}`;
  let re = patternCache.get(key);
  if (!re) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    patternCache.set(key, re);
  }
  return re.test(value);
}

export function evaluatePolicy(
  policy: readonly PolicyStatement[],
  action: string,
  resource: string,
): Decision {
  let allowed = false;
  for (const statement of policy) {
    const actionHit = statement.actions.some((a) => wildcardMatch(a, action, true));
    const resourceHit = statement.resources.some((r) => wildcardMatch(r, resource));
    if (!actionHit || !resourceHit) continue;
    if (statement.effect === 'Deny') return 'explicit-deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

/** The message AWS gives for a denied identity-policy check. */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string | undefined,
  decision: Exclude<Decision, 'allow'>,
): string {
  const on = resource === undefined || resource === '*' ? '' : ` on resource: ${resource}`;
  const why =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`;
  return `User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`;
}

export interface RoleTrust {
  /** Required `aud` for web identity; default 'sts.amazonaws.com'. */
  audience?: string;
  /** StringLike patterns on `sub` (`*`, `?`). */
  subjects: string[];
  /** ARNs (patterns) allowed to call sts:AssumeRole. A role session matches by its role ARN too. */
  principals?: string[];
}

export interface RoleSpec {
  name: string;
  trust: RoleTrust;
  maxSessionDuration?: number;
  policy: PolicyStatement[];
}

export interface RoleRecord {
  readonly name: string;
  readonly arn: string;
  /** AROA... */
  readonly roleId: string;
  readonly trust: RoleTrust;
  readonly maxSessionDuration: number;
  readonly policy: PolicyStatement[];
}

/** Keys the sandbox issued; looked up by the SigV4 verifier. */
export interface CredentialRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Present for temporary (ASIA) credentials. */
  readonly sessionToken?: string;
  /** Epoch ms; absent for long-lived keys. */
  expiresAt?: number;
  /** User ARN or assumed-role ARN. */
  readonly principalArn: string;
  /** What GetCallerIdentity returns as UserId (AIDA... or AROA...:session). */
  readonly userId: string;
  readonly policy: readonly PolicyStatement[];
  /** For role sessions: the role. */
  readonly roleArn?: string;
  readonly kind: 'user' | 'role-session';
}

export interface UserKeys {
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The public face used by tests and the seed (see index.ts). */
export interface Iam {
  createRole(spec: RoleSpec): string;
  createUser(name: string, policy: PolicyStatement[]): UserKeys;
  /** Makes already issued credentials expired (for tests of ExpiredToken). */
  expireCredentials(accessKeyId: string): void;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomString(length: number, alphabet = ALNUM): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

export class IamStore implements Iam {
  private readonly roles = new Map<string, RoleRecord>();
  private readonly keys = new Map<string, CredentialRecord>();

  constructor(
    readonly accountId: string,
    private readonly now: () => number = Date.now,
  ) {}

  createRole(spec: RoleSpec): string {
    if (!/^[\w+=,.@-]{1,64}$/.test(spec.name)) throw new Error(`bad role name ${spec.name}`);
    const maxSessionDuration = spec.maxSessionDuration ?? 3600;
    if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
      throw new Error('maxSessionDuration must be 3600..43200 (as in IAM)');
    }
    const arn = `arn:aws:iam::${this.accountId}:role/${spec.name}`;
    this.roles.set(arn, {
      name: spec.name,
      arn,
      roleId: `AROA${randomString(17, UPPER_ALNUM)}`,
      trust: { ...spec.trust, subjects: [...spec.trust.subjects] },
      maxSessionDuration,
      policy: spec.policy.map((s) => ({ ...s })),
    });
    return arn;
  }

  createUser(name: string, policy: PolicyStatement[]): UserKeys {
    const arn = `arn:aws:iam::${this.accountId}:user/${name}`;
    const record: CredentialRecord = {
      accessKeyId: `AKIA${randomString(16, UPPER_ALNUM)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      principalArn: arn,
      userId: `AIDA${randomString(17, UPPER_ALNUM)}`,
      policy: policy.map((s) => ({ ...s })),
      kind: 'user',
    };
    this.keys.set(record.accessKeyId, record);
    return { arn, accessKeyId: record.accessKeyId, secretAccessKey: record.secretAccessKey };
  }

  expireCredentials(accessKeyId: string): void {
    const record = this.keys.get(accessKeyId);
    if (!record) throw new Error(`no such access key ${accessKeyId}`);
    record.expiresAt = this.now() - 1000;
  }

  role(arn: string): RoleRecord | undefined {
    return this.roles.get(arn);
  }

  credential(accessKeyId: string): CredentialRecord | undefined {
    return this.keys.get(accessKeyId);
  }

  /** Temporary credentials for a role session; they carry the role's policy. */
  issueSession(role: RoleRecord, sessionName: string, durationSeconds: number): CredentialRecord {
    const record: CredentialRecord = {
      accessKeyId: `ASIA${randomString(16, UPPER_ALNUM)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(180).toString('base64')}`,
      expiresAt: this.now() + durationSeconds * 1000,
      principalArn: `arn:aws:sts::${this.accountId}:assumed-role/${role.name}/${sessionName}`,
      userId: `${role.roleId}:${sessionName}`,
      policy: role.policy,
      roleArn: role.arn,
      kind: 'role-session',
    };
    this.keys.set(record.accessKeyId, record);
    return record;
  }

  /** Identity-policy check for a caller. */
  authorize(caller: CredentialRecord, action: string, resource: string): Decision {
    return evaluatePolicy(caller.policy, action, resource);
  }
}
