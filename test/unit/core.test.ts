import { describe, expect, it } from '@jest/globals';

import { chunk, mapLimit } from '../../actions/shared/core/concurrency.js';
import { describeError, ServiceError, UserError } from '../../actions/shared/core/errors.js';
import { maskForms } from '../../actions/shared/core/mask.js';
import { isTransientNetworkError, withRetry } from '../../actions/shared/core/retry.js';
import { markdownTable } from '../../actions/shared/core/summary.js';
import { decodeClaims, describeClaims } from '../../actions/shared/platform/aws/oidc-claims.js';
import { isTransientAwsError } from '../../actions/shared/platform/aws/errors.js';
import {
  isValidSessionName,
  roleSessionName,
} from '../../actions/shared/platform/aws/session-name.js';
import { auditStreamName } from '../../actions/shared/platform/audit.js';
import { failureMessage } from '../../actions/shared/platform/run.js';

describe('maskForms', () => {
  it('masks a multi-line value one line at a time, and its JSON-escaped form', () => {
    const value = '-----BEGIN KEY-----\nabc"def\n-----END KEY-----\n';

    const forms = maskForms(value);

    expect(forms).toEqual(
      expect.arrayContaining(['-----BEGIN KEY-----', 'abc"def', '-----END KEY-----', 'abc\\"def']),
    );
    expect(forms).toContain('-----BEGIN KEY-----\\nabc\\"def\\n-----END KEY-----\\n');
    expect(forms).not.toContain('');
  });

  it('skips lines that are only JSON punctuation', () => {
    expect(maskForms('{\n  "password": "hunter22"\n}')).toEqual([
      '  "password": "hunter22"',
      '"password": "hunter22"',
      '  \\"password\\": \\"hunter22\\"',
      '\\"password\\": \\"hunter22\\"',
      '{\\n  \\"password\\": \\"hunter22\\"\\n}',
    ]);
  });
});

describe('withRetry', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250, deadlineMs: 10_000 };

  it('caps the backoff at maxDelayMs and gives up after maxAttempts', async () => {
    const delays: number[] = [];
    let calls = 0;

    const run = withRetry(
      () => {
        calls++;
        return Promise.reject(new Error('busy'));
      },
      policy,
      {
        isRetryable: () => true,
        sleep: (ms) => Promise.resolve(void delays.push(ms)),
        random: () => 1,
      },
    );

    await expect(run).rejects.toThrow('busy');
    expect(calls).toBe(4);
    expect(delays).toEqual([100, 200, 250]);
  });

  it('does not retry a failure that is not retryable', async () => {
    let calls = 0;

    const run = withRetry(
      () => {
        calls++;
        return Promise.reject(new UserError('bad input'));
      },
      policy,
      { isRetryable: (err) => !(err instanceof UserError), sleep: () => Promise.resolve() },
    );

    await expect(run).rejects.toThrow('bad input');
    expect(calls).toBe(1);
  });

  it('stops retrying when the next wait would pass the deadline', async () => {
    let clock = 0;
    let calls = 0;

    const run = withRetry(
      () => {
        calls++;
        clock += 4_000;
        return Promise.reject(new Error('slow'));
      },
      { ...policy, maxAttempts: 10, deadlineMs: 9_000 },
      {
        isRetryable: () => true,
        sleep: () => Promise.resolve(),
        random: () => 1,
        now: () => clock,
      },
    );

    await expect(run).rejects.toThrow('slow');
    expect(calls).toBe(3);
  });
});

describe('error classification', () => {
  const aws = (name: string, status: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

  it.each([
    [aws('ThrottlingException', 400), true],
    [aws('Throttling', 400), true],
    [aws('InternalFailure', 500), true],
    [aws('ServiceUnavailable', 503), true],
    [aws('IDPCommunicationError', 400), true],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    [Object.assign(new Error('timed out'), { name: 'TimeoutError' }), true],
    [aws('AccessDeniedException', 400), false],
    [aws('ResourceNotFoundException', 400), false],
    [new UserError('bad'), false],
  ])('treats %p as transient: %s', (err, transient) => {
    expect(isTransientAwsError(err)).toBe(transient);
  });

  it('finds a transient network error in the cause chain', () => {
    expect(isTransientNetworkError(new Error('wrapped', { cause: { code: 'EPIPE' } }))).toBe(true);
  });

  it('describes a service error in one line with its code and status', () => {
    const err = new ServiceError('Rate exceeded\nmore', {
      service: 'STS',
      operation: 'AssumeRole',
      code: 'Throttling',
      status: 400,
    });

    expect(describeError(err)).toBe('STS AssumeRole failed (Throttling, HTTP 400): Rate exceeded');
  });

  it('keeps a user error as it is and explains a system failure', () => {
    expect(failureMessage({ action: 'x' }, new UserError('Fix the input.'))).toBe('Fix the input.');
    expect(failureMessage({ action: 'x' }, new Error('boom'))).toMatch(
      /^x failed: boom\. This is not a problem with the workflow's inputs/,
    );
  });
});

describe('roleSessionName', () => {
  it('ties the session to the run and keeps within STS limits', () => {
    const name = roleSessionName({
      GITHUB_RUN_ID: '9876543210',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_REPOSITORY: `acme/${'x'.repeat(80)}`,
    });

    expect(name.startsWith('gha-9876543210-2-acme@xxx')).toBe(true);
    expect(name).toHaveLength(64);
    expect(isValidSessionName(name)).toBe(true);
  });

  it('replaces characters STS refuses', () => {
    expect(
      roleSessionName({
        GITHUB_RUN_ID: '1',
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_REPOSITORY: 'acme/tâsk manager',
      }),
    ).toBe('gha-1-1-acme@t_sk_manager');
  });
});

describe('OIDC claims', () => {
  it('describes the claims a trust policy checks, never the signature', () => {
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'repo:a/b:environment:prod',
        aud: 'sts.amazonaws.com',
        iss: 'https://token.actions.githubusercontent.com',
      }),
    ).toString('base64url');
    const token = `eyJhbGciOiJSUzI1NiJ9.${payload}.c2lnbmF0dXJl`;

    const text = describeClaims(decodeClaims(token));

    expect(text).toBe(
      'sub="repo:a/b:environment:prod", aud="sts.amazonaws.com", iss="https://token.actions.githubusercontent.com"',
    );
    expect(text).not.toContain('c2lnbmF0dXJl');
  });

  it('returns no claims for a token that is not a JWT', () => {
    expect(decodeClaims('garbage')).toEqual({});
  });
});

describe('small helpers', () => {
  it('keeps order with bounded concurrency', async () => {
    let inFlight = 0;
    let most = 0;

    const out = await mapLimit([5, 1, 3, 2], 2, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });

    expect(out).toEqual([50, 10, 30, 20]);
    expect(most).toBe(2);
  });

  it('chunks a list', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('escapes table cells', () => {
    expect(markdownTable(['a'], [['x|y\nz']])).toBe('| a |\n| --- |\n| x\\|y z |');
  });

  it('names the audit stream after the run and job, without characters Logs refuses', () => {
    expect(
      auditStreamName({
        GITHUB_REPOSITORY: 'a/b',
        GITHUB_RUN_ID: '7',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_JOB: 'de:ploy*',
      }),
    ).toBe('a/b/7/3/de_ploy_');
  });
});
