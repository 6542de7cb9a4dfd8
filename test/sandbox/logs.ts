/**
 * CloudWatch Logs (JSON 1.1, target prefix `Logs_20140328`, signing name `logs`):
 * CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogStreams. Actions `logs:<Op>` on
 * `arn:aws:logs:<region>:<acct>:log-group:<name>:*`.
 */
import { randomBytes } from 'node:crypto';

import {
  AwsError,
  jsonRpcService,
  optInt,
  optString,
  reqString,
  type AwsEnv,
} from './aws-protocol.js';
import type { ServiceModule } from './server.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export interface StoredLogEvent {
  stream: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
}

interface LogStream {
  name: string;
  created: number;
  events: StoredLogEvent[];
  sequence: number;
  lastIngestion?: number;
}

interface LogGroup {
  name: string;
  created: number;
  streams: Map<string, LogStream>;
}

/** Public face (see index.ts). */
export interface LogsStore {
  createGroup(name: string): void;
  events(group: string): { stream: string; timestamp: number; message: string }[];
}

export class LogsStoreImpl implements LogsStore {
  private readonly groups = new Map<string, LogGroup>();

  constructor(private readonly now: () => number = Date.now) {}

  createGroup(name: string): void {
    if (!this.groups.has(name)) {
      this.groups.set(name, { name, created: this.now(), streams: new Map() });
    }
  }

  group(name: string): LogGroup | undefined {
    return this.groups.get(name);
  }

  events(group: string): { stream: string; timestamp: number; message: string }[] {
    const g = this.groups.get(group);
    if (!g) return [];
    return [...g.streams.values()]
      .flatMap((s) => s.events)
      .map(({ stream, timestamp, message }, order) => ({ stream, timestamp, message, order }))
      .sort((a, b) => a.timestamp - b.timestamp || a.order - b.order)
      .map(({ stream, timestamp, message }) => ({ stream, timestamp, message }));
  }
}

const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message);

export function logsService(env: AwsEnv, store: LogsStoreImpl): ServiceModule<'logs'> {
  const groupArn = (name: string): string =>
    `arn:aws:logs:${env.region}:${env.accountId}:log-group:${name}:*`;
  const groupNotFound = (): AwsError =>
    new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');

  return jsonRpcService({
    service: 'logs',
    targetPrefix: 'Logs_20140328',
    signingName: 'logs',
    env,
    serverError: {
      code: 'ServiceUnavailableException',
      status: 503,
      message: 'The service cannot complete the request.',
    },
    describe: (operation, input) =>
      operation === 'PutLogEvents'
        ? {
            logGroupName: input.logGroupName,
            logStreamName: input.logStreamName,
            logEvents: Array.isArray(input.logEvents) ? input.logEvents.length : 0,
          }
        : input,
    operations: {
      CreateLogGroup(call) {
        const name = reqString(call.input, 'logGroupName', invalidParameter);
        call.require('logs:CreateLogGroup', groupArn(name));
        if (store.group(name)) {
          throw new AwsError(
            'ResourceAlreadyExistsException',
            'The specified log group already exists',
          );
        }
        store.createGroup(name);
        return {};
      },

      CreateLogStream(call) {
        const groupName = reqString(call.input, 'logGroupName', invalidParameter);
        const streamName = reqString(call.input, 'logStreamName', invalidParameter);
        call.require('logs:CreateLogStream', groupArn(groupName));
        if (!/^[^:*]{1,512}$/.test(streamName)) {
          throw invalidParameter(
            `1 validation error detected: Value '${streamName}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
          );
        }
        const group = store.group(groupName);
        if (!group) throw groupNotFound();
        if (group.streams.has(streamName)) {
          throw new AwsError(
            'ResourceAlreadyExistsException',
            'The specified log stream already exists',
          );
        }
        group.streams.set(streamName, {
          name: streamName,
          created: env.now(),
          events: [],
          sequence: 0,
        });
        return {};
      },

      PutLogEvents(call) {
        const groupName = reqString(call.input, 'logGroupName', invalidParameter);
        const streamName = reqString(call.input, 'logStreamName', invalidParameter);
        call.require('logs:PutLogEvents', groupArn(groupName));
        const raw = call.input.logEvents;
        if (!Array.isArray(raw) || raw.length < 1 || raw.length > 10000) {
          throw invalidParameter(
            `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length ${Array.isArray(raw) && raw.length > 10000 ? 'less than or equal to 10000' : 'greater than or equal to 1'}`,
          );
        }
        const events = raw.map((e: unknown, i) => {
          const ev = (e ?? {}) as { timestamp?: unknown; message?: unknown };
          if (typeof ev.timestamp !== 'number' || typeof ev.message !== 'string') {
            throw invalidParameter(`logEvents.${i + 1} needs a numeric timestamp and a message`);
          }
          if (ev.message.length < 1) {
            throw invalidParameter(
              `1 validation error detected: Value '' at 'logEvents.${i + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`,
            );
          }
          return { timestamp: ev.timestamp, message: ev.message };
        });
        for (let i = 1; i < events.length; i++) {
          if (events[i]!.timestamp < events[i - 1]!.timestamp) {
            throw invalidParameter(
              'Log events in a single PutLogEvents request must be in chronological order.',
            );
          }
        }
        if (events[events.length - 1]!.timestamp - events[0]!.timestamp > DAY_MS) {
          throw invalidParameter(
            'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
          );
        }
        const group = store.group(groupName);
        if (!group) throw groupNotFound();
        const stream = group.streams.get(streamName);
        if (!stream) {
          throw new AwsError(
            'ResourceNotFoundException',
            'The specified log stream does not exist.',
          );
        }
        const now = env.now();
        let tooOldEnd: number | undefined;
        let tooNewStart: number | undefined;
        events.forEach((event, i) => {
          if (event.timestamp < now - 14 * DAY_MS) tooOldEnd = i + 1;
          else if (event.timestamp > now + 2 * HOUR_MS) tooNewStart ??= i;
          else {
            stream.events.push({ stream: streamName, ...event, ingestionTime: now });
          }
        });
        stream.sequence += 1;
        stream.lastIngestion = now;
        return {
          nextSequenceToken: `${String(stream.sequence).padStart(20, '0')}${randomBytes(8).toString('hex')}`,
          ...(tooOldEnd === undefined && tooNewStart === undefined
            ? {}
            : {
                rejectedLogEventsInfo: {
                  ...(tooOldEnd === undefined ? {} : { tooOldLogEventEndIndex: tooOldEnd }),
                  ...(tooNewStart === undefined ? {} : { tooNewLogEventStartIndex: tooNewStart }),
                },
              }),
        };
      },

      DescribeLogStreams(call) {
        const groupName =
          optString(call.input, 'logGroupName', invalidParameter) ??
          optString(call.input, 'logGroupIdentifier', invalidParameter);
        if (groupName === undefined) {
          throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
        }
        call.require('logs:DescribeLogStreams', groupArn(groupName));
        const prefix = optString(call.input, 'logStreamNamePrefix', invalidParameter) ?? '';
        const limit = optInt(call.input, 'limit', invalidParameter) ?? 50;
        const group = store.group(groupName);
        if (!group) throw groupNotFound();
        const streams = [...group.streams.values()]
          .filter((s) => s.name.startsWith(prefix))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .slice(0, limit);
        return {
          logStreams: streams.map((s) => ({
            logStreamName: s.name,
            creationTime: s.created,
            ...(s.events.length > 0
              ? {
                  firstEventTimestamp: Math.min(...s.events.map((e) => e.timestamp)),
                  lastEventTimestamp: Math.max(...s.events.map((e) => e.timestamp)),
                }
              : {}),
            ...(s.lastIngestion === undefined ? {} : { lastIngestionTime: s.lastIngestion }),
            arn: `arn:aws:logs:${env.region}:${env.accountId}:log-group:${groupName}:log-stream:${s.name}`,
            storedBytes: 0,
          })),
        };
      },
    },
  });
}
