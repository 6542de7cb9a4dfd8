/**
 * Demo data for the "task-manager" delivery: an OIDC-trusted CI role with a least-privilege
 * policy, three secrets, an audit log group, and GitHub claims for a push to main in the `dev`
 * environment.
 */
import { generateKeyPairSync } from 'node:crypto';

import { randomString, type PolicyStatement } from './iam.js';
import type { Sandbox } from './index.js';

export interface SeededSecret {
  name: string;
  arn: string;
  /** The SecretString as stored (for assertions; never log it). */
  value: string;
}

export interface TaskManagerSeed {
  /** `task-manager-ci`: what the workflow assumes. */
  roleArn: string;
  /** Same trust, but BatchGetSecretValue is denied by policy (the GetSecretValue fallback path). */
  deniedRoleArn?: string;
  audience: string;
  repository: string;
  logGroup: string;
  secrets: {
    githubToken: SeededSecret;
    sshKey: SeededSecret;
    devDb: SeededSecret;
  };
}

export function seedTaskManager(sb: Sandbox, opts: { repository?: string } = {}): TaskManagerSeed {
  const repository = opts.repository ?? 'acme/task-manager';
  const audience = 'sts.amazonaws.com';
  const logGroup = '/task-manager/audit';
  const secretArn = (pattern: string): string =>
    `arn:aws:secretsmanager:${sb.region}:${sb.accountId}:secret:${pattern}`;
  const readable = [
    secretArn('task-manager/*'),
    secretArn('github-token-*'),
    secretArn('ssh-slave-key-*'),
  ];
  const logsResource = `arn:aws:logs:${sb.region}:${sb.accountId}:log-group:${logGroup}:*`;
  const trust = {
    audience,
    subjects: [
      `repo:${repository}:environment:dev`,
      `repo:${repository}:environment:staging`,
      `repo:${repository}:environment:prod`,
      `repo:${repository}:ref:refs/heads/main`,
    ],
  };
  const readPolicy: PolicyStatement[] = [
    {
      effect: 'Allow',
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resources: readable,
    },
    { effect: 'Allow', actions: ['secretsmanager:ListSecrets'], resources: ['*'] },
    {
      effect: 'Allow',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logsResource],
    },
  ];

  const roleArn = sb.iam.createRole({
    name: 'task-manager-ci',
    trust,
    policy: [
      { effect: 'Allow', actions: ['secretsmanager:BatchGetSecretValue'], resources: ['*'] },
      ...readPolicy,
    ],
  });
  const deniedRoleArn = sb.iam.createRole({
    name: 'task-manager-ci-nobatch',
    trust,
    policy: [
      { effect: 'Deny', actions: ['secretsmanager:BatchGetSecretValue'], resources: ['*'] },
      ...readPolicy,
    ],
  });

  const recent = {
    rotationEnabled: true,
    lastRotatedDaysAgo: 3,
    lastChangedDaysAgo: 3,
    createdDaysAgo: 120,
  };
  const githubTokenValue = JSON.stringify({
    username: 'task-bot',
    token: `ghp_${randomString(36)}`,
  });
  const sshKeyValue = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const devDbValue = JSON.stringify({
    host: 'db.dev.internal',
    port: 5432,
    password: randomString(24),
  });
  const put = (name: string, value: string): SeededSecret => {
    const { arn } = sb.secrets.put({ name, string: value, ...recent });
    return { name, arn, value };
  };
  const secrets = {
    githubToken: put('github-token', githubTokenValue),
    sshKey: put('ssh-slave-key', sshKeyValue.endsWith('\n') ? sshKeyValue : `${sshKeyValue}\n`),
    devDb: put('task-manager/dev/db', devDbValue),
  };

  sb.logs.createGroup(logGroup);
  sb.oidc.setClaims({
    repository,
    repository_owner: repository.split('/')[0] ?? repository,
    ref: 'refs/heads/main',
    ref_type: 'branch',
    environment: 'dev',
    run_id: '4242',
    run_number: '17',
    run_attempt: '1',
    workflow: 'deliver',
    actor: 'octocat',
    event_name: 'push',
    job_workflow_ref: `${repository}/.github/workflows/deliver.yml@refs/heads/main`,
  });

  return { roleArn, deniedRoleArn, audience, repository, logGroup, secrets };
}
