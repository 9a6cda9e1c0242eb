/**
 * Runs the timers a sandbox clock advance claimed (flows/sandbox/clocks.ts) with the worker's handlers,
 * and records each outcome as the worker would: finished (deleted), retried after the queue's backoff,
 * or given up. The advance claimed the job, so every write names that claim.
 */
import type { TimerRunner } from '../flows/sandbox/clocks.js';
import type { Deps } from '../flows/deps.js';
import { completeJob, deadLetterJob, retryJob, type Job } from '../store/jobs.js';
import { WORKER_DEFAULTS, type JobHandler, type WorkerLog } from './worker.js';

export interface TimerRunnerOptions {
  readonly maxAttempts?: number;
  readonly onDead?: (deps: Deps, job: Job, reason: string) => Promise<void>;
  readonly log: WorkerLog;
}

export function timerRunner(
  handlers: Readonly<Record<string, JobHandler>>,
  options: TimerRunnerOptions,
): TimerRunner {
  const maxAttempts = options.maxAttempts ?? WORKER_DEFAULTS.maxAttempts;
  return {
    async run(deps, job) {
      const context = { job_id: job.id, kind: job.kind, attempt: job.attempts };
      const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
      if (handler === undefined) {
        options.log.error(context, 'no handler for this job kind; the job is dead');
        await deadLetterJob(
          deps.db,
          job.id,
          deps.clock.now(),
          `no handler for job kind "${job.kind}"`,
          job.attempts,
        );
        return 'dead';
      }
      try {
        await handler(deps, job.payload);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const outcome = await retryJob(deps.db, job.id, deps.clock.now(), message, maxAttempts, job.attempts);
        if (outcome?.dead) {
          options.log.error({ ...context, err: error }, 'timer failed for the last time; the job is dead');
          await options.onDead?.(deps, job, message);
          return 'dead';
        }
        options.log.warn(
          { ...context, err: error },
          'timer failed during a clock advance; it will be retried',
        );
        return 'failed';
      }
      await completeJob(deps.db, job.id, job.attempts);
      return 'done';
    },
  };
}
