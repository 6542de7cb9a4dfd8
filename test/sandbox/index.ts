/**
 * Local stand-ins that speak the real wire protocols: one AWS server (STS, Secrets Manager,
 * CloudWatch Logs) and one GitHub server (Actions OIDC tokens). Real SDK clients work against
 * `awsEndpoint` unchanged; every SigV4 signature is checked against the credentials issued here.
 *
 *   const sb = await Sandbox.start();
 *   const roleArn = sb.iam.createRole({ name: 'ci', trust: { subjects: ['repo:o/r:*'] }, policy });
 *   ...
 *   await sb.stop();
 */
import type { AwsEnv } from './aws-protocol.js';
import { IamStore, type Iam } from './iam.js';
import { LogsStoreImpl, logsService, type LogsStore } from './logs.js';
import { GithubOidcIssuer, type OidcIssuer } from './oidc.js';
import { SecretsStoreImpl, secretsManagerService, type SecretsStore } from './secrets-manager.js';
import {
  FaultBook,
  StandInServer,
  type CallRecord,
  type FaultSpec,
  type InboundRequest,
  type Reply,
  type ServiceModule,
} from './server.js';
import { stsService } from './sts.js';

export type { GithubClaims, MintOptions, OidcIssuer } from './oidc.js';
export type { Iam, PolicyStatement, RoleSpec, RoleTrust, UserKeys } from './iam.js';
export type { SecretPut, SecretsStore } from './secrets-manager.js';
export type { LogsStore } from './logs.js';
export { Sha256 } from './sigv4.js';

export interface SandboxOptions {
  /** Default '111122223333'. */
  accountId?: string;
  /** Default 'us-east-1'. */
  region?: string;
  /** Added to every response of both servers. */
  latencyMs?: number;
  /** Cap on ListSecrets page size (the real service may return fewer than MaxResults); 100. */
  listSecretsPageSize?: number;
}

export type ServiceName = 'sts' | 'secretsmanager' | 'logs' | 'oidc';

export type FaultRule = FaultSpec<ServiceName>;

/** One call as the stand-ins saw it. `status` is 0 when no response was sent (reset, stall). */
export type RecordedCall = CallRecord<ServiceName>;

function awsUnrouted(req: InboundRequest): Reply {
  const target = req.headers['x-amz-target'];
  const what = `${req.method} ${req.path}${typeof target === 'string' ? ` (X-Amz-Target: ${target})` : ''}`;
  return {
    status: 400,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-ErrorType': 'UnknownOperationException',
    },
    body: JSON.stringify({
      __type: 'UnknownOperationException',
      message:
        `sandbox: no AWS service handles ${what}. Known: X-Amz-Target secretsmanager.<Op>, ` +
        'Logs_20140328.<Op>; query protocol Action=<Op>&Version=2011-06-15 (STS).',
    }),
  };
}

function githubUnrouted(req: InboundRequest): Reply {
  return {
    status: 404,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      sandbox: `no GitHub route for ${req.method} ${req.path}`,
    }),
  };
}

export class Sandbox {
  readonly calls: RecordedCall[] = [];
  private readonly faults = new FaultBook<ServiceName>();
  private latency: number;
  private aws?: StandInServer<ServiceName>;
  private github?: StandInServer<ServiceName>;
  private readonly iamStore: IamStore;
  private readonly secretsStore: SecretsStoreImpl;
  private readonly logsStore: LogsStoreImpl;

  private constructor(
    readonly accountId: string,
    readonly region: string,
    private readonly issuer: GithubOidcIssuer,
    private readonly listSecretsPageSize: number,
    latencyMs: number,
  ) {
    this.latency = latencyMs;
    this.iamStore = new IamStore(accountId);
    this.secretsStore = new SecretsStoreImpl(accountId, region);
    this.logsStore = new LogsStoreImpl();
  }

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const pageSize = options.listSecretsPageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1) {
      throw new Error('listSecretsPageSize must be a positive integer');
    }
    const issuer = await GithubOidcIssuer.create();
    const sb = new Sandbox(
      options.accountId ?? '111122223333',
      options.region ?? 'us-east-1',
      issuer,
      pageSize,
      options.latencyMs ?? 0,
    );
    await sb.listen();
    return sb;
  }

  get awsEndpoint(): string {
    return this.server('aws').url;
  }

  get githubUrl(): string {
    return this.server('github').url;
  }

  get oidc(): OidcIssuer {
    return this.issuer;
  }

  get iam(): Iam {
    return this.iamStore;
  }

  get secrets(): SecretsStore {
    return this.secretsStore;
  }

  get logs(): LogsStore {
    return this.logsStore;
  }

  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new Error('latency must be >= 0');
    this.latency = ms;
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  callsTo(service: ServiceName, operation?: string): RecordedCall[] {
    return this.calls.filter(
      (c) => c.service === service && (operation === undefined || c.operation === operation),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([this.aws?.stop(), this.github?.stop()]);
  }

  private server(which: 'aws' | 'github'): StandInServer<ServiceName> {
    const s = which === 'aws' ? this.aws : this.github;
    if (!s) throw new Error('sandbox not started');
    return s;
  }

  private async listen(): Promise<void> {
    const env: AwsEnv = {
      accountId: this.accountId,
      region: this.region,
      iam: this.iamStore,
      now: () => Date.now(),
    };
    const common = {
      faults: this.faults,
      latencyMs: () => this.latency,
      record: (call: RecordedCall) => {
        this.calls.push(call);
      },
    };
    const awsModules: ServiceModule<ServiceName>[] = [
      secretsManagerService(env, this.secretsStore, { listPageSize: this.listSecretsPageSize }),
      logsService(env, this.logsStore),
      stsService(env, this.issuer),
    ];
    this.github = await StandInServer.listen<ServiceName>({
      ...common,
      name: 'github',
      modules: [this.issuer.module()],
      unrouted: githubUnrouted,
      requestIdHeader: 'x-github-request-id',
    });
    this.issuer.bind(this.github.url);
    this.aws = await StandInServer.listen<ServiceName>({
      ...common,
      name: 'aws',
      modules: awsModules,
      unrouted: awsUnrouted,
      requestIdHeader: 'x-amzn-RequestId',
    });
  }
}
