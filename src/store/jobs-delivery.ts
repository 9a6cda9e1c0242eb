/**
 * The webhook delivery job's first statement: what the attempt needs (`deliveryContext`) and the
 * attempt's beginning (`beginAttempt`), in one round trip instead of two. Same guards as those two:
 * nothing is begun for a delivery that is gone, over, or whose attempt already has its outcome.
 */
import type { Queryable } from './db.js';
import { CONTEXT_SQL, contextOf, type ContextRow, type DeliveryContext } from './webhook-attempts.js';

export interface BegunAttempt {
  readonly context: DeliveryContext;
  /** The attempt begun; undefined when there is nothing to do (see `beginAttempt`). */
  readonly attempt: number | undefined;
}

/** `deliveryContext` then `beginAttempt`, as one statement; undefined when the delivery is gone. */
export async function beginAttemptWithContext(
  q: Queryable,
  deliveryId: string,
  attempt: number,
  now: Date,
  interrupted: string,
): Promise<BegunAttempt | undefined> {
  const { rows } = await q.query<ContextRow & { begun: number | null }>(
    `WITH ctx AS (${CONTEXT_SQL}
     ), stale AS (
       SELECT 1 FROM webhook_attempts WHERE delivery_id = $1 AND attempt = $2 AND finished_at IS NULL
     ), began AS (
       UPDATE webhook_deliveries SET attempts = attempts + 1, updated_at = $3
       WHERE id = $1 AND status = 'pending' AND EXISTS (SELECT 1 FROM ctx)
         AND (attempts = $2 - 1 OR (attempts = $2 AND EXISTS (SELECT 1 FROM stale)))
       RETURNING attempts
     ), closed AS (
       UPDATE webhook_attempts SET finished_at = $3, error = $4
       WHERE delivery_id = $1 AND attempt = $2 AND finished_at IS NULL AND EXISTS (SELECT 1 FROM began)
     ), inserted AS (
       INSERT INTO webhook_attempts (delivery_id, attempt, started_at)
       SELECT $1, attempts, $3 FROM began
       RETURNING attempt
     )
     SELECT ctx.*, (SELECT attempt FROM inserted) AS begun FROM ctx`,
    [deliveryId, attempt, now, interrupted],
  );
  const r = rows[0];
  return r && { context: contextOf(r), attempt: r.begun ?? undefined };
}
