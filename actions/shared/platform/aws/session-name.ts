/**
 * The STS role session name, tying an AWS session to one GitHub run so CloudTrail shows which
 * run read what. STS allows 2..64 characters of `[\w+=,.@-]`.
 */

const INVALID = /[^\w+=,.@-]/g;
const MAX_LENGTH = 64;

export function roleSessionName(env: NodeJS.ProcessEnv): string {
  const runId = env.GITHUB_RUN_ID ?? 'local';
  const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
  const repository = (env.GITHUB_REPOSITORY ?? 'unknown').replace('/', '@');

  // The run id and attempt identify the run; the repository is cut first when space runs out.
  const head = `gha-${runId}-${attempt}-`.replace(INVALID, '_');
  const room = Math.max(0, MAX_LENGTH - head.length);
  return (head + repository.replace(INVALID, '_').slice(0, room)).slice(0, MAX_LENGTH);
}

export function isValidSessionName(name: string): boolean {
  return name.length >= 2 && name.length <= MAX_LENGTH && !new RegExp(INVALID.source).test(name);
}
