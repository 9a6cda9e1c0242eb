/**
 * Finished jobs, deleted in groups: a job that ends while a deletion is in flight joins the next one,
 * so a busy worker spends one statement on many jobs instead of one each. Each caller still waits for
 * its own job's deletion (its lease is held until then) and hears its failure: a job whose deletion
 * failed is still leased, and runs again after the lease, as before — at least once.
 */
import type { Queryable } from '../store/db.js';
import { completeJobs, type Job } from '../store/jobs.js';

export interface Completions {
  /** Deletes `job` if it is still this claim's; resolves once it is gone, rejects if the store failed. */
  complete(job: Job): Promise<void>;
}

/** At most this many jobs in one statement. */
const MAX_GROUP = 256;

interface Waiting {
  readonly job: Job;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export function createCompletions(db: Queryable): Completions {
  let waiting: Waiting[] = [];
  let flushing = false;

  const flush = async (): Promise<void> => {
    flushing = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.slice(0, MAX_GROUP);
        waiting = waiting.slice(group.length);
        try {
          await completeJobs(
            db,
            group.map((w) => w.job),
          );
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  };

  return {
    complete(job) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ job, resolve, reject });
        // The first job of a quiet spell goes at once; the ones after it wait for that statement.
        if (!flushing) void flush();
      });
    },
  };
}
