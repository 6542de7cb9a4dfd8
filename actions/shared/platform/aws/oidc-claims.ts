/** Reading the claims of a GitHub OIDC token, to explain a trust-policy mismatch. */

export interface TokenClaims {
  sub?: string;
  aud?: string | string[];
  iss?: string;
  job_workflow_ref?: string;
  environment?: string;
  ref?: string;
  repository?: string;
}

/** Decodes a JWT's payload without verifying it (STS verifies; we only explain). */
export function decodeClaims(token: string): TokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return {};
  }
}

/** The claims a trust policy conditions on, as one line (never the token itself). */
export function describeClaims(claims: TokenClaims): string {
  const aud = Array.isArray(claims.aud) ? claims.aud.join(',') : claims.aud;
  const parts: [string, string | undefined][] = [
    ['sub', claims.sub],
    ['aud', aud],
    ['job_workflow_ref', claims.job_workflow_ref],
    ['iss', claims.iss],
  ];
  return parts
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}="${value ?? ''}"`)
    .join(', ');
}
