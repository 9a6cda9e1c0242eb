/**
 * The job kinds this release can run: a kind registers its handler here, and the worker looks each
 * claimed job up in this table. A job whose kind is missing is dead-lettered, so a kind must stay
 * registered for as long as jobs of it may still be in a store.
 */
import { AUTO_COMPLETE_JOB, autoComplete } from '../flows/auto-complete.js';
import type { JobHandler } from './worker.js';

export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [AUTO_COMPLETE_JOB]: autoComplete,
};
