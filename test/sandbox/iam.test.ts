import { describe, expect, it } from '@jest/globals';

import { IamStore, accessDeniedMessage, evaluatePolicy, wildcardMatch } from './iam.js';

describe('wildcardMatch', () => {
  it('supports * and ? and treats everything else literally', () => {
    expect(wildcardMatch('repo:acme/app:*', 'repo:acme/app:ref:refs/heads/main')).toBe(true);
    expect(wildcardMatch('repo:acme/app:environment:pro?', 'repo:acme/app:environment:prod')).toBe(
      true,
    );
    expect(wildcardMatch('repo:acme/app:environment:pro?', 'repo:acme/app:environment:pr')).toBe(
      false,
    );
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('a+b(c)', 'a+b(c)')).toBe(true);
    expect(wildcardMatch('Repo:*', 'repo:x')).toBe(false);
    expect(wildcardMatch('Repo:*', 'repo:x', true)).toBe(true);
    expect(wildcardMatch('*', '')).toBe(true);
  });
});

describe('evaluatePolicy', () => {
  const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf';
  it('allows a matching statement, denies by default, and lets Deny win', () => {
    const allow = [
      {
        effect: 'Allow' as const,
        actions: ['secretsmanager:Get*'],
        resources: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:app/*'],
      },
    ];
    expect(evaluatePolicy(allow, 'secretsmanager:GetSecretValue', arn)).toBe('allow');
    expect(evaluatePolicy(allow, 'SecretsManager:getsecretvalue', arn)).toBe('allow');
    expect(evaluatePolicy(allow, 'secretsmanager:ListSecrets', '*')).toBe('implicit-deny');
    expect(
      evaluatePolicy(allow, 'secretsmanager:GetSecretValue', arn.replace('app/', 'ops/')),
    ).toBe('implicit-deny');
    const withDeny = [
      ...allow,
      { effect: 'Deny' as const, actions: ['*'], resources: ['*:secret:app/db-*'] },
    ];
    expect(evaluatePolicy(withDeny, 'secretsmanager:GetSecretValue', arn)).toBe('explicit-deny');
    expect(evaluatePolicy([], 'sts:GetCallerIdentity', '*')).toBe('implicit-deny');
  });

  it('phrases AccessDenied like AWS', () => {
    expect(accessDeniedMessage('arn:u', 'secretsmanager:ListSecrets', '*', 'implicit-deny')).toBe(
      'User: arn:u is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action',
    );
    expect(accessDeniedMessage('arn:u', 'logs:PutLogEvents', 'arn:g', 'explicit-deny')).toBe(
      'User: arn:u is not authorized to perform: logs:PutLogEvents on resource: arn:g with an explicit deny in an identity-based policy',
    );
  });
});

describe('IamStore', () => {
  it('issues keys and role sessions that carry the role policy', () => {
    const iam = new IamStore('123456789012', () => 1_000_000);
    const user = iam.createUser('bob', []);
    expect(user.arn).toBe('arn:aws:iam::123456789012:user/bob');
    expect(user.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const roleArn = iam.createRole({
      name: 'r',
      trust: { subjects: ['*'] },
      policy: [{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['*'] }],
    });
    const role = iam.role(roleArn)!;
    const session = iam.issueSession(role, 'sess', 900);
    expect(session.principalArn).toBe('arn:aws:sts::123456789012:assumed-role/r/sess');
    expect(session.expiresAt).toBe(1_000_000 + 900_000);
    expect(iam.credential(session.accessKeyId)).toBe(session);
    expect(iam.authorize(session, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe('allow');
    expect(() =>
      iam.createRole({ name: 'x', trust: { subjects: [] }, maxSessionDuration: 60, policy: [] }),
    ).toThrow();
  });
});
