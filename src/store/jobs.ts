/**
 * The job queue: SQL behind small typed functions (the table is in store/migrations/0005_jobs.sql).
 * A job is claimed with a lease rather than held in an open transaction: the claim is one short
 * statement, the handler runs with no connection held, and a job whose node died is claimed again
 * once its lease runs out. Delivery is therefore at least once: handlers must be idempotent.
 * Every time comes from the caller (the injected clock), never SQL now(): tests move a manual clock.
 */
import { randomBase62 } from '../domain/ids.js';
import type { Queryable } from './db.js';
import type { Statement } from './statement.js';

export interface NewJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly runAt: Date;
  /** Enqueueing a key that a live or dead job already holds does nothing: one job per key. */
  readonly dedupeKey?: string;
  readonly createdAt: Date;
  /**
   * A timer on this merchant's sandbox clock (migration 0020): due `runAt - createdAt` after the
   * merchant's time now, as the store's clock row says in the same statement; `runAt` and `createdAt`
   * are then read as real time. Frozen, the job is parked until the clock is moved.
   */
  readonly merchantId?: string;
}

/** A claimed job, as its handler sees it. `attempts` counts this claim (1 on the first run). */
export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly runAt: Date;
  readonly attempts: number;
}

/** Everything the table knows of a job, for diagnosis and tests. */
export interface JobState extends Omit<Job, 'runAt'> {
  /** NULL while parked (a merchant-clock timer whose clock is frozen before it falls due). */
  readonly runAt: Date | null;
  /** A merchant-clock timer's merchant and due instant in that merchant's time (migration 0020). */
  readonly merchantId: string | null;
  readonly dueAt: Date | null;
  readonly lockedUntil: Date | null;
  readonly lastError: string | null;
  /** Set once the job was given up: it is never claimed again. */
  readonly failedAt: Date | null;
  readonly dedupeKey: string | null;
  readonly createdAt: Date;
}

/** What `retryJob` did: scheduled another attempt at `runAt`, or gave the job up (`dead`). */
export interface RetryOutcome {
  readonly dead: boolean;
  readonly runAt: Date;
}

/** `job_<20 base62>`: jobs are internal, so their ids stay out of the public prefix table. */
export const newJobId = (): string => `job_${randomBase62(20)}`;

/** Backoff after the n-th failed attempt: RETRY_BASE_MS × 2^(n−1), never more than RETRY_CAP_MS. */
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 3_600_000;

// A handler's error message is kept for diagnosis, not as a log: a runaway message must not bloat the row.
const MAX_ERROR_LENGTH = 2_000;

/**
 * A statement, so a flow can enqueue in the same single statement as the state change that makes the
 * job necessary (`writeAll`): a charge and its timer are written together or not at all. Plain
 * INSERT … ON CONFLICT, as `writeAll` composes statements as the CTEs of one statement. The conflict
 * target is the dedupe key only: an id collision is a bug and still fails loudly.
 */
export function jobInsert(job: NewJob): Statement {
  const params = [
    job.id,
    job.kind,
    JSON.stringify(job.payload),
    job.runAt,
    job.dedupeKey ?? null,
    job.createdAt,
  ];
  if (job.merchantId === undefined) {
    return {
      sql: `INSERT INTO jobs (id, kind, payload, run_at, dedupe_key, created_at)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING`,
      params,
    };
  }
  return {
    sql: `INSERT INTO jobs (id, kind, payload, run_at, dedupe_key, created_at, merchant_id, due_at)
     VALUES ($1, $2, $3::jsonb, ${TIMER_RUN_AT('$7', '$6', '$4')}, $5, $6, $7, ${TIMER_DUE('$7', '$6', '$4')})
     ON CONFLICT (dedupe_key) DO NOTHING`,
    params: [...params, job.merchantId],
  };
}

const delayOf = (createdAt: string, runAt: string): string =>
  `extract(epoch FROM (${runAt}::timestamptz - ${createdAt}::timestamptz)) * 1000`;

/** SQL for a merchant-clock timer's real `run_at` (NULL: parked), from placeholders (0020's functions). */
export const TIMER_RUN_AT = (merchant: string, createdAt: string, runAt: string): string =>
  `sandbox_timer_run_at(${merchant}::text, ${createdAt}::timestamptz, ${delayOf(createdAt, runAt)})`;

/** SQL for the same timer's due instant on the merchant's clock. */
export const TIMER_DUE = (merchant: string, createdAt: string, runAt: string): string =>
  `sandbox_timer_due(${merchant}::text, ${createdAt}::timestamptz, ${delayOf(createdAt, runAt)})`;

/**
 * Several jobs in one statement (a fan-out), each keeping its dedupe key as `jobInsert` does; those
 * with a `merchantId` are timers on that merchant's clock, as there.
 */
export function jobsInsert(jobs: readonly NewJob[]): Statement {
  return {
    sql: `INSERT INTO jobs (id, kind, payload, run_at, dedupe_key, created_at, merchant_id, due_at)
     SELECT id, kind, payload,
       CASE WHEN m IS NULL THEN run_at ELSE ${TIMER_RUN_AT('m', 'created_at', 'run_at')} END,
       dedupe_key, created_at, m,
       CASE WHEN m IS NOT NULL THEN ${TIMER_DUE('m', 'created_at', 'run_at')} END
     FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::text[])
       AS t (id, kind, payload, run_at, dedupe_key, created_at, m)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    params: [
      jobs.map((j) => j.id),
      jobs.map((j) => j.kind),
      jobs.map((j) => JSON.stringify(j.payload)),
      jobs.map((j) => j.runAt),
      jobs.map((j) => j.dedupeKey ?? null),
      jobs.map((j) => j.createdAt),
      jobs.map((j) => j.merchantId ?? null),
    ],
  };
}

// Row shapes are type aliases: `query<R>` wants a Row, which an interface (no index signature) is not.
type ClaimedRow = {
  id: string;
  kind: string;
  payload: unknown;
  run_at: Date;
  attempts: number;
  seq: number;
};

/**
 * Claims up to `limit` due jobs, earliest first, for `leaseMs`: one statement, so the claim is atomic.
 * SKIP LOCKED lets workers on many nodes claim side by side without waiting for or sharing a job; a
 * row another worker claimed and committed meanwhile is re-checked against its new lease and left.
 * Jobs of `excludedKinds` are left for later (their kind is at its limit on this worker).
 */
export async function claimDue(
  q: Queryable,
  now: Date,
  limit: number,
  leaseMs: number,
  excludedKinds: readonly string[] = [],
): Promise<Job[]> {
  const { rows } = await q.query<ClaimedRow>(
    `UPDATE jobs SET locked_until = $3, attempts = attempts + 1
     WHERE id IN (
       SELECT id FROM jobs
       WHERE failed_at IS NULL AND run_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
         AND NOT (kind = ANY($4::text[]))
         -- A merchant-clock timer waits for its merchant's time, whatever a stale run_at says.
         AND (due_at IS NULL OR due_at <= sandbox_merchant_now(merchant_id, $1))
       ORDER BY run_at, seq
       LIMIT $2
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, run_at, attempts, seq`,
    [now, limit, new Date(now.getTime() + leaseMs), excludedKinds],
  );
  // RETURNING has no order of its own.
  rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.seq - b.seq);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    payload: r.payload,
    runAt: r.run_at,
    attempts: r.attempts,
  }));
}

/**
 * A claim's outcome is written only while the job is still that claim's: each claim counts one more
 * attempt, so `claim` (the `attempts` it was handed) names it. A worker whose lease ran out and was
 * taken over must not finish, retry or bury the job the new owner is running. Without `claim`, the
 * write applies whoever holds the job.
 */
const CLAIMED = '($2::int IS NULL OR attempts = $2)';

/** A finished job is deleted (its dedupe key with it). */
export async function completeJob(q: Queryable, id: string, claim?: number): Promise<void> {
  await q.query(`DELETE FROM jobs WHERE id = $1 AND ${CLAIMED}`, [id, claim ?? null]);
}

/** Finished jobs, several in one statement: each deleted only while it is still its claim's. */
export async function completeJobs(
  q: Queryable,
  claims: readonly { readonly id: string; readonly attempts: number }[],
): Promise<void> {
  await q.query(
    `DELETE FROM jobs j USING unnest($1::text[], $2::int[]) AS c (id, attempts)
     WHERE j.id = c.id AND j.attempts = c.attempts`,
    [claims.map((c) => c.id), claims.map((c) => c.attempts)],
  );
}

/**
 * Extends the leases of jobs still running on this worker to `until` (never shortening one), in one
 * statement; resolves with the ids still this worker's. A job missing from the answer was taken over
 * (its lease had run out and another worker claimed it), finished, or given up.
 */
export async function renewLeases(
  q: Queryable,
  claims: readonly { readonly id: string; readonly attempts: number }[],
  until: Date,
): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE jobs j SET locked_until = GREATEST(j.locked_until, $3)
     FROM unnest($1::text[], $2::int[]) AS c (id, attempts)
     WHERE j.id = c.id AND j.attempts = c.attempts AND j.failed_at IS NULL
     RETURNING j.id`,
    [claims.map((c) => c.id), claims.map((c) => c.attempts), until],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Records a failed attempt. Below `maxAttempts` the job is released and due again after the backoff,
 * computed in SQL from its attempts; at `maxAttempts` it is given up (dead). `undefined` when the job
 * is no longer there, already dead, or (with `claim`) no longer this claim's.
 */
export async function retryJob(
  q: Queryable,
  id: string,
  now: Date,
  error: string,
  maxAttempts: number,
  claim?: number,
): Promise<RetryOutcome | undefined> {
  const { rows } = await q.query<{ dead: boolean; run_at: Date | null }>(
    `UPDATE jobs SET
       locked_until = NULL,
       last_error = $3,
       failed_at = CASE WHEN attempts >= $4 THEN $2::timestamptz END,
       run_at = CASE WHEN attempts >= $4 THEN run_at
         ELSE $2::timestamptz
           + interval '1 millisecond' * LEAST($5::float8 * power(2, LEAST(GREATEST(attempts - 1, 0), 30)), $6::float8)
         END
     WHERE id = $1 AND failed_at IS NULL AND ($7::int IS NULL OR attempts = $7)
     RETURNING failed_at IS NOT NULL AS dead, run_at`,
    [id, now, error.slice(0, MAX_ERROR_LENGTH), maxAttempts, RETRY_BASE_MS, RETRY_CAP_MS, claim ?? null],
  );
  const row = rows[0];
  return row && { dead: row.dead, runAt: row.run_at ?? now };
}

/**
 * Gives a job up at once (no handler for its kind, or its leases kept running out): never claimed
 * again. Resolves with whether it did (not when the job is gone, dead already, or not this claim's).
 */
export async function deadLetterJob(
  q: Queryable,
  id: string,
  now: Date,
  error: string,
  claim?: number,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE jobs SET locked_until = NULL, last_error = $3, failed_at = $2
     WHERE id = $1 AND failed_at IS NULL AND ($4::int IS NULL OR attempts = $4)`,
    [id, now, error.slice(0, MAX_ERROR_LENGTH), claim ?? null],
  );
  return rowCount > 0;
}

type JobRow = Omit<ClaimedRow, 'run_at'> & {
  run_at: Date | null;
  merchant_id: string | null;
  due_at: Date | null;
  locked_until: Date | null;
  last_error: string | null;
  failed_at: Date | null;
  dedupe_key: string | null;
  created_at: Date;
};

export async function findJob(q: Queryable, id: string): Promise<JobState | undefined> {
  const { rows } = await q.query<JobRow>(
    `SELECT id, kind, payload, run_at, attempts, locked_until, last_error, failed_at, dedupe_key, created_at,
       merchant_id, due_at
     FROM jobs WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      kind: r.kind,
      payload: r.payload,
      runAt: r.run_at,
      attempts: r.attempts,
      lockedUntil: r.locked_until,
      lastError: r.last_error,
      failedAt: r.failed_at,
      dedupeKey: r.dedupe_key,
      createdAt: r.created_at,
      merchantId: r.merchant_id,
      dueAt: r.due_at,
    }
  );
}
