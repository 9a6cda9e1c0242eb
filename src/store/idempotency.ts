/**
 * X-Idempotency-Key storage. The key is serialised with a transaction-scoped advisory lock on
 * (merchant, key): the first request holds it while it works, a concurrent duplicate waits (up to
 * `lock_timeout`) and then reads the committed reply. The primary key is the final guard.
 */
import type { Queryable } from './db.js';

export interface StoredReply {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
}

/**
 * Takes the key for the calling transaction, waiting at most `waitMs` for another transaction that
 * holds it (then throws a lock-timeout error, see `isLockTimeout`), and returns the reply already
 * stored for it, if any. One round trip: see `idempotency_claim` in 0001_foundation.sql.
 */
export async function claimKey(
  q: Queryable,
  merchantId: string,
  key: string,
  waitMs: number,
  now: Date,
): Promise<StoredReply | undefined> {
  const { rows } = await q.query<{ fingerprint: string; response_status: number; response_body: string }>(
    'SELECT * FROM idempotency_claim($1, $2, $3, $4)',
    [merchantId, key, `${Math.max(1, Math.round(waitMs))}ms`, now],
  );
  const row = rows[0];
  return row && { fingerprint: row.fingerprint, status: row.response_status, body: row.response_body };
}

/** The live reply stored for a key, without taking it. */
export async function findReply(
  q: Queryable,
  merchantId: string,
  key: string,
  now: Date,
): Promise<StoredReply | undefined> {
  const { rows } = await q.query<{ fingerprint: string; response_status: number; response_body: string }>(
    `SELECT fingerprint, response_status, response_body FROM idempotency_keys
     WHERE merchant_id = $1 AND key = $2 AND expires_at > $3`,
    [merchantId, key, now],
  );
  const row = rows[0];
  return row && { fingerprint: row.fingerprint, status: row.response_status, body: row.response_body };
}

/** Saves the reply; an expired row for the same key is replaced. Returns false if a live row exists. */
export async function saveReply(
  q: Queryable,
  merchantId: string,
  key: string,
  reply: StoredReply,
  now: Date,
  expiresAt: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO idempotency_keys (merchant_id, key, fingerprint, response_status, response_body, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (merchant_id, key) DO UPDATE SET
       fingerprint = EXCLUDED.fingerprint, response_status = EXCLUDED.response_status,
       response_body = EXCLUDED.response_body, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
     WHERE idempotency_keys.expires_at <= EXCLUDED.created_at`,
    [merchantId, key, reply.fingerprint, reply.status, reply.body, now, expiresAt],
  );
  return rowCount === 1;
}

export async function purgeExpiredReplies(q: Queryable, now: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
  return rowCount;
}
