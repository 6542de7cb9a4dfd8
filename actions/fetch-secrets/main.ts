import * as core from '@actions/core';

import { Inputs } from '../shared/platform/inputs.js';
import { actionsLogger } from '../shared/platform/logger.js';
import { runAction } from '../shared/platform/run.js';
import { actionsRunner } from '../shared/platform/runner.js';
import { readFetchSecretsInputs } from '../shared/secrets/inputs.js';

await runAction({ action: 'fetch-secrets' }, async () => {
  const inputs = readFetchSecretsInputs(new Inputs(), process.env);

  // The AWS code loads only once the inputs are known to be good, so a bad one fails fast.
  const { fetchSecrets } = await import('../shared/secrets/index.js');
  await fetchSecrets(inputs, {
    env: process.env,
    logger: actionsLogger,
    io: actionsRunner,
    getIdToken: (audience) => core.getIDToken(audience),
  });
});
