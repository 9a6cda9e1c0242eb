/**
 * The rate limiter (docs/sandbox.md "Rate limits"): a token bucket per merchant and route group, kept
 * in memory on each node so a request costs no round trip, and synced through the store every
 * `syncMs` so the limit holds across nodes sharing a database. A sync sends, in one statement, what
 * this node spent on each bucket since the last one and reads back what is left for all nodes; the
 * local copy then starts from that. What can slip through is what other nodes spend between two syncs.
 */
import type { Clock } from '../../domain/clock.js';
import {
  ROUTE_GROUPS,
  refill,
  retryAfterSeconds,
  type Bucket,
  type RateLimits,
  type RouteGroup,
} from '../../domain/rate-limits.js';
import type { Db } from '../../store/db.js';
import { deleteIdleBuckets, recentBuckets, syncBuckets } from '../../store/rate-limits.js';

export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  readonly limits: RateLimits;
  /** Takes a token from the merchant's bucket for `group`, or says how long to wait. No I/O. */
  take(merchantId: string, group: RouteGroup): Admission;
  /** Syncs every bucket this node used with the store now (the timer calls it every `syncMs`). */
  sync(): Promise<void>;
  /** Starts the sync timer (none when `syncMs` is 0). */
  start(): void;
  /** Stops the timer and syncs once more. */
  stop(): Promise<void>;
}

export interface RateLimiterOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly limits: RateLimits;
  /** How often this node syncs its buckets with the store; 0 for never (tests call `sync`). */
  readonly syncMs: number;
  readonly onSyncError?: (error: unknown) => void;
}

interface Local extends Bucket {
  /** Spent here since the last sync began. */
  spent: number;
  /** When this node last used it (ms): idle buckets stop being synced after a minute. */
  used: number;
}

const IDLE_MS = 60_000;

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { db, clock, limits } = options;
  const buckets = new Map<string, Local & { merchantId: string; group: RouteGroup }>();
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;
  let syncs = 0;

  const runSync = async (): Promise<void> => {
    const now = clock.now();
    const due = [...buckets.entries()].filter(([, b]) => now.getTime() - b.used <= IDLE_MS);
    for (const [key, b] of buckets)
      if (now.getTime() - b.used > IDLE_MS && b.spent === 0) buckets.delete(key);
    // Now and then, the buckets nobody used for an hour go (a full bucket needs no row).
    if (++syncs % 240 === 0) await deleteIdleBuckets(db, new Date(now.getTime() - 3_600_000));
    await learn(now);
    if (due.length === 0) return;
    const sent = due.map(([key, b]) => ({ key, b, spent: b.spent }));
    for (const s of sent) s.b.spent = 0;
    try {
      const left = await syncBuckets(
        db,
        sent.map(({ b, spent }) => ({
          merchantId: b.merchantId,
          group: b.group,
          spent,
          capacity: limits[b.group].burst,
          perSecond: limits[b.group].perSecond,
        })),
        now,
      );
      for (const { key, b } of sent) {
        const tokens = left.get(key);
        if (tokens === undefined) continue;
        // What all nodes left at `now`, less what this node spent while the statement ran.
        b.tokens = tokens - b.spent;
        b.at = now.getTime();
        refill(b, limits[b.group], clock.now().getTime());
      }
    } catch (error) {
      // Spent tokens are sent again with the next sync.
      for (const s of sent) s.b.spent += s.spent;
      throw error;
    }
  };

  // Buckets other nodes synced lately that this one has not used yet: it starts from theirs, not full.
  const learn = async (now: Date): Promise<void> => {
    for (const row of await recentBuckets(db, new Date(now.getTime() - IDLE_MS))) {
      const group = ROUTE_GROUPS.find((g) => g === row.group);
      const key = `${row.merchantId} ${row.group}`;
      if (group === undefined || buckets.has(key)) continue;
      const bucket = {
        merchantId: row.merchantId,
        group,
        tokens: row.tokens,
        at: row.refilledAt.getTime(),
        spent: 0,
        // Not used here yet: refreshed from the store at each sync, and synced once this node spends.
        used: 0,
      };
      refill(bucket, limits[group], now.getTime());
      buckets.set(key, bucket);
    }
  };

  const sync = (): Promise<void> => {
    // One sync at a time: a slow store never piles them up.
    syncing ??= runSync().finally(() => {
      syncing = undefined;
    });
    return syncing;
  };

  return {
    limits,
    take(merchantId, group) {
      const limit = limits[group];
      if (limit.perSecond <= 0) return { ok: true };
      const now = clock.now().getTime();
      const key = `${merchantId} ${group}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { merchantId, group, tokens: limit.burst, at: now, spent: 0, used: now };
        buckets.set(key, bucket);
      }
      refill(bucket, limit, now);
      bucket.used = now;
      if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: retryAfterSeconds(bucket, limit) };
      bucket.tokens -= 1;
      bucket.spent += 1;
      return { ok: true };
    },
    sync,
    start() {
      if (options.syncMs <= 0 || timer) return;
      timer = setInterval(() => {
        sync().catch((error: unknown) => options.onSyncError?.(error));
      }, options.syncMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await sync().catch((error: unknown) => options.onSyncError?.(error));
    },
  };
}
