/**
 * The worker: claims due jobs (queue.ts) and runs each with the handler registered for its kind.
 * Any number of nodes may run one on the same store; the claim's SKIP LOCKED and lease keep them from
 * sharing a job, and a job a dead node held is picked up when its lease runs out. A job runs at least
 * once, so handlers must be idempotent (check the state they are about to change).
 */
import type { Deps } from '../flows/deps.js';
import { createLeases } from './leases.js';
import { createCompletions } from './completions.js';
import { claimDue, deadLetterJob, retryJob, type Job } from '../store/jobs.js';

/** Runs one job. Throwing schedules a retry (with backoff); returning finishes the job. */
export type JobHandler = (deps: Deps, payload: unknown) => Promise<void>;

export interface WorkerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  /** Pause between two polls of `start()`. */
  readonly pollMs: number;
  /** Jobs claimed at a time, and run side by side: the bound on the worker's concurrency. */
  readonly batch?: number;
  /**
   * How long a claimed job is this worker's without renewal; past it, another worker may run it
   * again. Renewed while the job runs, so it bounds how long a dead node's jobs wait, not a job's run.
   */
  readonly leaseMs?: number;
  /** How often running jobs' leases are renewed; a third of the lease unless set. */
  readonly renewEveryMs?: number;
  /** Attempts before a failing job is given up (dead). */
  readonly maxAttempts?: number;
  /**
   * Runs at the start of every pass, before due jobs are claimed: the outbox relay, which turns new
   * events into delivery jobs that the same pass then runs.
   */
  readonly beforePass?: (deps: Deps) => Promise<unknown>;
  /**
   * At most this many jobs of a kind at once, below `batch`: webhook deliveries, which may wait for a
   * slow receiver, leave slots for timers.
   */
  readonly kindLimits?: Readonly<Record<string, number>>;
  /** Runs when a job with a handler is given up, so what it was doing can be marked as failed. */
  readonly onDead?: (deps: Deps, job: Job, reason: string) => Promise<void>;
  readonly log: WorkerLog;
}

export interface Worker {
  /**
   * Claims and runs every job due now, once, and waits for them; resolves with how many handlers it
   * ran (failed ones too).
   */
  runDue(): Promise<number>;
  /**
   * Polls every `pollMs` until `stop()`, starting due jobs into free slots without waiting for them;
   * polls never overlap, and the timer does not keep the process up.
   */
  start(): void;
  /** Polls now rather than at the next interval (new work was committed); a no-op unless started. */
  wake(): void;
  /** Stops polling and waits for the runs in progress. */
  stop(): Promise<void>;
}

export const WORKER_DEFAULTS = { batch: 16, leaseMs: 10_000, maxAttempts: 10 } as const;

/** After failed polls (the store is down) the next waits twice as long, up to this. */
export const POLL_BACKOFF_CAP_MS = 5_000;
/** While polls keep failing, one line says so this often, not one per poll. */
const FAILING_LOG_EVERY_MS = 30_000;

export function createWorker(
  deps: Deps,
  handlers: Readonly<Record<string, JobHandler>>,
  options: WorkerOptions,
): Worker {
  const { db, clock } = deps;
  const { pollMs, log } = options;
  const batch = options.batch ?? WORKER_DEFAULTS.batch;
  const leaseMs = options.leaseMs ?? WORKER_DEFAULTS.leaseMs;
  const maxAttempts = options.maxAttempts ?? WORKER_DEFAULTS.maxAttempts;
  const leases = createLeases({
    db,
    clock,
    leaseMs,
    everyMs: options.renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    log,
  });
  // Finished jobs are deleted together: one statement for every job that ended meanwhile.
  const completions = createCompletions(db);

  /** Tells the job's owner it was given up (a webhook delivery then ends `failed`); never rejects. */
  const buried = async (job: Job, reason: string): Promise<void> => {
    try {
      await options.onDead?.(deps, job, reason);
    } catch (error) {
      log.error({ job_id: job.id, kind: job.kind, err: error }, 'could not record that a job is dead');
    }
  };

  /**
   * Runs one claimed job and records the outcome; resolves with whether its handler ran. Never rejects.
   * Every write names the claim (`job.attempts`): a run whose job was taken over records nothing.
   */
  const runOne = async (job: Job): Promise<boolean> => {
    const context = { job_id: job.id, kind: job.kind, attempt: job.attempts };
    let ran = false;
    leases.hold(job);
    try {
      // Own properties only: a kind named `toString` must not find Object.prototype's.
      const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
      if (handler === undefined) {
        // Retrying cannot help until a release adds the handler; a dead job stays visible meanwhile.
        log.error(context, 'no handler for this job kind; the job is dead');
        await deadLetterJob(db, job.id, clock.now(), `no handler for job kind "${job.kind}"`, job.attempts);
        return false;
      }
      if (job.attempts > maxAttempts) {
        // A failure at maxAttempts kills a job, so only attempts that ended without an outcome (a
        // crashed or stalled node, a lease run out) get it here: stop handing it out.
        log.error(context, 'job keeps outliving its lease; the job is dead');
        const reason = `claimed ${job.attempts} times (limit ${maxAttempts}): attempts kept ending without an outcome`;
        if (await deadLetterJob(db, job.id, clock.now(), reason, job.attempts)) await buried(job, reason);
        return false;
      }
      ran = true;
      try {
        await handler(deps, job.payload);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const outcome = await retryJob(db, job.id, clock.now(), message, maxAttempts, job.attempts);
        if (outcome?.dead) {
          log.error({ ...context, err: error }, 'job failed for the last time; the job is dead');
          await buried(job, message);
        } else
          log.warn({ ...context, err: error, retry_at: outcome?.runAt }, 'job failed; it will be retried');
        return true;
      }
      await completions.complete(job);
    } catch (error) {
      // The store failed recording the outcome: the job is still leased, and runs again after it.
      log.error(
        { ...context, err: error },
        'could not record a job outcome; it runs again once its lease ends',
      );
    } finally {
      leases.drop(job);
    }
    return ran;
  };

  /**
   * The jobs running now, whoever started them. At most `batch` at a time: a slot is refilled as soon
   * as a job ends, so one slow job (a receiver taking its whole timeout) holds one slot, not the node.
   */
  const running = new Set<Promise<void>>();
  const runningOf = new Map<string, number>();
  const kindLimits = options.kindLimits ?? {};

  /**
   * Claims due jobs into the free slots and starts them; `onEnd` hears whether each handler ran.
   * Resolves with whether nothing more is due (true), or jobs may still wait: slots were full, or a
   * kind was at its limit (and may have dropped below it meanwhile).
   */
  const fill = async (cutoff: Date, onEnd: (ran: boolean) => void): Promise<boolean> => {
    for (;;) {
      const free = batch - running.size;
      if (free <= 0) return false;
      // A kind at its limit is left in the queue; one below it takes at most what it has left, so a
      // single claim cannot overshoot it.
      const left = Object.entries(kindLimits).map(
        ([kind, limit]) => [kind, limit - (runningOf.get(kind) ?? 0)] as const,
      );
      const excluded = left.filter(([, n]) => n <= 0).map(([kind]) => kind);
      const want = Math.min(free, ...left.filter(([, n]) => n > 0).map(([, n]) => n));
      // Leases run from the claim's real moment, not from the cutoff.
      const lease = leaseMs + Math.max(0, clock.now().getTime() - cutoff.getTime());
      const jobs = await claimDue(db, cutoff, want, lease, excluded);
      for (const job of jobs) {
        runningOf.set(job.kind, (runningOf.get(job.kind) ?? 0) + 1);
        // runOne never rejects: each job's outcome, failures of the store included, is its own affair.
        const run: Promise<void> = runOne(job)
          .then(onEnd)
          .finally(() => {
            running.delete(run);
            runningOf.set(job.kind, (runningOf.get(job.kind) ?? 1) - 1);
          });
        running.add(run);
      }
      if (jobs.length < want) return excluded.length === 0;
    }
  };

  const runDue = async (): Promise<number> => {
    await options.beforePass?.(deps);
    // Due means due when the pass began: a job retried during the pass is due later than that, so
    // the pass ends even on a clock that does not move (tests), and runs no job twice.
    const cutoff = clock.now();
    let ran = 0;
    const count = (didRun: boolean): void => {
      if (didRun) ran++;
    };
    for (;;) {
      const drained = await fill(cutoff, count);
      if (running.size === 0) {
        if (drained) return ran;
        continue;
      }
      // A job that ends frees a slot, and may have enqueued another that is due.
      await Promise.race(running);
    }
  };

  let polling = false;
  let timer: NodeJS.Timeout | undefined;
  let polled: Promise<void> = Promise.resolve();

  // While polling, a job that ends refills its slot at once: waiting for the next poll would cap a
  // node at `batch` jobs per poll interval (40/s by default), and a backlog above that would only grow.
  // One fill at a time, so two never claim the same free slots; a refill asked for meanwhile runs
  // after it.
  let filling: Promise<void> | undefined;
  let asked = 0;
  const refill = (): Promise<void> => {
    asked++;
    if (filling) return filling;
    const run = async (): Promise<void> => {
      let served: number;
      do {
        served = asked;
        await fill(clock.now(), onEnd);
      } while (asked !== served && polling);
    };
    filling = run().finally(() => {
      filling = undefined;
    });
    return filling;
  };
  const onEnd = (): void => {
    if (polling) {
      refill().catch((error: unknown) => {
        failed(error);
      });
    }
  };
  const schedule = (delay = pollMs): void => {
    timer = setTimeout(() => {
      timer = undefined;
      polled = poll();
    }, delay);
    timer.unref();
  };
  // Polls failing in a row (the store is down): they back off, and are logged once, then seldom.
  let failures = 0;
  let failingSince = 0;
  let failingLogged = 0;
  const failed = (error: unknown): void => {
    const now = Date.now();
    failures++;
    if (failures === 1) {
      failingSince = failingLogged = now;
      log.error({ err: error }, 'job poll failed; polls back off until the store answers');
    } else if (now - failingLogged >= FAILING_LOG_EVERY_MS) {
      failingLogged = now;
      log.warn({ err: error, failures, failing_ms: now - failingSince }, 'job polls are still failing');
    }
  };
  const recovered = (): void => {
    if (failures === 0) return;
    log.warn({ failures, failing_ms: Date.now() - failingSince }, 'job polls succeed again');
    failures = 0;
  };
  const nextDelay = (): number =>
    failures === 0
      ? pollMs
      : Math.min(Math.max(pollMs, POLL_BACKOFF_CAP_MS), pollMs * 2 ** Math.min(failures, 20));

  /**
   * The relay (`beforePass`) runs on its own, one at a time: a wake (new events were committed) asked
   * for while it runs makes it run once more when it ends, so wakes coalesce. It never waits for the
   * refill loop: under CPU contention a claim can take longer than the gap between two jobs ending,
   * and a relay queued behind that loop would wait as long as deliveries keep finishing, while new
   * events pile up in the outbox (docs/performance.md, "The fast-poll anomaly"). Resolves when the
   * relay that serves this call has ended; what it relayed is then claimed by a refill.
   */
  let relaying: Promise<void> | undefined;
  let relayAsked = 0;
  const relay = (): Promise<void> => {
    relayAsked++;
    if (relaying) return relaying;
    const run = async (): Promise<void> => {
      let served: number;
      do {
        served = relayAsked;
        await options.beforePass?.(deps);
      } while (relayAsked !== served && polling);
    };
    relaying = run().finally(() => {
      relaying = undefined;
    });
    return relaying;
  };

  /** A wake: relay now, then claim what it made due; a failure counts as a failed poll. */
  const relayAndRefill = async (): Promise<void> => {
    try {
      await relay();
      recovered();
    } catch (error) {
      failed(error);
      return;
    }
    onEnd();
  };

  /** Relays, then starts what is due into the free slots, without waiting for those jobs to end. */
  const poll = async (): Promise<void> => {
    try {
      await relay();
      await refill();
      recovered();
    } catch (error) {
      failed(error);
    }
    // The next poll is scheduled only once this one is over: polls never overlap.
    if (polling) schedule(nextDelay());
  };

  return {
    runDue,
    wake() {
      if (!polling) return;
      // New events were committed, so the store answers again: relay at once, even while polls back
      // off; the relay's own loop folds a burst of wakes into one or two runs.
      void relayAndRefill();
    },
    start() {
      if (polling) return;
      polling = true;
      schedule();
    },
    async stop() {
      polling = false;
      clearTimeout(timer);
      timer = undefined;
      await polled;
      await relaying?.catch(() => undefined);
      // A refill's failure was logged where it was started.
      await filling?.catch(() => undefined);
      await Promise.allSettled([...running]);
      leases.stop();
    },
  };
}
