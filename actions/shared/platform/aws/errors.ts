/** Telling AWS failures apart: worth another try, or final. */
import { awsErrorCode, httpStatus } from '../../core/errors.js';
import { isTransientNetworkError } from '../../core/retry.js';

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'LimitExceededException',
]);

const SERVER_CODES = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  // STS could not reach the identity provider to check a web identity token; AWS says retry.
  'IDPCommunicationError',
]);

export function isThrottling(err: unknown): boolean {
  const code = awsErrorCode(err);
  return (code !== undefined && THROTTLING_CODES.has(code)) || httpStatus(err) === 429;
}

/** Throttling, a 5xx, or a connection that broke: the same call may succeed later. */
export function isTransientAwsError(err: unknown): boolean {
  if (isThrottling(err)) return true;
  const code = awsErrorCode(err);
  if (code !== undefined && SERVER_CODES.has(code)) return true;
  const status = httpStatus(err);
  if (status !== undefined && status >= 500) return true;
  return isTransientNetworkError(err);
}

export function isAccessDenied(err: unknown): boolean {
  const code = awsErrorCode(err);
  return code === 'AccessDenied' || code === 'AccessDeniedException' || httpStatus(err) === 403;
}
