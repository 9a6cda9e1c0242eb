/** Saved transfer senders (`sdr_`): who a transfer is sent on behalf of. */
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Queryable } from './db.js';
import { listPage, type Listing } from './listing.js';

export interface Sender {
  readonly id: string;
  readonly merchantId: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
}

type SenderRow = { id: string; merchant_id: string; details: Record<string, unknown>; created_at: Date };
const toSender = (r: SenderRow): Sender => ({
  id: r.id,
  merchantId: r.merchant_id,
  details: r.details,
  createdAt: r.created_at,
});

export async function insertSender(q: Queryable, s: Sender): Promise<void> {
  await q.query(
    'INSERT INTO transfer_senders (id, merchant_id, details, created_at) VALUES ($1, $2, $3::jsonb, $4)',
    [s.id, s.merchantId, JSON.stringify(s.details), s.createdAt],
  );
}

export async function findSender(q: Queryable, merchantId: string, id: string): Promise<Sender | undefined> {
  const { rows } = await q.query<SenderRow>(
    'SELECT id, merchant_id, details, created_at FROM transfer_senders WHERE merchant_id = $1 AND id = $2 AND deleted_at IS NULL',
    [merchantId, id],
  );
  return rows[0] && toSender(rows[0]);
}

export async function deleteSender(q: Queryable, merchantId: string, id: string, at: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE transfer_senders SET deleted_at = $3 WHERE merchant_id = $1 AND id = $2 AND deleted_at IS NULL',
    [merchantId, id, at],
  );
  return rowCount === 1;
}

const SENDERS: Listing<{ live?: boolean }, SenderRow, Sender> = {
  alias: 's',
  select: 'SELECT s.id, s.merchant_id, s.details, s.created_at FROM transfer_senders s',
  countFrom: 'transfer_senders s',
  conditions: { live: (p) => `(${p})::boolean = (s.deleted_at IS NULL)` },
  toItem: toSender,
};

export const listSenders = (q: Queryable, merchantId: string, page: PageRequest): Promise<Page<Sender>> =>
  listPage(q, SENDERS, merchantId, { live: true }, page);
