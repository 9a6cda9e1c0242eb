/**
 * A merchant's events in the order they were written (`seq`), read by polling for the live event
 * stream (`baobab listen`). Every query is bounded below by `created_at`, so it walks the
 * `events_recent (merchant_id, created_at DESC, seq DESC)` index instead of the merchant's history.
 */
import type { Queryable } from './db.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow, type StoredEvent } from './webhooks.js';

/** `seq` is a bigint: kept as its decimal text, compared in SQL only. */
export interface SequencedEvent extends StoredEvent {
  readonly seq: string;
}

export interface FeedQuery {
  readonly merchantId: string;
  /** Only events with a greater `seq`. */
  readonly afterSeq: string;
  /** Only events created at or after this. */
  readonly since: Date;
  /** Events already seen, left out. */
  readonly exclude: readonly string[];
  readonly limit: number;
}

export async function eventsAfter(q: Queryable, f: FeedQuery): Promise<SequencedEvent[]> {
  const { rows } = await q.query<EventRow & { seq: string }>(
    `SELECT seq::text AS seq, ${EVENT_COLUMNS} FROM events
     WHERE merchant_id = $1 AND created_at >= $2 AND seq > $3::bigint AND seq <> ALL ($4::bigint[])
     ORDER BY seq LIMIT $5`,
    [f.merchantId, f.since, f.afterSeq, f.exclude, f.limit],
  );
  return rows.map((r) => ({ ...toStoredEvent(r), seq: r.seq }));
}

/** The merchant's events created at or after `since`: their `seq` and creation time. */
export async function eventSeqsSince(
  q: Queryable,
  merchantId: string,
  since: Date,
): Promise<{ seq: string; createdAt: Date }[]> {
  const { rows } = await q.query<{ seq: string; created_at: Date }>(
    `SELECT seq::text AS seq, created_at FROM events WHERE merchant_id = $1 AND created_at >= $2`,
    [merchantId, since],
  );
  return rows.map((r) => ({ seq: r.seq, createdAt: r.created_at }));
}

/** When the merchant's event `seq` was created; undefined when it is not one of theirs. */
export async function eventCreatedAt(
  q: Queryable,
  merchantId: string,
  seq: string,
): Promise<Date | undefined> {
  const { rows } = await q.query<{ created_at: Date }>(
    'SELECT created_at FROM events WHERE merchant_id = $1 AND seq = $2::bigint',
    [merchantId, seq],
  );
  return rows[0]?.created_at;
}
