/**
 * Lease renewal: while a worker runs jobs, it extends their leases every `everyMs` (a third of the
 * lease by default) in one statement. So a lease can be short — a dead node's jobs are claimed again
 * soon after it stops renewing — while a job may run longer than the lease (a slow webhook receiver).
 * A renewal that finds a job no longer this claim's (its lease ran out during a stall and another
 * worker claimed it) stops renewing it; the job's own writes are guarded by its claim, so this run's
 * outcome is not recorded over the new owner's.
 */
import type { Clock } from '../domain/clock.js';
import type { Queryable } from '../store/db.js';
import { renewLeases, type Job } from '../store/jobs.js';
import type { WorkerLog } from './worker.js';

export interface Leases {
  /** Renews `job`'s lease until it is dropped. */
  hold(job: Job): void;
  drop(job: Job): void;
  /** Renews the leases held now, at once (the timer's work; tests call it). */
  renew(): Promise<void>;
  stop(): void;
}

export interface LeaseOptions {
  readonly db: Queryable;
  readonly clock: Clock;
  readonly leaseMs: number;
  readonly everyMs: number;
  readonly log: WorkerLog;
}

export function createLeases({ db, clock, leaseMs, everyMs, log }: LeaseOptions): Leases {
  const held = new Map<string, Job>();
  let timer: NodeJS.Timeout | undefined;
  let renewing: Promise<void> | undefined;
  let failing = false;

  const renewNow = async (): Promise<void> => {
    const claims = [...held.values()];
    if (claims.length === 0) return;
    try {
      const still = await renewLeases(db, claims, new Date(clock.now().getTime() + leaseMs));
      if (failing) log.warn({ jobs: claims.length }, 'job leases renewed again');
      failing = false;
      for (const job of claims) {
        if (still.has(job.id) || held.get(job.id) !== job) continue;
        held.delete(job.id);
        log.warn(
          { job_id: job.id, kind: job.kind, attempt: job.attempts },
          'job lease lost to another worker: this run will not record its outcome over the new one',
        );
      }
    } catch (error) {
      // Logged once per spell of failures, not at every beat of an outage.
      if (!failing) log.warn({ err: error }, 'could not renew job leases; retrying at the next beat');
      failing = true;
    }
  };

  const renew = (): Promise<void> => {
    renewing ??= renewNow().finally(() => {
      renewing = undefined;
    });
    return renewing;
  };

  return {
    hold(job) {
      held.set(job.id, job);
      if (timer === undefined) {
        timer = setInterval(() => void renew(), everyMs);
        timer.unref();
      }
    },
    drop(job) {
      if (held.get(job.id) === job) held.delete(job.id);
      if (held.size === 0) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    renew,
    stop() {
      held.clear();
      clearInterval(timer);
      timer = undefined;
    },
  };
}
