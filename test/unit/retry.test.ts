import { describe, expect, it } from '@jest/globals';

import { withRetry } from '../../actions/shared/core/retry.js';

describe('withRetry', () => {
  it('retries a retryable failure until it succeeds', async () => {
    let calls = 0;
    const delays: number[] = [];

    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('busy');
        return 'ok';
      },
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, deadlineMs: 10_000 },
      { isRetryable: () => true, sleep: async (ms) => void delays.push(ms), random: () => 1 },
    );

    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });
});
