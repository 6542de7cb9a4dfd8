/**
 * Generic HTTP stand-in framework: one node:http server on 127.0.0.1 (port 0) that routes each
 * request to the first service module claiming it, records every routed call, adds latency and
 * injects faults. Services are plug-ins (`ServiceModule`): this file knows no protocol.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as received, body fully read. Nothing is decoded beyond the HTTP framing. */
export interface InboundRequest {
  readonly method: string;
  /** The request target exactly as received (`/path?query`). */
  readonly rawUrl: string;
  /** The path part of `rawUrl`, still percent-encoded. */
  readonly path: string;
  /** The query part of `rawUrl` without `?`, still percent-encoded ('' when absent). */
  readonly rawQuery: string;
  /** `rawQuery` parsed (form rules: `+` is a space). */
  readonly query: URLSearchParams;
  /** Lower-cased names, as node gives them. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** A fresh id per request (services echo it in their own header/body). */
  readonly requestId: string;
}

/** A response a module wants sent. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** What the framework knows about a routed call; modules fill `principal` and `params`. */
export interface Exchange<S extends string = string> {
  readonly req: InboundRequest;
  readonly service: S;
  readonly operation: string;
  /** ARN of the authenticated caller, set by the module once known. */
  principal?: string;
  /** Parameters to record (must already be redacted). */
  params?: unknown;
}

export type FaultKind = 'throttle' | 'server-error' | 'reset' | 'stall';

/** A service plug-in. */
export interface ServiceModule<S extends string = string> {
  readonly service: S;
  /** The operation name when this module owns the request, otherwise undefined. */
  route(req: InboundRequest): string | undefined;
  /** Redacted parameters to record. Called before `handle`; must not throw (errors are ignored). */
  describe?(req: InboundRequest, operation: string): unknown;
  handle(exchange: Exchange<S>): Promise<Reply>;
  /** The service's own error for an injected throttle or server error. */
  faultReply(kind: 'throttle' | 'server-error', exchange: Exchange<S>): Reply;
}

export interface FaultSpec<S extends string = string> {
  service?: S;
  operation?: string;
  kind: FaultKind;
  times: number;
}

/** Fault rules shared by servers; each matching request spends one use of the first live rule. */
export class FaultBook<S extends string = string> {
  private rules: FaultSpec<S>[] = [];

  add(rule: FaultSpec<S>): void {
    if (!Number.isInteger(rule.times) || rule.times < 1) {
      throw new Error(`fault rule needs times >= 1, got ${String(rule.times)}`);
    }
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules not yet spent. */
  pending(): readonly FaultSpec<S>[] {
    return this.rules.map((r) => ({ ...r }));
  }

  take(service: S, operation: string): FaultKind | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.service === undefined || r.service === service) &&
        (r.operation === undefined || r.operation === operation),
    );
    if (!rule) return undefined;
    rule.times -= 1;
    if (rule.times <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.kind;
  }
}

export interface CallRecord<S extends string = string> {
  service: S;
  operation: string;
  principal?: string;
  /** HTTP status sent; 0 when no response was sent (reset, stall). */
  status: number;
  params: unknown;
  at: number;
}

export interface StandInOptions<S extends string> {
  /** For error messages. */
  name: string;
  modules: ServiceModule<S>[];
  faults: FaultBook<S>;
  /** Added delay in ms, read per request. */
  latencyMs: () => number;
  record: (call: CallRecord<S>) => void;
  /** Answer for a request no module claims. */
  unrouted: (req: InboundRequest) => Reply;
  /** Header carrying `requestId` on every response (e.g. `x-amzn-RequestId`). */
  requestIdHeader?: string;
  /** Largest body accepted, bytes (default 16 MiB). */
  maxBodyBytes?: number;
}

/** One listening stand-in server. */
export class StandInServer<S extends string = string> {
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<{ timer?: NodeJS.Timeout; resolve: (ok: boolean) => void }>();
  private stopping = false;

  private constructor(
    private readonly server: Server,
    private readonly options: StandInOptions<S>,
    readonly url: string,
    readonly port: number,
  ) {}

  static async listen<S extends string>(options: StandInOptions<S>): Promise<StandInServer<S>> {
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const standIn = new StandInServer(server, options, `http://127.0.0.1:${port}`, port);
    standIn.attach();
    return standIn;
  }

  /** Closes the server, ends stalled or delayed requests and keep-alive sockets. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const entry of this.timers) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.resolve(false);
    }
    this.timers.clear();
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private attach(): void {
    this.server.on('connection', (socket: Socket) => {
      if (this.stopping) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooBig = false;
      const limit = this.options.maxBodyBytes ?? 16 * 1024 * 1024;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) tooBig = true;
        else chunks.push(chunk);
      });
      req.on('error', () => {
        res.destroy();
      });
      req.on('end', () => {
        const rawUrl = req.url ?? '/';
        const q = rawUrl.indexOf('?');
        const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
        const inbound: InboundRequest = {
          method: req.method ?? 'GET',
          rawUrl,
          path: q === -1 ? rawUrl : rawUrl.slice(0, q),
          rawQuery,
          query: new URLSearchParams(rawQuery),
          headers: req.headers,
          body: Buffer.concat(chunks),
          requestId: randomUUID(),
        };
        if (tooBig) {
          this.send(res, inbound, { status: 413, body: 'request body too large' });
          return;
        }
        this.dispatch(inbound, res).catch((error: unknown) => {
          this.send(res, inbound, {
            status: 500,
            headers: { 'content-type': 'text/plain' },
            body: `${this.options.name} stand-in failed: ${String(error)}`,
          });
        });
      });
    });
  }

  private async dispatch(req: InboundRequest, res: ServerResponse): Promise<void> {
    let module: ServiceModule<S> | undefined;
    let operation: string | undefined;
    for (const candidate of this.options.modules) {
      operation = candidate.route(req);
      if (operation !== undefined) {
        module = candidate;
        break;
      }
    }
    const latency = this.options.latencyMs();
    if (latency > 0 && !(await this.sleep(latency))) return;
    if (!module || operation === undefined) {
      this.send(res, req, this.options.unrouted(req));
      return;
    }
    const exchange: Exchange<S> = { req, service: module.service, operation };
    try {
      exchange.params = module.describe?.(req, operation);
    } catch {
      exchange.params = undefined;
    }
    const at = Date.now();
    const record = (status: number): void => {
      this.options.record({
        service: exchange.service,
        operation: exchange.operation,
        ...(exchange.principal === undefined ? {} : { principal: exchange.principal }),
        status,
        params: exchange.params,
        at,
      });
    };

    const fault = this.options.faults.take(module.service, operation);
    if (fault === 'reset') {
      record(0);
      res.socket?.resetAndDestroy();
      res.destroy();
      return;
    }
    if (fault === 'stall') {
      record(0);
      return; // never answered; stop() destroys the socket
    }
    let reply: Reply;
    if (fault === 'throttle' || fault === 'server-error') {
      reply = module.faultReply(fault, exchange);
    } else {
      try {
        reply = await module.handle(exchange);
      } catch (error) {
        reply = {
          status: 500,
          headers: { 'content-type': 'text/plain' },
          body: `${this.options.name} stand-in: ${module.service}.${operation} crashed: ${
            error instanceof Error ? (error.stack ?? error.message) : String(error)
          }`,
        };
      }
    }
    record(reply.status);
    this.send(res, req, reply);
  }

  private send(res: ServerResponse, req: InboundRequest, reply: Reply): void {
    if (res.headersSent || res.destroyed) return;
    const body =
      reply.body === undefined
        ? Buffer.alloc(0)
        : typeof reply.body === 'string'
          ? Buffer.from(reply.body, 'utf8')
          : Buffer.from(reply.body);
    const headers: Record<string, string> = { ...reply.headers };
    if (this.options.requestIdHeader) headers[this.options.requestIdHeader] = req.requestId;
    headers['content-length'] = String(body.length);
    headers.date = new Date().toUTCString();
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  /** Resolves true after at least `ms` (wall clock), or false when the server stops first. */
  private sleep(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    return new Promise((resolve) => {
      const entry: { timer?: NodeJS.Timeout; resolve: (ok: boolean) => void } = { resolve };
      const arm = (delay: number): void => {
        entry.timer = setTimeout(() => {
          const left = until - Date.now();
          if (left > 0) {
            arm(left); // timers may fire a little early against Date.now()
            return;
          }
          this.timers.delete(entry);
          resolve(true);
        }, delay);
      };
      arm(ms);
      this.timers.add(entry);
    });
  }
}

/** Keys whose values are never recorded. Compared case-insensitively. */
const SENSITIVE_KEYS = new Set(
  [
    'WebIdentityToken',
    'SAMLAssertion',
    'TokenCode',
    'SecretString',
    'SecretBinary',
    'SecretAccessKey',
    'SessionToken',
    'Password',
    'Token',
    'X-Amz-Signature',
    'X-Amz-Security-Token',
    'Authorization',
    'ClientSecret',
    'PrivateKey',
  ].map((k) => k.toLowerCase()),
);

export const REDACTED = '<redacted>';

/** Deep copy with sensitive keys replaced by '<redacted>'. */
export function redact(value: unknown, extraKeys: readonly string[] = []): unknown {
  const extra = new Set(extraKeys.map((k) => k.toLowerCase()));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v as Record<string, unknown>)) {
        const lower = k.toLowerCase();
        out[k] = SENSITIVE_KEYS.has(lower) || extra.has(lower) ? REDACTED : walk(inner);
      }
      return out;
    }
    return v;
  };
  return walk(value);
}

/** First value of a header (node joins most duplicates; `set-cookie` style arrays are cut). */
export function header(req: InboundRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
