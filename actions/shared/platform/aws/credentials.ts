/**
 * Signing in to AWS: GitHub's OIDC token exchanged for a role session, or the default credential
 * chain on a self-hosted runner with an instance profile. Credentials stay in memory; they reach
 * the environment only when the caller exports them.
 */
import type { AwsCredentialIdentity } from '@smithy/types';

import { awsErrorCode, describeError, ServiceError, UserError } from '../../core/errors.js';
import { importAfterIo } from '../../core/concurrency.js';
import type { Logger } from '../../core/logger.js';
import type { RetryPolicy } from '../../core/retry.js';
import type { RunnerIO } from '../runner.js';
import { assertAllowedAccount, type AwsAuthOptions } from './auth-inputs.js';
import { callAws, clientConfig, serviceFailure } from './clients.js';
import { isAccessDenied } from './errors.js';
import { decodeClaims, describeClaims } from './oidc-claims.js';
import { roleSessionName } from './session-name.js';

export interface AwsSession {
  region: string;
  credentials: AwsCredentialIdentity;
  /** The ARN AWS sees: `arn:aws:sts::<acct>:assumed-role/<role>/<session>` for a role. */
  principalArn: string;
  accountId: string;
  source: 'oidc' | 'default-chain';
}

export interface AuthDeps {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  getIdToken: (audience: string) => Promise<string>;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

const STS = { endpointPrefix: 'sts', envName: 'STS' };
const DOCS =
  'https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services';

export async function openAwsSession(options: AwsAuthOptions, deps: AuthDeps): Promise<AwsSession> {
  const hasOidc = Boolean(
    deps.env.ACTIONS_ID_TOKEN_REQUEST_URL && deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
  );
  const useOidc =
    options.credentialSource === 'oidc' ||
    (options.credentialSource === 'auto' && hasOidc && options.roleToAssume !== undefined);

  const session = useOidc
    ? await assumeWithOidc(options, deps, hasOidc)
    : await fromDefaultChain(options, deps);

  assertAllowedAccount(
    session.accountId,
    options.allowedAccountIds,
    `AWS principal ${session.principalArn}`,
  );
  deps.logger.info(`Signed in to AWS as ${session.principalArn} (${session.source}).`);
  return session;
}

async function assumeWithOidc(
  options: AwsAuthOptions,
  deps: AuthDeps,
  hasOidc: boolean,
): Promise<AwsSession> {
  if (!hasOidc) {
    throw new UserError(
      'This job cannot get a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Add ' +
        '`permissions: id-token: write` to the job (or the workflow), and `contents: read` ' +
        'beside it. On a self-hosted runner with an instance profile, set credential-source to ' +
        `default-chain instead. See ${DOCS}`,
      'permission',
    );
  }

  // The STS client loads while the token request is on the wire.
  const tokenRequest = fetchIdToken(options.audience, deps);
  tokenRequest.catch(() => undefined);
  const { STSClient, AssumeRoleWithWebIdentityCommand } = await importAfterIo(
    () => import('@aws-sdk/client-sts'),
  );
  const token = await tokenRequest;
  const role = options.roleToAssume ?? '';
  const sessionName = roleSessionName(deps.env);
  const sts = new STSClient(
    clientConfig({ region: options.region, credentials: anonymous(), env: deps.env }, STS),
  );
  const what = { service: 'STS', operation: 'AssumeRoleWithWebIdentity' };

  try {
    const out = await callAws(deps, what, () =>
      sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: role,
          RoleSessionName: sessionName,
          WebIdentityToken: token,
          DurationSeconds: options.durationSeconds,
        }),
        // The web identity call is not signed: no credentials are needed or sent.
      ),
    );
    return toSession(out.Credentials, out.AssumedRoleUser?.Arn, options.region, 'oidc');
  } catch (err) {
    throw explainAssumeFailure(err, {
      role,
      token,
      audience: options.audience,
      duration: options.durationSeconds,
    });
  } finally {
    sts.destroy();
  }
}

async function fetchIdToken(audience: string, deps: AuthDeps): Promise<string> {
  try {
    return await deps.getIdToken(audience);
  } catch (err) {
    throw new ServiceError(
      `could not get an OIDC token for audience "${audience}": ${describeError(err)}`,
      { service: 'GitHub OIDC', operation: 'token' },
      { cause: err },
    );
  }
}

function explainAssumeFailure(
  err: unknown,
  context: { role: string; token: string; audience: string; duration: number },
): Error {
  const code = awsErrorCode(err);
  const claims = describeClaims(decodeClaims(context.token));

  if (isAccessDenied(err)) {
    return new UserError(
      `AWS refused to let this workflow assume ${context.role}: the role's trust policy does ` +
        `not admit this token (${claims}). The trust policy needs a StringEquals condition on ` +
        `token.actions.githubusercontent.com:aud for "${context.audience}" and a condition on ` +
        'token.actions.githubusercontent.com:sub that matches the sub above (a job with ' +
        '`environment: prod` has sub repo:ORG/REPO:environment:prod). Check the role ARN too.',
      'trust',
      { cause: err },
    );
  }
  if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') {
    return new UserError(
      `AWS rejected the GitHub OIDC token for ${context.role} (${code}; ${claims}). Create the ` +
        "IAM OIDC identity provider token.actions.githubusercontent.com in the role's account " +
        `with "${context.audience}" in its audience list.`,
      'trust',
      { cause: err },
    );
  }
  if (code === 'ValidationError' && /duration/i.test(describeError(err))) {
    return new UserError(
      `Input 'role-duration-seconds' (${context.duration}) is longer than ${context.role} ` +
        "allows. Lower it, or raise the role's maximum session duration.",
      'input',
      { cause: err },
    );
  }
  return serviceFailure({ service: 'STS', operation: 'AssumeRoleWithWebIdentity' }, err);
}

async function fromDefaultChain(options: AwsAuthOptions, deps: AuthDeps): Promise<AwsSession> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  let base: AwsCredentialIdentity;
  try {
    base = await fromNodeProviderChain()();
  } catch (err) {
    throw new UserError(
      'No AWS credentials were found on this runner (environment, shared config, container or ' +
        'instance profile). On a GitHub-hosted runner set credential-source to oidc with ' +
        'role-to-assume and `permissions: id-token: write`; on a self-hosted runner attach an ' +
        'instance profile.',
      'permission',
      { cause: err },
    );
  }
  return options.roleToAssume
    ? assumeWithChain(options, deps, base)
    : identify(options.region, base, deps);
}

async function assumeWithChain(
  options: AwsAuthOptions,
  deps: AuthDeps,
  base: AwsCredentialIdentity,
): Promise<AwsSession> {
  const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient(
    clientConfig({ region: options.region, credentials: base, env: deps.env }, STS),
  );
  const role = options.roleToAssume ?? '';
  const what = { service: 'STS', operation: 'AssumeRole' };
  try {
    const out = await callAws(deps, what, () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: role,
          RoleSessionName: roleSessionName(deps.env),
          DurationSeconds: options.durationSeconds,
        }),
      ),
    );
    return toSession(out.Credentials, out.AssumedRoleUser?.Arn, options.region, 'default-chain');
  } catch (err) {
    if (!isAccessDenied(err)) throw serviceFailure(what, err);
    throw new UserError(
      `The runner's own AWS identity may not assume ${role}: ${describeError(err)}. Add that ` +
        "identity to the role's trust policy, and allow it sts:AssumeRole on the role.",
      'trust',
      { cause: err },
    );
  } finally {
    sts.destroy();
  }
}

async function identify(
  region: string,
  credentials: AwsCredentialIdentity,
  deps: AuthDeps,
): Promise<AwsSession> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const sts = new STSClient(clientConfig({ region, credentials, env: deps.env }, STS));
  const what = { service: 'STS', operation: 'GetCallerIdentity' };
  try {
    const out = await callAws(deps, what, () => sts.send(new GetCallerIdentityCommand({})));
    const arn = out.Arn ?? '';
    return {
      region,
      credentials,
      principalArn: arn,
      accountId: out.Account ?? accountOf(arn),
      source: 'default-chain',
    };
  } catch (err) {
    throw serviceFailure(what, err);
  } finally {
    sts.destroy();
  }
}

function toSession(
  creds:
    | { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date }
    | undefined,
  arn: string | undefined,
  region: string,
  source: AwsSession['source'],
): AwsSession {
  if (!creds?.AccessKeyId || !creds.SecretAccessKey) {
    throw new ServiceError('the answer held no credentials', {
      service: 'STS',
      operation: 'assume role',
    });
  }
  const principalArn = arn ?? '';
  return {
    region,
    credentials: {
      accessKeyId: creds.AccessKeyId,
      secretAccessKey: creds.SecretAccessKey,
      sessionToken: creds.SessionToken,
      expiration: creds.Expiration,
    },
    principalArn,
    accountId: accountOf(principalArn),
    source,
  };
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Placeholder credentials for an unsigned call: the SDK's web-identity command ignores them. */
function anonymous(): AwsCredentialIdentity {
  return { accessKeyId: '', secretAccessKey: '' };
}

/** The variables a later step's AWS tools read, masked first. Only when the user asks. */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
] as const;

export function exportCredentials(session: AwsSession, io: RunnerIO): void {
  const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
  io.mask(accessKeyId);
  io.mask(secretAccessKey);
  if (sessionToken) io.mask(sessionToken);

  io.exportVariable('AWS_ACCESS_KEY_ID', accessKeyId);
  io.exportVariable('AWS_SECRET_ACCESS_KEY', secretAccessKey);
  io.exportVariable('AWS_SESSION_TOKEN', sessionToken ?? '');
  io.exportVariable('AWS_REGION', session.region);
  io.exportVariable('AWS_DEFAULT_REGION', session.region);
}
