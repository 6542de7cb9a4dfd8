/**
 * Structured audit events in CloudWatch Logs: who ran what, in which run, touching which named
 * resources. Events never carry secret values; callers pass names and versions only.
 */
import { awsErrorCode } from '../core/errors.js';
import type { AwsSession } from './aws/credentials.js';
import { type AwsContext, callAws, clientConfig, serviceFailure } from './aws/clients.js';
import { UserError } from '../core/errors.js';

export interface AuditEvent {
  /** e.g. `secrets.read`. */
  event: string;
  outcome: 'success' | 'failure';
  [detail: string]: unknown;
}

export interface AuditTarget {
  logGroup: string;
  session: AwsSession;
}

const LOGS = { endpointPrefix: 'logs', envName: 'CLOUDWATCH_LOGS' };

/** Who and which run, from the runner's environment. */
export function runContext(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repo = env.GITHUB_REPOSITORY;
  return {
    repository: repo,
    runId: env.GITHUB_RUN_ID,
    runAttempt: env.GITHUB_RUN_ATTEMPT,
    workflow: env.GITHUB_WORKFLOW,
    job: env.GITHUB_JOB,
    actor: env.GITHUB_ACTOR,
    ref: env.GITHUB_REF,
    sha: env.GITHUB_SHA,
    runUrl:
      repo && env.GITHUB_RUN_ID ? `${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  };
}

/** One log stream per run attempt and job: `<owner>/<repo>/<run>/<attempt>/<job>`. */
export function auditStreamName(env: NodeJS.ProcessEnv): string {
  const parts = [
    env.GITHUB_REPOSITORY ?? 'local',
    env.GITHUB_RUN_ID ?? 'run',
    env.GITHUB_RUN_ATTEMPT ?? '1',
    env.GITHUB_JOB ?? 'job',
  ];
  // Stream names may not hold ':' or '*'.
  return parts.join('/').replace(/[:*]/g, '_').slice(0, 512);
}

export async function writeAudit(
  target: AuditTarget,
  events: AuditEvent[],
  ctx: Omit<AwsContext, 'region' | 'credentials'>,
): Promise<void> {
  const env = ctx.env ?? process.env;
  const logs = await import('@aws-sdk/client-cloudwatch-logs');
  const client = new logs.CloudWatchLogsClient(clientConfig({ ...target.session, env }, LOGS));
  const stream = auditStreamName(env);
  const context = { ...runContext(env), principal: target.session.principalArn };

  try {
    await createStream(client, logs, target.logGroup, stream, ctx);
    const now = Date.now();
    const logEvents = events.map((e) => ({
      timestamp: now,
      message: JSON.stringify({ ...context, ...e }),
    }));
    const what = { service: 'CloudWatch Logs', operation: 'PutLogEvents' };
    await callAws(ctx, what, () =>
      client.send(
        new logs.PutLogEventsCommand({
          logGroupName: target.logGroup,
          logStreamName: stream,
          logEvents,
        }),
      ),
    ).catch((err: unknown) => {
      throw explainLogsFailure(err, target.logGroup, what);
    });
  } finally {
    client.destroy();
  }
}

async function createStream(
  client: import('@aws-sdk/client-cloudwatch-logs').CloudWatchLogsClient,
  logs: typeof import('@aws-sdk/client-cloudwatch-logs'),
  group: string,
  stream: string,
  ctx: Omit<AwsContext, 'region' | 'credentials'>,
): Promise<void> {
  const what = { service: 'CloudWatch Logs', operation: 'CreateLogStream' };
  try {
    await callAws(ctx, what, () =>
      client.send(new logs.CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })),
    );
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceAlreadyExistsException') return;
    throw explainLogsFailure(err, group, what);
  }
}

function explainLogsFailure(
  err: unknown,
  group: string,
  what: { service: string; operation: string },
): Error {
  const code = awsErrorCode(err);
  if (code === 'ResourceNotFoundException') {
    return new UserError(
      `Input 'audit-log-group': the log group ${group} does not exist. Create it (with the ` +
        'retention your audit policy asks for), or leave the input empty.',
      'not-found',
      { cause: err },
    );
  }
  if (code === 'AccessDeniedException') {
    return new UserError(
      `The role may not write audit events to ${group}. Allow it logs:CreateLogStream and ` +
        `logs:PutLogEvents on arn:aws:logs:*:*:log-group:${group}:*.`,
      'permission',
      { cause: err },
    );
  }
  return serviceFailure(what, err);
}
