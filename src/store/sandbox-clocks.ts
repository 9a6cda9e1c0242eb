/**
 * Merchants' sandbox clocks and the timers on them (migration 0020, docs/sandbox.md "Time"). Every
 * time comes from the caller: `real` is the injected clock's, merchant times are computed from it.
 */
import type { ClockSetting } from '../domain/sandbox-clock.js';
import { toNumber, type Queryable } from './db.js';
import type { Job } from './jobs.js';

type ClockRow = { offset_ms: unknown; frozen_at: Date | null };

const settingOf = (r: ClockRow): ClockSetting => ({
  offsetMs: toNumber(r.offset_ms),
  ...(r.frozen_at && { frozenAt: r.frozen_at }),
});

export async function findClock(q: Queryable, merchantId: string): Promise<ClockSetting | undefined> {
  const { rows } = await q.query<ClockRow>(
    'SELECT offset_ms, frozen_at FROM sandbox_clocks WHERE merchant_id = $1',
    [merchantId],
  );
  const row = rows[0];
  return row && settingOf(row);
}

/** The merchant's setting, its row locked until the transaction ends (made first if missing). */
export async function lockClock(q: Queryable, merchantId: string, real: Date): Promise<ClockSetting> {
  await q.query(
    `INSERT INTO sandbox_clocks (merchant_id, offset_ms, updated_at) VALUES ($1, 0, $2)
     ON CONFLICT (merchant_id) DO NOTHING`,
    [merchantId, real],
  );
  const { rows } = await q.query<ClockRow>(
    'SELECT offset_ms, frozen_at FROM sandbox_clocks WHERE merchant_id = $1 FOR UPDATE',
    [merchantId],
  );
  const row = rows[0];
  if (!row) throw new Error(`sandbox clock of ${merchantId} vanished`);
  return settingOf(row);
}

/**
 * Writes the setting, never taking the merchant's time back: a clock another request moved further
 * meanwhile keeps its time (a running clock its offset, a frozen one its instant).
 */
export async function saveClock(
  q: Queryable,
  merchantId: string,
  s: ClockSetting,
  real: Date,
): Promise<ClockSetting> {
  const { rows } = await q.query<ClockRow>(
    `INSERT INTO sandbox_clocks AS c (merchant_id, offset_ms, frozen_at, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (merchant_id) DO UPDATE SET
       frozen_at = CASE WHEN EXCLUDED.frozen_at IS NULL THEN NULL
         ELSE greatest(EXCLUDED.frozen_at, coalesce(c.frozen_at, $4 + c.offset_ms * interval '1 millisecond')) END,
       offset_ms = CASE WHEN EXCLUDED.frozen_at IS NOT NULL THEN c.offset_ms
         ELSE greatest(EXCLUDED.offset_ms,
           coalesce(floor(extract(epoch FROM c.frozen_at - $4) * 1000)::bigint, c.offset_ms)) END,
       updated_at = $4
     RETURNING offset_ms, frozen_at`,
    [merchantId, Math.round(s.offsetMs), s.frozenAt ?? null, real],
  );
  const row = rows[0];
  if (!row) throw new Error(`sandbox clock of ${merchantId} was not written`);
  return settingOf(row);
}

/**
 * Re-times the merchant's timers after its clock changed: on a running clock each is claimed at
 * `real + (due - merchant now)`; on a frozen one those due by then at once and the others never
 * (parked). Timers already due keep their time (a retry's backoff), unless parked.
 */
export async function retimeTimers(
  q: Queryable,
  merchantId: string,
  s: ClockSetting,
  real: Date,
): Promise<void> {
  const now = s.frozenAt ?? new Date(real.getTime() + s.offsetMs);
  await q.query(
    `UPDATE jobs SET run_at = CASE
       WHEN $3::timestamptz IS NOT NULL THEN CASE WHEN due_at <= $3 THEN $2::timestamptz END
       ELSE due_at - $4::bigint * interval '1 millisecond' END
     WHERE merchant_id = $1 AND due_at IS NOT NULL AND failed_at IS NULL AND (run_at IS NULL OR due_at > $5)`,
    [merchantId, real, s.frozenAt ?? null, Math.round(s.offsetMs), now],
  );
}

/** A timer an advance claimed: a job, and when it fell due on its merchant's clock. */
export interface DueTimer extends Job {
  readonly dueAt: Date;
}

type DueRow = { id: string; kind: string; payload: unknown; due_at: Date; attempts: number };

/**
 * Claims the merchant's earliest timer due by `until` (merchant time) that no worker holds and this
 * advance has not `tried`, for `leaseMs`; undefined when there is none.
 */
export async function claimNextDue(
  q: Queryable,
  merchantId: string,
  until: Date,
  real: Date,
  leaseMs: number,
  tried: readonly string[],
): Promise<DueTimer | undefined> {
  const { rows } = await q.query<DueRow>(
    `UPDATE jobs SET locked_until = $4, attempts = attempts + 1
     WHERE id = (
       SELECT id FROM jobs
       WHERE merchant_id = $1 AND due_at IS NOT NULL AND due_at <= $2 AND failed_at IS NULL
         AND (locked_until IS NULL OR locked_until <= $3) AND NOT (id = ANY($5::text[]))
       ORDER BY due_at, seq
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, due_at, attempts`,
    [merchantId, until, real, new Date(real.getTime() + leaseMs), tried],
  );
  const r = rows[0];
  return (
    r && { id: r.id, kind: r.kind, payload: r.payload, runAt: real, dueAt: r.due_at, attempts: r.attempts }
  );
}

/** How many of the merchant's timers due by `until` another worker is running now. */
export async function countHeldDue(
  q: Queryable,
  merchantId: string,
  until: Date,
  real: Date,
): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM jobs
     WHERE merchant_id = $1 AND due_at IS NOT NULL AND due_at <= $2 AND failed_at IS NULL AND locked_until > $3`,
    [merchantId, until, real],
  );
  return rows[0]?.n ?? 0;
}
