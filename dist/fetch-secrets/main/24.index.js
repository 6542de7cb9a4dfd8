export const id = 24;
export const ids = [24];
export const modules = {

/***/ 2024:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fetchSecrets: () => (/* binding */ fetchSecrets)
});

// UNUSED EXPORTS: FIXED_OUTPUTS

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./actions/shared/core/errors.ts
var errors = __webpack_require__(9985);
;// CONCATENATED MODULE: ./actions/shared/core/mask.ts
/**
 * Turning a secret into every string the runner must hide.
 *
 * The runner masks what it is told line by line: a multi-line value registered whole leaves its
 * lines printable, so each line is registered on its own. The JSON-escaped form of a value (what
 * `JSON.stringify` or an SDK error message would print) is a different string with its own mask.
 */
/** Lines that carry no secret (a brace on its own in pretty-printed JSON). Masking them would
 * star out every brace in the log and hide nothing. */
const STRUCTURAL_ONLY = /^[\s{}[\](),:;"']*$/;
function maskForms(value) {
    const forms = new Set();
    const add = (form) => {
        if (!STRUCTURAL_ONLY.test(form.trim()))
            forms.add(form);
    };
    for (const raw of value.split(/\r?\n/)) {
        const line = raw.replace(/\r$/, '');
        add(line);
        add(line.trim());
        add(escapeJson(line));
        add(escapeJson(line.trim()));
    }
    // A multi-line value printed as a JSON string is one line with `\n` in it.
    if (/[\r\n]/.test(value))
        add(escapeJson(value));
    return [...forms];
}
function escapeJson(text) {
    return JSON.stringify(text).slice(1, -1);
}

;// CONCATENATED MODULE: ./actions/shared/core/concurrency.ts
/** Maps over items with at most `limit` calls in flight, keeping the input order in the result. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index], index);
        }
    };
    const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker);
    await Promise.all(workers);
    return results;
}
/** Splits a list into chunks of at most `size` items. */
function chunk(items, size) {
    const chunks = [];
    for (let i = 0; i < items.length; i += size)
        chunks.push(items.slice(i, i + size));
    return chunks;
}
/**
 * Runs a module load once pending I/O has had a turn of the event loop, so a request just
 * started goes out before the module's compilation holds the loop. Used to load an SDK client
 * while a network call is in flight.
 */
async function importAfterIo(load) {
    await new Promise((resolve) => setImmediate(resolve));
    return load();
}

// EXTERNAL MODULE: ./actions/shared/platform/aws/auth-inputs.ts
var auth_inputs = __webpack_require__(9694);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __webpack_require__(9783);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./node_modules/https-proxy-agent/dist/index.js + 4 modules
var dist = __webpack_require__(7659);
;// CONCATENATED MODULE: ./actions/shared/core/retry.ts
/**
 * Retries with full-jitter exponential backoff, bounded by attempts and by a deadline.
 *
 * The sleep, the random source and the clock are injectable so tests run without waiting.
 */
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    deadlineMs: 60_000,
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function withRetry(fn, policy, hooks) {
    const now = hooks.now ?? Date.now;
    const wait = hooks.sleep ?? sleep;
    const random = hooks.random ?? Math.random;
    const started = now();
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (attempt >= policy.maxAttempts || !hooks.isRetryable(err))
                throw err;
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            const delay = Math.round(random() * ceiling);
            if (now() + delay - started > policy.deadlineMs)
                throw err;
            hooks.onRetry?.(err, attempt, delay);
            await wait(delay);
        }
    }
}
/** Node's codes for a connection that broke or never answered: worth another try. */
const TRANSIENT_NETWORK_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
]);
function isTransientNetworkError(err) {
    if (typeof err !== 'object' || err === null)
        return false;
    const e = err;
    if (e.code && TRANSIENT_NETWORK_CODES.has(e.code))
        return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
        return true;
    if (e.message && /socket hang up/i.test(e.message))
        return true;
    return e.cause !== undefined && e.cause !== err && isTransientNetworkError(e.cause);
}

;// CONCATENATED MODULE: ./actions/shared/platform/aws/errors.ts
/** Telling AWS failures apart: worth another try, or final. */


const THROTTLING_CODES = new Set([
    'Throttling',
    'ThrottlingException',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'ProvisionedThroughputExceededException',
    'SlowDown',
    'BandwidthLimitExceeded',
    'LimitExceededException',
]);
const SERVER_CODES = new Set([
    'InternalFailure',
    'InternalError',
    'InternalServiceError',
    'InternalServiceErrorException',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'RequestTimeout',
    'RequestTimeoutException',
    // STS could not reach the identity provider to check a web identity token; AWS says retry.
    'IDPCommunicationError',
]);
function isThrottling(err) {
    const code = (0,errors/* awsErrorCode */.J6)(err);
    return (code !== undefined && THROTTLING_CODES.has(code)) || (0,errors/* httpStatus */.nG)(err) === 429;
}
/** Throttling, a 5xx, or a connection that broke: the same call may succeed later. */
function isTransientAwsError(err) {
    if (isThrottling(err))
        return true;
    const code = (0,errors/* awsErrorCode */.J6)(err);
    if (code !== undefined && SERVER_CODES.has(code))
        return true;
    const status = (0,errors/* httpStatus */.nG)(err);
    if (status !== undefined && status >= 500)
        return true;
    return isTransientNetworkError(err);
}
function isAccessDenied(err) {
    const code = (0,errors/* awsErrorCode */.J6)(err);
    return code === 'AccessDenied' || code === 'AccessDeniedException' || (0,errors/* httpStatus */.nG)(err) === 403;
}

;// CONCATENATED MODULE: ./actions/shared/platform/aws/clients.ts
/**
 * What every AWS SDK client of the suite is built with: the region, the session's credentials,
 * timeouts, the runner's proxy, and our own retries (the SDK's are turned off so one policy,
 * with jitter and a deadline, governs every call).
 *
 * Endpoint overrides need nothing here: the SDK reads `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_<SERVICE>` itself.
 */






const DEFAULT_TIMEOUTS = { connectMs: 5_000, requestMs: 30_000 };
/**
 * Client settings for one service. `endpointPrefix` is the service's host prefix
 * (`secretsmanager`, `sts`, `logs`) and `envName` its `AWS_ENDPOINT_URL_<NAME>` suffix.
 */
function clientConfig(ctx, service, timeouts = DEFAULT_TIMEOUTS) {
    const env = ctx.env ?? process.env;
    const endpoint = env[`AWS_ENDPOINT_URL_${service.envName}`] ??
        env.AWS_ENDPOINT_URL ??
        `https://${service.endpointPrefix}.${ctx.region}.amazonaws.com`;
    return {
        region: ctx.region,
        credentials: ctx.credentials,
        maxAttempts: 1,
        requestHandler: new dist_cjs.NodeHttpHandler({
            connectionTimeout: timeouts.connectMs,
            requestTimeout: timeouts.requestMs,
            // Without this the handler only logs a stalled request and waits on it for ever.
            throwOnRequestTimeout: true,
            httpsAgent: proxyAgent(endpoint),
        }),
        customUserAgent: 'secure-delivery-suite',
    };
}
/** An agent through the runner's HTTPS proxy, unless `no_proxy` exempts the endpoint. */
function proxyAgent(endpoint) {
    let url;
    try {
        url = new URL(endpoint);
    }
    catch {
        throw new errors/* UserError */.yo(`The AWS endpoint override "${endpoint}" is not a URL. Fix AWS_ENDPOINT_URL or unset it.`, 'configuration');
    }
    if (url.protocol !== 'https:')
        return undefined;
    const proxy = (0,lib_proxy/* getProxyUrl */.s)(url);
    return proxy ? new dist/* HttpsProxyAgent */.b(proxy.href, { keepAlive: true }) : undefined;
}
/**
 * Runs one AWS call with the suite's retry policy. Throttling, 5xx and broken connections are
 * retried with jittered backoff; everything else is thrown at once for the caller to explain.
 */
async function callAws(ctx, what, call) {
    return withRetry(() => call(), ctx.retry ?? DEFAULT_RETRY_POLICY, {
        isRetryable: isTransientAwsError,
        sleep: ctx.sleep,
        onRetry: (err, attempt, delay) => {
            ctx.logger.debug(`${what.service} ${what.operation} attempt ${attempt} failed (${(0,errors/* describeError */.Uc)(err)}); ` +
                `retrying in ${delay} ms`);
        },
    });
}
/** Wraps an error that no explanation fits into a ServiceError naming the call. */
function serviceFailure(what, err) {
    const message = err instanceof Error ? err.message : String(err);
    return new errors/* ServiceError */._7(message, { ...what, code: (0,errors/* awsErrorCode */.J6)(err), status: (0,errors/* httpStatus */.nG)(err) }, { cause: err });
}

;// CONCATENATED MODULE: ./actions/shared/platform/aws/oidc-claims.ts
/** Reading the claims of a GitHub OIDC token, to explain a trust-policy mismatch. */
/** Decodes a JWT's payload without verifying it (STS verifies; we only explain). */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return {};
    try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
}
/** The claims a trust policy conditions on, as one line (never the token itself). */
function describeClaims(claims) {
    const aud = Array.isArray(claims.aud) ? claims.aud.join(',') : claims.aud;
    const parts = [
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

;// CONCATENATED MODULE: ./actions/shared/platform/aws/session-name.ts
/**
 * The STS role session name, tying an AWS session to one GitHub run so CloudTrail shows which
 * run read what. STS allows 2..64 characters of `[\w+=,.@-]`.
 */
const INVALID = /[^\w+=,.@-]/g;
const MAX_LENGTH = 64;
function roleSessionName(env) {
    const runId = env.GITHUB_RUN_ID ?? 'local';
    const attempt = env.GITHUB_RUN_ATTEMPT ?? '1';
    const repository = (env.GITHUB_REPOSITORY ?? 'unknown').replace('/', '@');
    // The run id and attempt identify the run; the repository is cut first when space runs out.
    const head = `gha-${runId}-${attempt}-`.replace(INVALID, '_');
    const room = Math.max(0, MAX_LENGTH - head.length);
    return (head + repository.replace(INVALID, '_').slice(0, room)).slice(0, MAX_LENGTH);
}
function isValidSessionName(name) {
    return name.length >= 2 && name.length <= MAX_LENGTH && !new RegExp(INVALID.source).test(name);
}

;// CONCATENATED MODULE: ./actions/shared/platform/aws/credentials.ts







const STS = { endpointPrefix: 'sts', envName: 'STS' };
const DOCS = 'https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services';
async function openAwsSession(options, deps) {
    const hasOidc = Boolean(deps.env.ACTIONS_ID_TOKEN_REQUEST_URL && deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
    const useOidc = options.credentialSource === 'oidc' ||
        (options.credentialSource === 'auto' && hasOidc && options.roleToAssume !== undefined);
    const session = useOidc
        ? await assumeWithOidc(options, deps, hasOidc)
        : await fromDefaultChain(options, deps);
    (0,auth_inputs/* assertAllowedAccount */.aI)(session.accountId, options.allowedAccountIds, `AWS principal ${session.principalArn}`);
    deps.logger.info(`Signed in to AWS as ${session.principalArn} (${session.source}).`);
    return session;
}
async function assumeWithOidc(options, deps, hasOidc) {
    if (!hasOidc) {
        throw new errors/* UserError */.yo('This job cannot get a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set. Add ' +
            '`permissions: id-token: write` to the job (or the workflow), and `contents: read` ' +
            'beside it. On a self-hosted runner with an instance profile, set credential-source to ' +
            `default-chain instead. See ${DOCS}`, 'permission');
    }
    // The STS client loads while the token request is on the wire.
    const tokenRequest = fetchIdToken(options.audience, deps);
    tokenRequest.catch(() => undefined);
    const { STSClient, AssumeRoleWithWebIdentityCommand } = await importAfterIo(() => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(695)]).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19)));
    const token = await tokenRequest;
    const role = options.roleToAssume ?? '';
    const sessionName = roleSessionName(deps.env);
    const sts = new STSClient(clientConfig({ region: options.region, credentials: anonymous(), env: deps.env }, STS));
    const what = { service: 'STS', operation: 'AssumeRoleWithWebIdentity' };
    try {
        const out = await callAws(deps, what, () => sts.send(new AssumeRoleWithWebIdentityCommand({
            RoleArn: role,
            RoleSessionName: sessionName,
            WebIdentityToken: token,
            DurationSeconds: options.durationSeconds,
        })));
        return toSession(out.Credentials, out.AssumedRoleUser?.Arn, options.region, 'oidc');
    }
    catch (err) {
        throw explainAssumeFailure(err, {
            role,
            token,
            audience: options.audience,
            duration: options.durationSeconds,
        });
    }
    finally {
        sts.destroy();
    }
}
async function fetchIdToken(audience, deps) {
    try {
        return await deps.getIdToken(audience);
    }
    catch (err) {
        throw new errors/* ServiceError */._7(`could not get an OIDC token for audience "${audience}": ${(0,errors/* describeError */.Uc)(err)}`, { service: 'GitHub OIDC', operation: 'token' }, { cause: err });
    }
}
function explainAssumeFailure(err, context) {
    const code = (0,errors/* awsErrorCode */.J6)(err);
    const claims = describeClaims(decodeClaims(context.token));
    if (isAccessDenied(err)) {
        return new errors/* UserError */.yo(`AWS refused to let this workflow assume ${context.role}: the role's trust policy does ` +
            `not admit this token (${claims}). The trust policy needs a StringEquals condition on ` +
            `token.actions.githubusercontent.com:aud for "${context.audience}" and a condition on ` +
            'token.actions.githubusercontent.com:sub that matches the sub above (a job with ' +
            '`environment: prod` has sub repo:ORG/REPO:environment:prod). Check the role ARN too.', 'trust', { cause: err });
    }
    if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') {
        return new errors/* UserError */.yo(`AWS rejected the GitHub OIDC token for ${context.role} (${code}; ${claims}). Create the ` +
            "IAM OIDC identity provider token.actions.githubusercontent.com in the role's account " +
            `with "${context.audience}" in its audience list.`, 'trust', { cause: err });
    }
    if (code === 'ValidationError' && /duration/i.test((0,errors/* describeError */.Uc)(err))) {
        return new errors/* UserError */.yo(`Input 'role-duration-seconds' (${context.duration}) is longer than ${context.role} ` +
            "allows. Lower it, or raise the role's maximum session duration.", 'input', { cause: err });
    }
    return serviceFailure({ service: 'STS', operation: 'AssumeRoleWithWebIdentity' }, err);
}
async function fromDefaultChain(options, deps) {
    const { fromNodeProviderChain } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(719)]).then(__webpack_require__.t.bind(__webpack_require__, 9719, 19));
    let base;
    try {
        base = await fromNodeProviderChain()();
    }
    catch (err) {
        throw new errors/* UserError */.yo('No AWS credentials were found on this runner (environment, shared config, container or ' +
            'instance profile). On a GitHub-hosted runner set credential-source to oidc with ' +
            'role-to-assume and `permissions: id-token: write`; on a self-hosted runner attach an ' +
            'instance profile.', 'permission', { cause: err });
    }
    return options.roleToAssume
        ? assumeWithChain(options, deps, base)
        : identify(options.region, base, deps);
}
async function assumeWithChain(options, deps, base) {
    const { STSClient, AssumeRoleCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(695)]).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19));
    const sts = new STSClient(clientConfig({ region: options.region, credentials: base, env: deps.env }, STS));
    const role = options.roleToAssume ?? '';
    const what = { service: 'STS', operation: 'AssumeRole' };
    try {
        const out = await callAws(deps, what, () => sts.send(new AssumeRoleCommand({
            RoleArn: role,
            RoleSessionName: roleSessionName(deps.env),
            DurationSeconds: options.durationSeconds,
        })));
        return toSession(out.Credentials, out.AssumedRoleUser?.Arn, options.region, 'default-chain');
    }
    catch (err) {
        if (!isAccessDenied(err))
            throw serviceFailure(what, err);
        throw new errors/* UserError */.yo(`The runner's own AWS identity may not assume ${role}: ${(0,errors/* describeError */.Uc)(err)}. Add that ` +
            "identity to the role's trust policy, and allow it sts:AssumeRole on the role.", 'trust', { cause: err });
    }
    finally {
        sts.destroy();
    }
}
async function identify(region, credentials, deps) {
    const { STSClient, GetCallerIdentityCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(695)]).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19));
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
    }
    catch (err) {
        throw serviceFailure(what, err);
    }
    finally {
        sts.destroy();
    }
}
function toSession(creds, arn, region, source) {
    if (!creds?.AccessKeyId || !creds.SecretAccessKey) {
        throw new errors/* ServiceError */._7('the answer held no credentials', {
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
function accountOf(arn) {
    return arn.split(':')[4] ?? '';
}
/** Placeholder credentials for an unsigned call: the SDK's web-identity command ignores them. */
function anonymous() {
    return { accessKeyId: '', secretAccessKey: '' };
}
/** The variables a later step's AWS tools read, masked first. Only when the user asks. */
const CREDENTIAL_VARIABLES = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
];
function exportCredentials(session, io) {
    const { accessKeyId, secretAccessKey, sessionToken } = session.credentials;
    io.mask(accessKeyId);
    io.mask(secretAccessKey);
    if (sessionToken)
        io.mask(sessionToken);
    io.exportVariable('AWS_ACCESS_KEY_ID', accessKeyId);
    io.exportVariable('AWS_SECRET_ACCESS_KEY', secretAccessKey);
    io.exportVariable('AWS_SESSION_TOKEN', sessionToken ?? '');
    io.exportVariable('AWS_REGION', session.region);
    io.exportVariable('AWS_DEFAULT_REGION', session.region);
}

;// CONCATENATED MODULE: ./actions/shared/platform/audit.ts
/**
 * Structured audit events in CloudWatch Logs: who ran what, in which run, touching which named
 * resources. Events never carry secret values; callers pass names and versions only.
 */



const LOGS = { endpointPrefix: 'logs', envName: 'CLOUDWATCH_LOGS' };
/** Who and which run, from the runner's environment. */
function runContext(env) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const repo = env.GITHUB_REPOSITORY;
    return {
        repository: repo,
        runId: env.GITHUB_RUN_ID,
        runAttempt: env.GITHUB_RUN_ATTEMPT,
        workflow: env.GITHUB_WORKFLOW,
        job: env.GITHUB_JOB,
        actor: env.GITHUB_ACTOR,
        ref: env.GITHUB_REF,
        sha: env.GITHUB_SHA,
        runUrl: repo && env.GITHUB_RUN_ID ? `${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    };
}
/** One log stream per run attempt and job: `<owner>/<repo>/<run>/<attempt>/<job>`. */
function auditStreamName(env) {
    const parts = [
        env.GITHUB_REPOSITORY ?? 'local',
        env.GITHUB_RUN_ID ?? 'run',
        env.GITHUB_RUN_ATTEMPT ?? '1',
        env.GITHUB_JOB ?? 'job',
    ];
    // Stream names may not hold ':' or '*'.
    return parts.join('/').replace(/[:*]/g, '_').slice(0, 512);
}
async function writeAudit(target, events, ctx) {
    const env = ctx.env ?? process.env;
    const logs = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(303)]).then(__webpack_require__.t.bind(__webpack_require__, 303, 19));
    const client = new logs.CloudWatchLogsClient(clientConfig({ ...target.session, env }, LOGS));
    const stream = auditStreamName(env);
    const context = { ...runContext(env), principal: target.session.principalArn };
    try {
        await createStream(client, logs, target.logGroup, stream, ctx);
        const now = Date.now();
        const logEvents = events.map((e) => ({
            timestamp: now,
            message: JSON.stringify({ ...context, ...e }),
        }));
        const what = { service: 'CloudWatch Logs', operation: 'PutLogEvents' };
        await callAws(ctx, what, () => client.send(new logs.PutLogEventsCommand({
            logGroupName: target.logGroup,
            logStreamName: stream,
            logEvents,
        }))).catch((err) => {
            throw explainLogsFailure(err, target.logGroup, what);
        });
    }
    finally {
        client.destroy();
    }
}
async function createStream(client, logs, group, stream, ctx) {
    const what = { service: 'CloudWatch Logs', operation: 'CreateLogStream' };
    try {
        await callAws(ctx, what, () => client.send(new logs.CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })));
    }
    catch (err) {
        if ((0,errors/* awsErrorCode */.J6)(err) === 'ResourceAlreadyExistsException')
            return;
        throw explainLogsFailure(err, group, what);
    }
}
function explainLogsFailure(err, group, what) {
    const code = (0,errors/* awsErrorCode */.J6)(err);
    if (code === 'ResourceNotFoundException') {
        return new errors/* UserError */.yo(`Input 'audit-log-group': the log group ${group} does not exist. Create it (with the ` +
            'retention your audit policy asks for), or leave the input empty.', 'not-found', { cause: err });
    }
    if (code === 'AccessDeniedException') {
        return new errors/* UserError */.yo(`The role may not write audit events to ${group}. Allow it logs:CreateLogStream and ` +
            `logs:PutLogEvents on arn:aws:logs:*:*:log-group:${group}:*.`, 'permission', { cause: err });
    }
    return serviceFailure(what, err);
}

;// CONCATENATED MODULE: ./actions/shared/secrets/api.ts


const SECRETS_MANAGER = { endpointPrefix: 'secretsmanager', envName: 'SECRETS_MANAGER' };
/** Loads the Secrets Manager SDK, after the I/O already started has had its turn. */
function loadSecretsSdk() {
    const loading = importAfterIo(() => Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(994)]).then(__webpack_require__.t.bind(__webpack_require__, 2994, 19)));
    loading.catch(() => undefined);
    return loading;
}
async function openSecretsApi(session, ctx, loading) {
    const sdk = await loading;
    const config = clientConfig({ ...session, env: ctx.env }, SECRETS_MANAGER);
    return { sdk, client: new sdk.SecretsManagerClient(config), ctx, region: session.region };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./actions/shared/secrets/files.ts
/**
 * Secret files: written 0600 into a fresh 0700 folder, all or nothing, and removed by the post
 * step without ever touching anything outside that folder.
 */


const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/**
 * Writes every `file` value of a plan to its path, mode 0600, into `fileDir`, which is created
 * with mode 0700 and must not exist yet. On any failure everything written (and the folder) is
 * removed before the error is rethrown. Returns the paths written; writes nothing, and creates
 * no folder, when the plan has no file.
 */
async function writeSecretFiles(values, fileDir) {
    const root = (0,external_node_path_.resolve)(fileDir);
    const targets = values.filter((value) => value.exposure === 'file').map((v) => target(v, root));
    if (targets.length === 0)
        return [];
    await createPrivateDir(root);
    try {
        await (0,promises_.chmod)(root, DIR_MODE);
        for (const { path, content } of targets)
            await writePrivateFile(path, content);
    }
    catch (err) {
        await rollback(root, err);
        throw err;
    }
    return targets.map(({ path }) => path);
}
/**
 * Deletes the files the main step wrote, then their folder. A file already gone counts as
 * `missing`. Paths that are not directly inside `state.fileDir` are never touched: the rest is
 * cleaned up, then the call fails naming them.
 */
async function files_removeSecretFiles(state) {
    if (state.fileDir === undefined) {
        if (state.files.length > 0)
            throw new Error(refusal(state.files, 'no secret file folder'));
        return { removed: 0, missing: 0 };
    }
    const root = checkedRoot(state.fileDir);
    await refuseLinkedRoot(root);
    const outside = state.files.filter((file) => !isDirectChild(root, file));
    const result = await unlinkAll(state.files.filter((file) => isDirectChild(root, file)));
    await rm(root, { recursive: true, force: true });
    if (outside.length > 0)
        throw new Error(refusal(outside, `outside ${root}`));
    if (result.failures.length > 0) {
        throw new AggregateError(result.failures, `Could not delete every secret file in ${root}`);
    }
    return { removed: result.removed, missing: result.missing };
}
function target(value, root) {
    if (value.path === undefined || !isDirectChild(root, value.path)) {
        throw new Error(`The file for ${value.name} is not planned directly inside ${root}`);
    }
    return { path: (0,external_node_path_.resolve)(value.path), content: value.value };
}
/** Creates the parents as needed, then the folder itself, which must be new. */
async function createPrivateDir(root) {
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(root), { recursive: true, mode: DIR_MODE });
    try {
        await (0,promises_.mkdir)(root, { mode: DIR_MODE });
    }
    catch (err) {
        if (errorCode(err) !== 'EEXIST')
            throw err;
        throw new Error(`The secret file folder ${root} already exists; an earlier step may have left secret ` +
            'files there. Remove it, or let the post step of that earlier run clean it up.', { cause: err });
    }
}
/** `wx` refuses an existing file (or a planted symlink); chmod undoes any umask before writing. */
async function writePrivateFile(path, content) {
    const handle = await (0,promises_.open)(path, 'wx', FILE_MODE);
    try {
        await handle.chmod(FILE_MODE);
        await handle.writeFile(content);
    }
    finally {
        await handle.close();
    }
}
async function rollback(root, cause) {
    try {
        await (0,promises_.rm)(root, { recursive: true, force: true });
    }
    catch (rmError) {
        throw new AggregateError([cause, rmError], `Writing the secret files failed, and removing ${root} failed too: delete it by hand.`);
    }
}
async function unlinkAll(files) {
    const result = { removed: 0, missing: 0, failures: [] };
    for (const file of files) {
        try {
            await unlink(resolve(file));
            result.removed++;
        }
        catch (err) {
            if (errorCode(err) === 'ENOENT')
                result.missing++;
            else
                result.failures.push(err);
        }
    }
    return result;
}
function checkedRoot(fileDir) {
    const root = resolve(fileDir);
    if (!isAbsolute(fileDir) || root === parse(root).root) {
        throw new Error(`Refusing to clean up ${fileDir}: not an absolute folder below the root`);
    }
    return root;
}
/** A folder replaced by a symlink would lead the deletes somewhere else. */
async function refuseLinkedRoot(root) {
    try {
        const stats = await lstat(root);
        if (stats.isDirectory())
            return;
    }
    catch (err) {
        if (errorCode(err) === 'ENOENT')
            return;
        throw err;
    }
    throw new Error(`Refusing to clean up ${root}: it is not a folder (a symlink?)`);
}
/** Only files directly inside the folder: no `..`, no subfolder that could be a symlink. */
function isDirectChild(root, file) {
    const resolved = (0,external_node_path_.resolve)(file);
    return resolved !== root && (0,external_node_path_.dirname)(resolved) === root;
}
function refusal(files, where) {
    return `Refusing to delete ${files.length} path(s) ${where}: ${files.join(', ')}`;
}
function errorCode(err) {
    if (typeof err !== 'object' || err === null || !('code' in err))
        return undefined;
    return typeof err.code === 'string' ? err.code : undefined;
}

;// CONCATENATED MODULE: ./actions/shared/secrets/apply.ts

const STATE_KEY = 'cleanup';
async function applyPlan(plan, fileDir, extraEnvNames, io) {
    const files = plan.values.filter((v) => v.exposure === 'file').map((v) => v.path ?? '');
    const envNames = plan.values.filter((v) => v.exposure !== 'output').map((v) => v.name);
    const state = {
        fileDir: files.length > 0 ? fileDir : undefined,
        files,
        envNames: [...envNames, ...extraEnvNames],
    };
    io.saveState(STATE_KEY, JSON.stringify(state));
    if (files.length > 0)
        await writeSecretFiles(plan.values, fileDir);
    for (const v of plan.values) {
        if (v.exposure === 'output')
            io.setOutput(v.name, asText(v.value));
        else if (v.exposure === 'env')
            io.exportVariable(v.name, asText(v.value));
        else
            io.exportVariable(v.name, v.path ?? '');
    }
    return state;
}
function asText(value) {
    return typeof value === 'string' ? value : Buffer.from(value).toString('base64');
}
/** The post step: delete the files and blank the variables the main step set. */
async function cleanUp(io, logger) {
    const raw = io.getState(STATE_KEY);
    if (!raw) {
        logger.info('Nothing to clean up: the main step exported nothing.');
        return;
    }
    const state = JSON.parse(raw);
    for (const name of state.envNames)
        io.exportVariable(name, '');
    if (state.fileDir === undefined) {
        logger.info(`Cleared ${state.envNames.length} variable(s).`);
        return;
    }
    const { removed, missing } = await removeSecretFiles(state);
    logger.info(`Removed ${removed} secret file(s)` +
        (missing > 0 ? ` (${missing} already gone)` : '') +
        ` and cleared ${state.envNames.length} variable(s).`);
}

;// CONCATENATED MODULE: ./actions/shared/secrets/fetch.ts
/**
 * Reading secret values: prefixes expanded through `ListSecrets`, values fetched with
 * `BatchGetSecretValue` (20 ids a call, calls in parallel) and, where an organisation denies the
 * batch call or a version other than the current one is asked for, one `GetSecretValue` each.
 * Every secret that cannot be read is reported, by name and reason, in one error.
 */




const BATCH_SIZE = 20;
const PARALLEL_CALLS = 8;
const CURRENT = 'AWSCURRENT';
/** Turns the request lines into secrets to read, expanding each `prefix*` through ListSecrets. */
async function resolveTargets(requests, api) {
    const expanded = await mapLimit(requests, PARALLEL_CALLS, async (request) => request.prefix
        ? (await listByPrefix(request.id, api)).map((id) => ({ request, id }))
        : [{ request, id: request.id }]);
    const empty = requests.filter((r, i) => r.prefix && expanded[i]?.length === 0);
    if (empty.length > 0) {
        const list = empty.map((r) => `line ${r.line}: ${r.id}*`).join('; ');
        throw new errors/* UserError */.yo(`Input 'secrets': no secret in ${api.region} has a name starting with ${list}. Check the ` +
            'prefix and aws-region, and that the role may list them.', 'not-found');
    }
    return expanded.flat();
}
async function listByPrefix(prefix, api) {
    const names = [];
    const what = { service: 'Secrets Manager', operation: 'ListSecrets' };
    let token;
    do {
        const page = await callAws(api.ctx, what, () => api.client.send(new api.sdk.ListSecretsCommand({
            Filters: [{ Key: 'name', Values: [prefix] }],
            MaxResults: 100,
            NextToken: token,
        }))).catch((err) => {
            throw explainListFailure(err, prefix);
        });
        // The service's name filter is looser than a prefix; keep exact prefix matches only.
        for (const s of page.SecretList ?? [])
            if (s.Name?.startsWith(prefix))
                names.push(s.Name);
        token = page.NextToken;
    } while (token);
    return [...new Set(names)].sort();
}
function explainListFailure(err, prefix) {
    if (!isAccessDenied(err))
        return serviceFailure({ service: 'Secrets Manager', operation: 'ListSecrets' }, err);
    return new errors/* UserError */.yo(`Input 'secrets' asks for the prefix ${prefix}*, but the role may not list secrets. Allow ` +
        'it secretsmanager:ListSecrets (on "*"), or name each secret instead of a prefix.', 'permission', { cause: err });
}
async function fetchValues(targets, version, api) {
    const ids = [...new Set(targets.map((t) => t.id))];
    const useBatch = version.stage === CURRENT && version.id === undefined;
    const outcome = useBatch
        ? await fetchInBatches(ids, api)
        : await fetchOneByOne(ids, version, api);
    if (outcome.failures.length > 0)
        throw readError(outcome.failures, ids.length, api.region);
    return targets.map((t) => ({
        ...outcome.values.get(t.id),
        request: t.request,
    }));
}
async function fetchInBatches(ids, api) {
    const outcome = { values: new Map(), failures: [] };
    const batches = chunk(ids, BATCH_SIZE);
    const settled = await mapLimit(batches, PARALLEL_CALLS, (batch) => fetchBatch(batch, api).then((result) => ({ ok: true, result }), (err) => ({ ok: false, err })));
    const denied = [];
    settled.forEach((s, i) => {
        if (s.ok) {
            merge(outcome, s.result);
            return;
        }
        if (!isAccessDenied(s.err))
            throw serviceFailure({ service: 'Secrets Manager', operation: 'BatchGetSecretValue' }, s.err);
        denied.push(...(batches[i] ?? []));
    });
    if (denied.length > 0) {
        api.ctx.logger.info('BatchGetSecretValue is denied to this role; reading each secret with GetSecretValue. ' +
            'Allow secretsmanager:BatchGetSecretValue for fewer calls.');
        merge(outcome, await fetchOneByOne(denied, { stage: CURRENT }, api));
    }
    return outcome;
}
function merge(into, from) {
    for (const [id, value] of from.values)
        into.values.set(id, value);
    into.failures.push(...from.failures);
}
async function fetchBatch(ids, api) {
    const outcome = { values: new Map(), failures: [] };
    const what = { service: 'Secrets Manager', operation: 'BatchGetSecretValue' };
    let token;
    do {
        const page = await callAws(api.ctx, what, () => api.client.send(new api.sdk.BatchGetSecretValueCommand({ SecretIdList: ids, NextToken: token })));
        for (const v of page.SecretValues ?? []) {
            const id = ids.find((candidate) => matches(candidate, v.Name, v.ARN));
            if (id !== undefined)
                outcome.values.set(id, toValue(v));
        }
        for (const e of page.Errors ?? []) {
            outcome.failures.push({ id: e.SecretId ?? '?', reason: reasonFor(e.ErrorCode, e.Message) });
        }
        token = page.NextToken;
    } while (token);
    for (const id of ids) {
        const known = outcome.values.has(id) || outcome.failures.some((f) => f.id === id);
        if (!known)
            outcome.failures.push({
                id,
                reason: 'Secrets Manager returned neither a value nor an error for it',
            });
    }
    return outcome;
}
/** A requested id names a secret by its name, its full ARN, or its ARN without the suffix. */
function matches(id, name, arn) {
    if (id === name || id === arn)
        return true;
    return (arn !== undefined &&
        /^arn:/.test(id) &&
        arn.startsWith(`${id}-`) &&
        arn.length === id.length + 7);
}
async function fetchOneByOne(ids, version, api) {
    const outcome = { values: new Map(), failures: [] };
    const what = { service: 'Secrets Manager', operation: 'GetSecretValue' };
    await mapLimit(ids, PARALLEL_CALLS, async (id) => {
        try {
            const out = await callAws(api.ctx, what, () => api.client.send(new api.sdk.GetSecretValueCommand({
                SecretId: id,
                VersionId: version.id,
                VersionStage: version.id === undefined ? version.stage : undefined,
            })));
            outcome.values.set(id, toValue(out));
        }
        catch (err) {
            outcome.failures.push({ id, reason: reasonFor((0,errors/* awsErrorCode */.J6)(err), (0,errors/* describeError */.Uc)(err)) });
        }
    });
    return outcome;
}
function toValue(v) {
    return {
        name: v.Name ?? '',
        arn: v.ARN ?? '',
        versionId: v.VersionId ?? '',
        value: v.SecretString ?? v.SecretBinary ?? '',
    };
}
function reasonFor(code, message) {
    switch (code) {
        case 'ResourceNotFoundException':
            return 'not found (check the name, the version and aws-region)';
        case 'AccessDeniedException':
        case 'AccessDenied':
            return 'access denied: allow the role secretsmanager:GetSecretValue on this secret';
        case 'DecryptionFailure':
        case 'KMSAccessDeniedException':
        case 'KMSDisabledException':
        case 'KMSInvalidStateException':
            return "cannot be decrypted: allow the role kms:Decrypt on the secret's KMS key";
        case 'InvalidRequestException':
            return `cannot be read now (${message ?? 'invalid request'}); it may be scheduled for deletion`;
        default:
            return `${code ?? 'error'}: ${message ?? 'no message'}`;
    }
}
function readError(failures, total, region) {
    const lines = failures
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((f) => `  - ${f.id}: ${f.reason}`);
    const kind = failures.every((f) => f.reason.startsWith('not found')) ? 'not-found' : 'permission';
    return new errors/* UserError */.yo(`Could not read ${failures.length} of ${total} secrets in ${region}; nothing was exported:\n` +
        lines.join('\n'), kind);
}

;// CONCATENATED MODULE: ./actions/shared/secrets/naming.ts
/**
 * How a secret's name (and the keys of a JSON secret) become variable names.
 *
 * The rules follow the official Secrets Manager action so existing workflows keep their names:
 * characters outside `[A-Za-z0-9_]` become `_`, a leading digit gets a `_` in front, then the
 * case transform applies.
 */
const NOT_NAME_CHAR = /[^A-Za-z0-9_]/gu;
const PREFIX_SEPARATORS = /^[/_-]+/;
/**
 * Turns any text into a valid variable name: `github-token` → `GITHUB_TOKEN`,
 * `1password` → `_1PASSWORD`. Each non-ASCII character (a whole code point) becomes one `_`.
 */
function toVariableName(raw, transform) {
    const sanitized = raw.replace(NOT_NAME_CHAR, '_');
    const safe = /^[0-9]/.test(sanitized) ? `_${sanitized}` : sanitized;
    return applyCase(safe, transform);
}
/**
 * Turns text that is appended after `_` to an existing name (a JSON key, the rest of a name
 * after its prefix) into name characters. No `_` is added before a leading digit: the result
 * never starts a name.
 */
function toNamePart(raw, transform) {
    return applyCase(raw.replace(NOT_NAME_CHAR, '_'), transform);
}
/**
 * The variable name of a fetched secret, before any JSON key is appended.
 *
 * - an alias on a single secret is used exactly as written;
 * - an alias on a prefix gives `ALIAS_` + the rest of the name after the prefix (leading `/`,
 *   `-`, `_` dropped), or the alias alone when nothing is left;
 * - otherwise the secret's name (never its ARN), transformed.
 */
function baseName(request, secretName, transform) {
    if (request.alias === undefined)
        return toVariableName(secretName, transform);
    if (!request.prefix)
        return request.alias;
    const rest = secretName.startsWith(request.id) ? secretName.slice(request.id.length) : secretName;
    const remainder = rest.replace(PREFIX_SEPARATORS, '');
    return remainder === '' ? request.alias : `${request.alias}_${toNamePart(remainder, transform)}`;
}
function applyCase(name, transform) {
    if (transform === 'uppercase')
        return name.toUpperCase();
    if (transform === 'lowercase')
        return name.toLowerCase();
    return name;
}

;// CONCATENATED MODULE: ./actions/shared/secrets/plan.ts
/**
 * The export plan: every value that will leave the action, where it goes, and what to mask.
 *
 * The plan is all or nothing. Every name conflict is found before anything is returned, so the
 * action never exports half of the secrets and then fails on the rest.
 */




/** Env var names that change how the runner or later steps behave (compared upper-cased). */
const HIJACKING_NAMES = new Set([
    'PATH',
    'NODE_OPTIONS',
    'LD_PRELOAD',
    'LD_LIBRARY_PATH',
    'BASH_ENV',
    'ENV',
    'HOME',
    'SHELL',
    'NODE_EXTRA_CA_CERTS',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'NO_PROXY',
]);
const RESERVED_PREFIXES = ['GITHUB_', 'RUNNER_', 'ACTIONS_'];
/** JSON leaves that say nothing secret; masking them would star out every `true` in the log. */
const UNMASKED_LITERALS = new Set(['true', 'false', 'null']);
const RENAME_HINT = 'rename it with an alias (ALIAS=secret-id)';
/**
 * Plans every export of the fetched secrets: env vars, outputs and files, with their names.
 *
 * Throws one `UserError` (kind `input`) listing every name that collides, is reserved, or is
 * already set in `existingEnv`. Error messages name secrets, keys and variables, never values.
 */
function planExports(secrets, options, existingEnv, reservedOutputs) {
    const masks = new Set();
    const planned = [];
    for (const secret of secrets) {
        const leaves = leavesOf(secret.value, options.parseJson);
        addMasks(masks, secret.value, leaves);
        const base = baseName(secret.request, secret.name, options.transform);
        for (const leaf of leaves)
            planned.push(...plannedValues(secret, leaf, base, options));
    }
    const problems = [
        ...envProblems(planned, existingEnv),
        ...outputProblems(planned, reservedOutputs),
        ...fileProblems(planned),
    ];
    if (problems.length > 0)
        throw planError(problems);
    return { values: planned.map((entry) => entry.value), masks: [...masks] };
}
function leavesOf(value, parseJson) {
    if (typeof value !== 'string') {
        return [{ keys: [], text: Buffer.from(value).toString('base64'), content: value }];
    }
    const object = parseJson ? parseJsonObject(value) : undefined;
    if (object === undefined)
        return [{ keys: [], text: value, content: value }];
    return flatten(object, []);
}
function flatten(entries, keys) {
    return entries.flatMap(([key, node]) => {
        if (node.kind === 'object')
            return flatten(node.entries, [...keys, key]);
        const text = node.kind === 'string' ? node.value : compactJson(node);
        return [{ keys: [...keys, key], text, content: text }];
    });
}
function addMasks(masks, raw, leaves) {
    const whole = typeof raw === 'string' ? raw : Buffer.from(raw).toString('base64');
    for (const form of maskForms(whole))
        masks.add(form);
    for (const leaf of leaves) {
        if (leaf.keys.length > 0 && UNMASKED_LITERALS.has(leaf.text))
            continue;
        for (const form of maskForms(leaf.text))
            masks.add(form);
    }
}
function plannedValues(secret, leaf, base, options) {
    const name = [base, ...leaf.keys.map((key) => toNamePart(key, options.transform))].join('_');
    const source = { secretName: secret.name, versionId: secret.versionId };
    const common = leaf.keys.length > 0 ? { ...source, jsonPath: leaf.keys.join('.') } : source;
    return secret.request.exposures.map((exposure) => {
        const value = exposure === 'file'
            ? {
                ...common,
                exposure,
                name: `${name}_FILE`,
                path: (0,external_node_path_.join)(options.fileDir, name),
                value: leaf.content,
            }
            : { ...common, exposure, name, value: leaf.text };
        return { value, line: secret.request.line };
    });
}
// ---------------------------------------------------------------------------------------------
// Name checks
/** Env var names: exact (Linux is case-sensitive); NAME_FILE of a file counts as an env var. */
function envProblems(planned, existingEnv) {
    const envs = planned.filter((entry) => entry.value.exposure !== 'output');
    const problems = [];
    for (const [name, group] of groupBy(envs, (entry) => entry.value.name)) {
        const from = describeAll(group);
        if (group.length > 1)
            problems.push(`env var ${name} would be set by ${from}`);
        if (isReservedEnv(name)) {
            problems.push(`env var ${name} (from ${from}) is reserved by the runner or would change how later ` +
                `steps run; ${RENAME_HINT}`);
        }
        else if (existingEnv[name] !== undefined) {
            problems.push(`env var ${name} (from ${from}) is already set in this job; ${RENAME_HINT}`);
        }
    }
    return problems;
}
function isReservedEnv(name) {
    const upper = name.toUpperCase();
    return HIJACKING_NAMES.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}
/** Output names ignore case in GitHub expressions, so they are compared case-insensitively. */
function outputProblems(planned, reservedOutputs) {
    const outputs = planned.filter((entry) => entry.value.exposure === 'output');
    const reserved = new Set(reservedOutputs.map((name) => name.toLowerCase()));
    const problems = [];
    for (const [lower, group] of groupBy(outputs, (entry) => entry.value.name.toLowerCase())) {
        const names = [...new Set(group.map((entry) => entry.value.name))].join(' and ');
        const from = describeAll(group);
        if (group.length > 1) {
            problems.push(`output ${names} would be set by ${from} (output names ignore case)`);
        }
        if (reserved.has(lower)) {
            problems.push(`output ${names} (from ${from}) is an output of this action; ${RENAME_HINT}`);
        }
    }
    return problems;
}
/** File names are compared case-insensitively: macOS and Windows runners ignore case. */
function fileProblems(planned) {
    const files = planned.filter((entry) => entry.value.exposure === 'file');
    const problems = [];
    for (const group of groupBy(files, (entry) => (entry.value.path ?? '').toLowerCase()).values()) {
        if (group.length < 2)
            continue;
        const names = [...new Set(group.map((entry) => entry.value.name.slice(0, -'_FILE'.length)))];
        problems.push(`file ${names.join(' and ')} would be written by ${describeAll(group)}`);
    }
    return problems;
}
function groupBy(entries, key) {
    const groups = new Map();
    for (const entry of entries) {
        const k = key(entry);
        groups.set(k, [...(groups.get(k) ?? []), entry]);
    }
    return groups;
}
/** `secret 'prod/db' key 'db.password' (line 3)`: names and places only, never a value. */
function describeAll(group) {
    const sources = group.map(({ value, line }) => {
        const key = value.jsonPath === undefined ? '' : ` key '${value.jsonPath}'`;
        const role = value.exposure === 'file' ? ', the path of its file' : '';
        return `secret '${value.secretName}'${key} (line ${line}${role})`;
    });
    return [...new Set(sources)].join(' and ');
}
function planError(problems) {
    const count = problems.length === 1 ? 'a name' : `${problems.length} names`;
    return new errors/* UserError */.yo(`Input 'secrets' would export ${count} that cannot be used:\n` +
        problems.map((problem) => `- ${problem}`).join('\n') +
        '\nGive each such secret its own name with an alias (ALIAS=secret-id), ' +
        'or change where it goes after | (env, output, file).', 'input');
}
const WHITESPACE = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\]+|\\.)*"/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
/** The entries of a JSON object held in `text`, or undefined for anything else. */
function parseJsonObject(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        return undefined;
    const node = readValue({ text, pos: 0 });
    return node.kind === 'object' ? node.entries : undefined;
}
function readValue(cursor) {
    readToken(cursor, WHITESPACE);
    const char = cursor.text[cursor.pos];
    if (char === '{')
        return { kind: 'object', entries: lastValues(readList(cursor, '}', readEntry)) };
    if (char === '[')
        return { kind: 'array', items: readList(cursor, ']', readValue) };
    if (char === '"')
        return { kind: 'string', value: readString(cursor) };
    return { kind: 'literal', text: readToken(cursor, LITERAL) };
}
function readEntry(cursor) {
    readToken(cursor, WHITESPACE);
    const key = readString(cursor);
    readToken(cursor, WHITESPACE);
    cursor.pos++; // ':'
    return [key, readValue(cursor)];
}
/** Reads the items of `[...]` or `{...}`, the cursor on the opening bracket. */
function readList(cursor, close, readItem) {
    const items = [];
    cursor.pos++;
    readToken(cursor, WHITESPACE);
    if (cursor.text[cursor.pos] === close) {
        cursor.pos++;
        return items;
    }
    for (let more = true; more;) {
        items.push(readItem(cursor));
        readToken(cursor, WHITESPACE);
        more = cursor.text[cursor.pos] !== close;
        cursor.pos++; // ',' or the closing bracket
    }
    return items;
}
/** A repeated key keeps its first place and its last value, as with JSON.parse. */
function lastValues(entries) {
    return [...new Map(entries)];
}
function readString(cursor) {
    return JSON.parse(readToken(cursor, STRING));
}
function readToken(cursor, pattern) {
    pattern.lastIndex = cursor.pos;
    const match = pattern.exec(cursor.text);
    if (match === null)
        throw new Error(`Unexpected JSON text at offset ${cursor.pos}`);
    cursor.pos = pattern.lastIndex;
    return match[0];
}
/** Compact JSON text of a node, numbers exactly as written in the secret. */
function compactJson(node) {
    switch (node.kind) {
        case 'object': {
            const members = node.entries.map(([key, value]) => `${JSON.stringify(key)}:${compactJson(value)}`);
            return `{${members.join(',')}}`;
        }
        case 'array':
            return `[${node.items.map(compactJson).join(',')}]`;
        case 'string':
            return JSON.stringify(node.value);
        case 'literal':
            return node.text;
    }
}

;// CONCATENATED MODULE: ./actions/shared/core/summary.ts
/** Markdown for job summaries, built as text so it can be tested without the runner. */
/** Escapes a table cell: pipes would split it, newlines would end the row. */
function escapeCell(text) {
    return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
function markdownTable(headers, rows) {
    const line = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
    return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}
/** Inline code in a table cell, safe against backticks in the text. */
function code(text) {
    return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

;// CONCATENATED MODULE: ./actions/shared/secrets/report.ts
/** The job summary of fetch-secrets: names, versions and destinations, never values. */

function summaryMarkdown(secrets, plan, ages, session) {
    const unique = new Map(secrets.map((s) => [s.arn, s]));
    const rows = [...unique.values()].map((s) => {
        const destinations = plan.values
            .filter((v) => v.secretName === s.name)
            .map((v) => `${v.exposure} ${code(v.name)}`);
        const age = ages.get(s.arn);
        return [
            code(s.name),
            code(s.versionId),
            destinations.join(', ') || '(no values)',
            age ? `${age.ageDays} days ago${age.rotationEnabled ? '' : ' (rotation off)'}` : '-',
        ];
    });
    return [
        '### fetch-secrets',
        '',
        `Read ${unique.size} secret(s) as ${code(session.principalArn)} in ${code(session.region)}.`,
        '',
        markdownTable(['Secret', 'Version', 'Exposed as', 'Last rotated'], rows),
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./actions/shared/secrets/rotation.ts
/**
 * The rotation promise: a secret that has not rotated (or changed) within `max-secret-age-days`
 * is reported, as a warning or as a failure before anything is exported.
 */




const DAY_MS = 86_400_000;
async function secretAges(secrets, api, now) {
    const arns = [...new Set(secrets.map((s) => s.arn))];
    const what = { service: 'Secrets Manager', operation: 'DescribeSecret' };
    const ages = await mapLimit(arns, 8, async (arn) => {
        const out = await callAws(api.ctx, what, () => api.client.send(new api.sdk.DescribeSecretCommand({ SecretId: arn }))).catch((err) => {
            throw explainDescribeFailure(err, arn);
        });
        const last = out.LastRotatedDate ?? out.LastChangedDate ?? out.CreatedDate ?? now;
        const age = {
            name: out.Name ?? arn,
            ageDays: Math.floor((now.getTime() - last.getTime()) / DAY_MS),
            rotationEnabled: out.RotationEnabled ?? false,
        };
        return [arn, age];
    });
    return new Map(ages);
}
function explainDescribeFailure(err, arn) {
    if (!isAccessDenied(err)) {
        return serviceFailure({ service: 'Secrets Manager', operation: 'DescribeSecret' }, err);
    }
    return new errors/* UserError */.yo(`Input 'max-secret-age-days' needs secretsmanager:DescribeSecret, which the role lacks on ` +
        `${arn}. Allow it, or set max-secret-age-days to 0.`, 'permission', { cause: err });
}
/** Returns the warnings to log; throws when the policy says a stale secret fails the step. */
function enforceRotation(ages, policy) {
    if (policy.maxAgeDays <= 0)
        return [];
    const stale = [...ages].filter((a) => a.ageDays > policy.maxAgeDays);
    const lines = stale.map((a) => `${a.name} last rotated ${a.ageDays} days ago` +
        (a.rotationEnabled ? '' : ' (rotation is not enabled on it)'));
    if (lines.length === 0)
        return [];
    const head = `${lines.length} secret(s) are older than max-secret-age-days (${policy.maxAgeDays})`;
    if (policy.onStale === 'fail') {
        throw new errors/* UserError */.yo(`${head}; nothing was exported:\n  - ${lines.join('\n  - ')}\nRotate them, or raise ` +
            'max-secret-age-days, or set on-stale-secret to warn.', 'configuration');
    }
    return lines.map((l) => `${l}: older than max-secret-age-days (${policy.maxAgeDays}); rotate it.`);
}

;// CONCATENATED MODULE: ./actions/shared/secrets/index.ts
/**
 * fetch-secrets, start to finish: sign in, read every secret, check rotation, plan every name,
 * mask, audit, and only then export. Anything wrong before the export leaves nothing behind.
 */













/** Outputs the action always sets; a secret exported as an output may not take these names. */
const FIXED_OUTPUTS = ['names', 'count', 'versions', 'file-directory'];
async function fetchSecrets(inputs, deps) {
    const { logger } = deps;
    // The Secrets Manager client loads while sign-in waits on the network.
    const sdk = loadSecretsSdk();
    const session = await logger.group('Sign in to AWS', () => openAwsSession(inputs.aws, deps));
    const api = await openSecretsApi(session, deps, sdk);
    try {
        const fetched = await logger.group('Read secrets', () => readAll(inputs, api, deps));
        const ages = await checkRotation(inputs, fetched, api, deps);
        const fileDir = (0,external_node_path_.join)(deps.env.RUNNER_TEMP ?? (0,external_node_os_.tmpdir)(), `fetch-secrets-${(0,external_node_crypto_.randomUUID)()}`);
        const plan = planExports(fetched, { transform: inputs.nameTransformation, parseJson: inputs.parseJson, fileDir }, deps.env, FIXED_OUTPUTS);
        for (const form of plan.masks)
            deps.io.mask(form);
        if (inputs.auditLogGroup)
            await audit(inputs.auditLogGroup, session, fetched, deps);
        await exportAll(inputs, plan, fileDir, session, deps);
        await report(fetched, plan, ages, session, deps);
    }
    catch (err) {
        if (inputs.auditLogGroup)
            await auditFailure(inputs.auditLogGroup, session, err, deps);
        throw err;
    }
    finally {
        api.client.destroy();
    }
}
async function readAll(inputs, api, deps) {
    const targets = await resolveTargets(inputs.secrets, api);
    const fetched = await fetchValues(targets, inputs.version, api);
    // Masked the moment they exist: every raw value, binary ones in their base64 form too.
    for (const s of fetched) {
        const text = typeof s.value === 'string' ? s.value : Buffer.from(s.value).toString('base64');
        for (const form of maskForms(text))
            deps.io.mask(form);
    }
    deps.logger.info(`Read ${new Set(fetched.map((s) => s.arn)).size} secret(s).`);
    return fetched;
}
async function checkRotation(inputs, fetched, api, deps) {
    if (inputs.rotation.maxAgeDays <= 0)
        return new Map();
    const ages = await secretAges(fetched, api, deps.now?.() ?? new Date());
    for (const warning of enforceRotation(ages.values(), inputs.rotation))
        deps.logger.warning(warning);
    return ages;
}
async function exportAll(inputs, plan, fileDir, session, deps) {
    const extra = inputs.aws.exportCredentials ? [...CREDENTIAL_VARIABLES] : [];
    await applyPlan(plan, fileDir, extra, deps.io);
    if (inputs.aws.exportCredentials)
        exportCredentials(session, deps.io);
    const names = plan.values.map((v) => v.name);
    const versions = Object.fromEntries(plan.values.map((v) => [v.secretName, v.versionId]));
    const hasFiles = plan.values.some((v) => v.exposure === 'file');
    deps.io.setOutput('names', JSON.stringify(names));
    deps.io.setOutput('count', String(Object.keys(versions).length));
    deps.io.setOutput('versions', JSON.stringify(versions));
    deps.io.setOutput('file-directory', hasFiles ? fileDir : '');
    deps.logger.info(`Exported ${names.length} value(s): ${names.join(', ')}.`);
}
async function report(fetched, plan, ages, session, deps) {
    if (!deps.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        await deps.io.summary(summaryMarkdown(fetched, plan, ages, session));
    }
    catch (err) {
        deps.logger.warning(`Could not write the job summary: ${(0,errors/* describeError */.Uc)(err)}`);
    }
}
async function audit(logGroup, session, fetched, deps) {
    const secrets = [
        ...new Map(fetched.map((s) => [s.arn, { name: s.name, arn: s.arn, versionId: s.versionId }])).values(),
    ];
    await writeAudit({ logGroup, session }, [{ event: 'secrets.read', outcome: 'success', secrets }], deps);
    deps.logger.info(`Recorded the read of ${secrets.length} secret(s) in ${logGroup}.`);
}
/** A failed run is recorded too, best effort: the original error is what the user must see. */
async function auditFailure(logGroup, session, err, deps) {
    try {
        await writeAudit({ logGroup, session }, [{ event: 'secrets.read', outcome: 'failure', error: (0,errors/* describeError */.Uc)(err) }], deps);
    }
    catch (auditErr) {
        deps.logger.warning(`Could not record the failure in ${logGroup}: ${(0,errors/* describeError */.Uc)(auditErr)}`);
    }
}


/***/ })

};
