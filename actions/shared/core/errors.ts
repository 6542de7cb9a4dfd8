/**
 * The two kinds of failure every action reports.
 *
 * A `UserError` is something the person who wrote the workflow can fix: a bad input, a missing
 * permission, a trust policy that does not match. Its message says what to change. Anything else
 * thrown is a failure of a system we talk to (or a bug), reported with the details that help
 * whoever has to look at it.
 */

export type UserErrorKind = 'input' | 'permission' | 'trust' | 'configuration' | 'not-found';

export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    message: string,
    readonly kind: UserErrorKind = 'input',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Convenience for the most common case: an input whose value cannot be used. */
export function inputError(input: string, problem: string, fix: string): UserError {
  return new UserError(`Input '${input}' ${problem}. ${fix}`, 'input');
}

/** A failure of an external service, carrying what identifies it in one readable line. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    message: string,
    readonly details: { service: string; operation?: string; code?: string; status?: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Fields the AWS SDK v3 (and smithy) put on the errors it throws. */
interface AwsLikeError {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** The AWS error code of an SDK error (`AccessDenied`, `ResourceNotFoundException`...). */
export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as AwsLikeError;
  return e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code;
}

/** The HTTP status behind an SDK error, when there was a response. */
export function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  return (err as AwsLikeError).$metadata?.httpStatusCode;
}

/** One line describing any thrown value, for a log or a `setFailed`. */
export function describeError(err: unknown): string {
  if (err instanceof UserError) return err.message;
  if (err instanceof ServiceError) {
    const { service, operation, code, status } = err.details;
    const where = operation ? `${service} ${operation}` : service;
    const what = [code, status === undefined ? undefined : `HTTP ${status}`].filter(Boolean);
    return `${where} failed${what.length ? ` (${what.join(', ')})` : ''}: ${firstLine(err.message)}`;
  }
  if (err instanceof Error) {
    const code = awsErrorCode(err);
    const status = httpStatus(err);
    const tags = [code && code !== err.message ? code : undefined, status ? `HTTP ${status}` : ''];
    const suffix = tags.filter(Boolean).join(', ');
    return `${firstLine(err.message) || err.name}${suffix ? ` (${suffix})` : ''}`;
  }
  return String(err);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0]?.trim() ?? '';
}
