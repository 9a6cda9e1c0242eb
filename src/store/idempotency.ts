/**
 * X-Idempotency-Key storage: the reply of the first request, keyed by (merchant, key, scope) — the
 * scope is the method and route template (`POST /customers`), so one key may serve several routes.
 * The reply is inserted in the same statement as the work it answers (see flows/unit-of-work.ts), so
 * the primary key decides which of several racing requests created the object.
 */
import type { Queryable } from './db.js';
import type { Statement } from './statement.js';

export interface StoredReply {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
}

export interface ReplyRow extends StoredReply {
  readonly merchantId: string;
  /** The method and route template the key was used on, e.g. `POST /customers`. */
  readonly scope: string;
  readonly key: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export const IDEMPOTENCY_KEY_CONSTRAINT = 'idempotency_keys_pkey';

/**
 * Inserts the reply. Any row already there for the key — live, being written by a concurrent request
 * (the insert waits for it), or expired but not yet purged — makes this a unique violation: the
 * caller then replays the live reply or, for an expired one, clears it and tries again.
 */
export function replyInsert(r: ReplyRow): Statement {
  return {
    sql: `INSERT INTO idempotency_keys (merchant_id, scope, key, fingerprint, response_status, response_body, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    params: [r.merchantId, r.scope, r.key, r.fingerprint, r.status, r.body, r.createdAt, r.expiresAt],
  };
}

/** Deletes the key's row in the scope if it has expired; returns whether one was deleted. */
export async function clearExpiredReply(
  q: Queryable,
  merchantId: string,
  scope: string,
  key: string,
  now: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    'DELETE FROM idempotency_keys WHERE merchant_id = $1 AND scope = $2 AND key = $3 AND expires_at <= $4',
    [merchantId, scope, key, now],
  );
  return rowCount > 0;
}

/** The live reply stored for a key in the scope, if any. */
export async function findReply(
  q: Queryable,
  merchantId: string,
  scope: string,
  key: string,
  now: Date,
): Promise<StoredReply | undefined> {
  const { rows } = await q.query<{ fingerprint: string; response_status: number; response_body: string }>(
    `SELECT fingerprint, response_status, response_body FROM idempotency_keys
     WHERE merchant_id = $1 AND scope = $2 AND key = $3 AND expires_at > $4`,
    [merchantId, scope, key, now],
  );
  const row = rows[0];
  return row && { fingerprint: row.fingerprint, status: row.response_status, body: row.response_body };
}

export async function purgeExpiredReplies(q: Queryable, now: Date): Promise<number> {
  const { rowCount } = await q.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now]);
  return rowCount;
}
