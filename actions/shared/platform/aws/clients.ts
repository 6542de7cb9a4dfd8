/**
 * What every AWS SDK client of the suite is built with: the region, the session's credentials,
 * timeouts, the runner's proxy, and our own retries (the SDK's are turned off so one policy,
 * with jitter and a deadline, governs every call).
 *
 * Endpoint overrides need nothing here: the SDK reads `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_<SERVICE>` itself.
 */
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@smithy/types';
import { HttpsProxyAgent } from 'https-proxy-agent';

import {
  awsErrorCode,
  describeError,
  httpStatus,
  ServiceError,
  UserError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from '../../core/retry.js';
import { isTransientAwsError } from './errors.js';

export interface AwsContext {
  region: string;
  credentials: AwsCredentialIdentity;
  logger: Logger;
  retry?: RetryPolicy;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

export interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentity;
  maxAttempts: number;
  requestHandler: NodeHttpHandler;
  customUserAgent: string;
}

const DEFAULT_TIMEOUTS = { connectMs: 5_000, requestMs: 30_000 };

/**
 * Client settings for one service. `endpointPrefix` is the service's host prefix
 * (`secretsmanager`, `sts`, `logs`) and `envName` its `AWS_ENDPOINT_URL_<NAME>` suffix.
 */
export function clientConfig(
  ctx: Pick<AwsContext, 'region' | 'credentials' | 'env'>,
  service: { endpointPrefix: string; envName: string },
  timeouts: { connectMs: number; requestMs: number } = DEFAULT_TIMEOUTS,
): ClientConfig {
  const env = ctx.env ?? process.env;
  const endpoint =
    env[`AWS_ENDPOINT_URL_${service.envName}`] ??
    env.AWS_ENDPOINT_URL ??
    `https://${service.endpointPrefix}.${ctx.region}.amazonaws.com`;

  return {
    region: ctx.region,
    credentials: ctx.credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: timeouts.connectMs,
      requestTimeout: timeouts.requestMs,
      // Without this the handler only logs a stalled request and waits on it for ever.
      throwOnRequestTimeout: true,
      httpsAgent: proxyAgent(endpoint),
    }),
    customUserAgent: 'secure-delivery-suite',
  };
}

/** An agent through the runner's HTTPS proxy, unless `no_proxy` exempts the endpoint. */
export function proxyAgent(endpoint: string): HttpsProxyAgent<string> | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UserError(
      `The AWS endpoint override "${endpoint}" is not a URL. Fix AWS_ENDPOINT_URL or unset it.`,
      'configuration',
    );
  }
  if (url.protocol !== 'https:') return undefined;
  const proxy = getProxyUrl(url);
  return proxy ? new HttpsProxyAgent(proxy.href, { keepAlive: true }) : undefined;
}

/**
 * Runs one AWS call with the suite's retry policy. Throttling, 5xx and broken connections are
 * retried with jittered backoff; everything else is thrown at once for the caller to explain.
 */
export async function callAws<T>(
  ctx: Pick<AwsContext, 'logger' | 'retry' | 'sleep'>,
  what: { service: string; operation: string },
  call: () => Promise<T>,
): Promise<T> {
  return withRetry(() => call(), ctx.retry ?? DEFAULT_RETRY_POLICY, {
    isRetryable: isTransientAwsError,
    sleep: ctx.sleep,
    onRetry: (err, attempt, delay) => {
      ctx.logger.debug(
        `${what.service} ${what.operation} attempt ${attempt} failed (${describeError(err)}); ` +
          `retrying in ${delay} ms`,
      );
    },
  });
}

/** Wraps an error that no explanation fits into a ServiceError naming the call. */
export function serviceFailure(
  what: { service: string; operation: string },
  err: unknown,
): ServiceError {
  const message = err instanceof Error ? err.message : String(err);
  return new ServiceError(
    message,
    { ...what, code: awsErrorCode(err), status: httpStatus(err) },
    { cause: err },
  );
}
