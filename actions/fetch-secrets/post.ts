import { actionsLogger } from '../shared/platform/logger.js';
import { runAction } from '../shared/platform/run.js';
import { actionsRunner } from '../shared/platform/runner.js';
import { cleanUp } from '../shared/secrets/apply.js';

await runAction({ action: 'fetch-secrets cleanup', post: true }, () =>
  cleanUp(actionsRunner, actionsLogger),
);
