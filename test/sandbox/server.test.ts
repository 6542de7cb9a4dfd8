import { request } from 'node:http';

import { describe, expect, it } from '@jest/globals';

import { Sandbox } from './index.js';
import { FaultBook, REDACTED, StandInServer, redact, type CallRecord } from './server.js';

describe('StandInServer', () => {
  it('routes to modules, records calls and answers unrouted requests', async () => {
    const calls: CallRecord[] = [];
    const server = await StandInServer.listen<'echo'>({
      name: 'test',
      modules: [
        {
          service: 'echo',
          route: (req) => (req.path === '/echo' ? req.method : undefined),
          describe: (req) => ({ q: req.query.get('q'), token: 'secret' }),
          handle: (ex) => {
            ex.principal = 'arn:test';
            return Promise.resolve({ status: 201, body: ex.req.body });
          },
          faultReply: () => ({ status: 503 }),
        },
      ],
      faults: new FaultBook(),
      latencyMs: () => 0,
      record: (c) => calls.push(c),
      unrouted: () => ({ status: 400, body: 'no route' }),
      requestIdHeader: 'x-request-id',
    });
    try {
      const res = await fetch(`${server.url}/echo?q=1`, { method: 'POST', body: 'hello' });
      expect(res.status).toBe(201);
      expect(await res.text()).toBe('hello');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(calls).toEqual([
        {
          service: 'echo',
          operation: 'POST',
          principal: 'arn:test',
          status: 201,
          params: { q: '1', token: 'secret' },
          at: expect.any(Number),
        },
      ]);
      const other = await fetch(`${server.url}/other`);
      expect(other.status).toBe(400);
      expect(calls).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it('stop() ends stalled requests and keep-alive sockets promptly', async () => {
    const sb = await Sandbox.start();
    // A keep-alive connection left open by an earlier request.
    const keepAlive = await fetch(`${sb.githubUrl}/.well-known/jwks`);
    await keepAlive.text();
    sb.addFault({ service: 'oidc', kind: 'stall', times: 1 });
    const stalled = new Promise<string>((resolve) => {
      const req = request(`${sb.githubUrl}/.well-known/jwks`, (res) => {
        res.resume();
        res.on('end', () => {
          resolve('answered');
        });
      });
      req.on('error', (e) => {
        resolve(`error: ${e.message}`);
      });
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sb.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await stalled).toMatch(/^error: /);
  });

  it('answers an unknown AWS request with a clear 400', async () => {
    const sb = await Sandbox.start();
    try {
      const res = await fetch(sb.awsEndpoint, {
        method: 'POST',
        headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' },
        body: '{}',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
      const body = (await res.json()) as { __type: string; message: string };
      expect(body.__type).toBe('UnknownOperationException');
      expect(body.message).toContain('DynamoDB_20120810.GetItem');
    } finally {
      await sb.stop();
    }
  });
});

describe('FaultBook', () => {
  it('matches by service and operation and spends rules', () => {
    const book = new FaultBook<'a' | 'b'>();
    book.add({ service: 'a', operation: 'X', kind: 'throttle', times: 1 });
    book.add({ kind: 'reset', times: 2 });
    expect(book.take('b', 'X')).toBe('reset');
    expect(book.take('a', 'X')).toBe('throttle');
    expect(book.take('a', 'X')).toBe('reset');
    expect(book.take('a', 'X')).toBeUndefined();
    expect(() => {
      book.add({ kind: 'stall', times: 0 });
    }).toThrow(/times/);
  });
});

describe('redact', () => {
  it('replaces secret-bearing keys at any depth', () => {
    expect(
      redact({
        SecretId: 'x',
        WebIdentityToken: 'jwt',
        nested: [{ SecretString: 's', keep: 1 }],
        NextToken: 'page',
      }),
    ).toEqual({
      SecretId: 'x',
      WebIdentityToken: REDACTED,
      nested: [{ SecretString: REDACTED, keep: 1 }],
      NextToken: 'page',
    });
  });
});
