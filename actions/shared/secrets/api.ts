/** The Secrets Manager client and its commands, loaded only once inputs have been checked. */
import type { AwsContext } from '../platform/aws/clients.js';
import { clientConfig } from '../platform/aws/clients.js';
import { importAfterIo } from '../core/concurrency.js';
import type { AwsSession } from '../platform/aws/credentials.js';

export type SecretsModule = typeof import('@aws-sdk/client-secrets-manager');

export interface SecretsApi {
  sdk: SecretsModule;
  client: InstanceType<SecretsModule['SecretsManagerClient']>;
  ctx: Omit<AwsContext, 'region' | 'credentials'>;
  region: string;
}

const SECRETS_MANAGER = { endpointPrefix: 'secretsmanager', envName: 'SECRETS_MANAGER' };

/** Loads the Secrets Manager SDK, after the I/O already started has had its turn. */
export function loadSecretsSdk(): Promise<SecretsModule> {
  const loading = importAfterIo(() => import('@aws-sdk/client-secrets-manager'));
  loading.catch(() => undefined);
  return loading;
}

export async function openSecretsApi(
  session: AwsSession,
  ctx: Omit<AwsContext, 'region' | 'credentials'>,
  loading: Promise<SecretsModule>,
): Promise<SecretsApi> {
  const sdk = await loading;
  const config = clientConfig({ ...session, env: ctx.env }, SECRETS_MANAGER);
  return { sdk, client: new sdk.SecretsManagerClient(config), ctx, region: session.region };
}
