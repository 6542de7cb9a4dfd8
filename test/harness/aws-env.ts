/** The environment that points a bundled action at the sandbox, and nowhere else. */
import type { Sandbox } from '../sandbox/index.js';

export function sandboxEnv(sb: Sandbox): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sb.awsEndpoint,
    ACTIONS_ID_TOKEN_REQUEST_URL: sb.oidc.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: sb.oidc.requestToken,
    // Keep the machine's own AWS configuration and the instance metadata service out of it.
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
