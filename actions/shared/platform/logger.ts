/** The `Logger` the actions use on a runner, backed by `@actions/core`. */
import * as core from '@actions/core';

import type { Annotation, Logger } from '../core/logger.js';

export const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warning: (message, where) => core.warning(message, toProperties(where)),
  error: (message, where) => core.error(message, toProperties(where)),
  group: (name, fn) => core.group(name, fn),
};

function toProperties(where?: Annotation): core.AnnotationProperties | undefined {
  if (!where) return undefined;
  return {
    file: where.file,
    startLine: where.startLine,
    endLine: where.endLine,
    title: where.title,
  };
}
