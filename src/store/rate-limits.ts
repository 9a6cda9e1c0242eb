/** The shared token buckets of the rate limits (0017, docs/sandbox.md "Rate limits"). */
import type { Queryable } from './db.js';

export interface BucketSync {
  readonly merchantId: string;
  readonly group: string;
  /** Tokens this node spent since its last sync. */
  readonly spent: number;
  readonly capacity: number;
  readonly perSecond: number;
}

/**
 * One statement for every bucket a node syncs: each is refilled up to `now`, loses what the node
 * spent, and comes back with what is left for all nodes (never below -capacity: a debt is repaid by
 * refilling, and never locks a merchant out for longer than two bucketfuls take to refill).
 */
export async function syncBuckets(
  q: Queryable,
  buckets: readonly BucketSync[],
  now: Date,
): Promise<Map<string, number>> {
  if (buckets.length === 0) return new Map();
  const { rows } = await q.query<{ merchant_id: string; route_group: string; tokens: number }>(
    `INSERT INTO rate_limit_buckets AS b
       (merchant_id, route_group, tokens, capacity, per_second, spent, refilled_at)
     SELECT u.m, u.g, greatest(-u.c, u.c - u.s), u.c, u.r, u.s, $6
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[]) AS u(m, g, s, c, r)
     ON CONFLICT (merchant_id, route_group) DO UPDATE SET
       tokens = greatest(-EXCLUDED.capacity, least(EXCLUDED.capacity, b.tokens + EXCLUDED.per_second *
         greatest(0, extract(epoch FROM EXCLUDED.refilled_at - b.refilled_at))) - EXCLUDED.spent),
       capacity = EXCLUDED.capacity, per_second = EXCLUDED.per_second, spent = EXCLUDED.spent,
       refilled_at = greatest(b.refilled_at, EXCLUDED.refilled_at)
     RETURNING merchant_id, route_group, tokens`,
    [
      buckets.map((b) => b.merchantId),
      buckets.map((b) => b.group),
      buckets.map((b) => b.spent),
      buckets.map((b) => b.capacity),
      buckets.map((b) => b.perSecond),
      now,
    ],
  );
  return new Map(rows.map((r) => [`${r.merchant_id} ${r.route_group}`, r.tokens]));
}

/** Buckets any node synced since `since`: a node learns of buckets it has not used yet. */
export async function recentBuckets(
  q: Queryable,
  since: Date,
): Promise<{ merchantId: string; group: string; tokens: number; refilledAt: Date }[]> {
  const { rows } = await q.query<{
    merchant_id: string;
    route_group: string;
    tokens: number;
    refilled_at: Date;
  }>('SELECT merchant_id, route_group, tokens, refilled_at FROM rate_limit_buckets WHERE refilled_at >= $1', [
    since,
  ]);
  return rows.map((r) => ({
    merchantId: r.merchant_id,
    group: r.route_group,
    tokens: r.tokens,
    refilledAt: new Date(r.refilled_at),
  }));
}

/** Forgets buckets no node has synced since `before` (they would be full again by now). */
export async function deleteIdleBuckets(q: Queryable, before: Date): Promise<void> {
  await q.query('DELETE FROM rate_limit_buckets WHERE refilled_at < $1', [before]);
}
