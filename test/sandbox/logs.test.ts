import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Sandbox } from './index.js';
import { seedTaskManager, type TaskManagerSeed } from './task-manager.js';
import { assumeWithOidc, errorOf } from './test-helpers.js';

let sb: Sandbox;
let seed: TaskManagerSeed;
let ci: CloudWatchLogsClient;
let admin: CloudWatchLogsClient;

beforeAll(async () => {
  sb = await Sandbox.start();
  seed = seedTaskManager(sb);
  ci = new CloudWatchLogsClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    credentials: await assumeWithOidc(sb, seed.roleArn),
    maxAttempts: 1,
  });
  const keys = sb.iam.createUser('logs-admin', [
    { effect: 'Allow', actions: ['logs:*'], resources: ['*'] },
  ]);
  admin = new CloudWatchLogsClient({
    region: sb.region,
    endpoint: sb.awsEndpoint,
    credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  ci.destroy();
  admin.destroy();
  await sb.stop();
});

describe('CloudWatch Logs', () => {
  it('round-trips CreateLogStream and PutLogEvents with the CI role', async () => {
    await ci.send(
      new CreateLogStreamCommand({ logGroupName: seed.logGroup, logStreamName: 'run-4242' }),
    );
    const t = Date.now();
    const out = await ci.send(
      new PutLogEventsCommand({
        logGroupName: seed.logGroup,
        logStreamName: 'run-4242',
        logEvents: [
          { timestamp: t, message: 'fetched github-token' },
          { timestamp: t + 1, message: 'fetched ssh-slave-key' },
        ],
      }),
    );
    expect(out.nextSequenceToken).toMatch(/^\d{20}/);
    expect(out.rejectedLogEventsInfo).toBeUndefined();
    expect(sb.logs.events(seed.logGroup)).toEqual([
      { stream: 'run-4242', timestamp: t, message: 'fetched github-token' },
      { stream: 'run-4242', timestamp: t + 1, message: 'fetched ssh-slave-key' },
    ]);
    const recorded = sb.callsTo('logs', 'PutLogEvents').at(-1)!;
    expect(recorded.params).toEqual({
      logGroupName: seed.logGroup,
      logStreamName: 'run-4242',
      logEvents: 2,
    });
    expect(recorded.principal).toMatch(/assumed-role\/task-manager-ci\//);
  });

  it('enforces least privilege for the CI role', async () => {
    const err = await errorOf(
      ci.send(new DescribeLogStreamsCommand({ logGroupName: seed.logGroup })),
    );
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain('logs:DescribeLogStreams');
    const other = await errorOf(
      ci.send(new CreateLogStreamCommand({ logGroupName: '/other', logStreamName: 's' })),
    );
    expect(other.name).toBe('AccessDeniedException');
  });

  it('reports missing groups and streams, duplicates and unordered batches', async () => {
    const noGroup = await errorOf(
      admin.send(new CreateLogStreamCommand({ logGroupName: '/missing', logStreamName: 's' })),
    );
    expect(noGroup.name).toBe('ResourceNotFoundException');
    expect(noGroup.message).toBe('The specified log group does not exist.');

    await admin.send(new CreateLogGroupCommand({ logGroupName: '/app' }));
    await admin.send(new CreateLogStreamCommand({ logGroupName: '/app', logStreamName: 's' }));
    const dup = await errorOf(
      admin.send(new CreateLogStreamCommand({ logGroupName: '/app', logStreamName: 's' })),
    );
    expect(dup.name).toBe('ResourceAlreadyExistsException');

    const noStream = await errorOf(
      admin.send(
        new PutLogEventsCommand({
          logGroupName: '/app',
          logStreamName: 'nope',
          logEvents: [{ timestamp: Date.now(), message: 'x' }],
        }),
      ),
    );
    expect(noStream.name).toBe('ResourceNotFoundException');
    expect(noStream.message).toBe('The specified log stream does not exist.');

    const t = Date.now();
    const unordered = await errorOf(
      admin.send(
        new PutLogEventsCommand({
          logGroupName: '/app',
          logStreamName: 's',
          logEvents: [
            { timestamp: t, message: 'b' },
            { timestamp: t - 1000, message: 'a' },
          ],
        }),
      ),
    );
    expect(unordered.name).toBe('InvalidParameterException');
    expect(unordered.message).toBe(
      'Log events in a single PutLogEvents request must be in chronological order.',
    );

    const partly = await admin.send(
      new PutLogEventsCommand({
        logGroupName: '/app',
        logStreamName: 's',
        logEvents: [
          { timestamp: t, message: 'ok' },
          { timestamp: t + 3 * 3600 * 1000, message: 'future' },
        ],
      }),
    );
    expect(partly.rejectedLogEventsInfo).toEqual({ tooNewLogEventStartIndex: 1 });
    expect(sb.logs.events('/app').map((e) => e.message)).toEqual(['ok']);

    const streams = await admin.send(new DescribeLogStreamsCommand({ logGroupName: '/app' }));
    expect(streams.logStreams?.[0]).toMatchObject({
      logStreamName: 's',
      firstEventTimestamp: t,
      lastEventTimestamp: t,
    });
  });
});
