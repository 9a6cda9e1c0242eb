/** Saved transfer recipients (v4 `rcb_`/`rcm_`/`rcw_`, v3 beneficiaries by `num_id`). */
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Destination } from '../domain/transfer.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import { listPage, type Listing } from './listing.js';

export interface Recipient {
  readonly id: string;
  readonly numId: number;
  readonly merchantId: string;
  readonly destination: Destination;
  readonly createdAt: Date;
}

type RecipientRow = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  details: Destination;
  created_at: Date;
};

const toRecipient = (r: RecipientRow): Recipient => ({
  id: r.id,
  numId: toNumber(r.num_id),
  merchantId: r.merchant_id,
  destination: r.details,
  createdAt: r.created_at,
});

export async function insertRecipient(q: Queryable, r: Recipient): Promise<void> {
  await q.query(
    `INSERT INTO transfer_recipients (id, num_id, merchant_id, type, currency, details, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [
      r.id,
      r.numId,
      r.merchantId,
      r.destination.type,
      r.destination.currency,
      JSON.stringify(r.destination),
      r.createdAt,
    ],
  );
}

export async function findRecipient(
  q: Queryable,
  merchantId: string,
  key: { id: string } | { numId: number },
): Promise<Recipient | undefined> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['num_id', key.numId];
  const { rows } = await q.query<RecipientRow>(
    `SELECT id, num_id, merchant_id, details, created_at FROM transfer_recipients
     WHERE merchant_id = $1 AND ${column} = $2 AND deleted_at IS NULL`,
    [merchantId, value],
  );
  return rows[0] && toRecipient(rows[0]);
}

/** Soft delete: transfers made to it keep their snapshot. False when there was none to delete. */
export async function deleteRecipient(
  q: Queryable,
  merchantId: string,
  key: { id: string } | { numId: number },
  at: Date,
): Promise<boolean> {
  const [column, value] = 'id' in key ? ['id', key.id] : ['num_id', key.numId];
  const { rowCount } = await q.query(
    `UPDATE transfer_recipients SET deleted_at = $3 WHERE merchant_id = $1 AND ${column} = $2 AND deleted_at IS NULL`,
    [merchantId, value, at],
  );
  return rowCount === 1;
}

const RECIPIENTS: Listing<{ live?: boolean }, RecipientRow, Recipient> = {
  alias: 'r',
  select: 'SELECT r.id, r.num_id, r.merchant_id, r.details, r.created_at FROM transfer_recipients r',
  countFrom: 'transfer_recipients r',
  conditions: { live: (p) => `(${p})::boolean = (r.deleted_at IS NULL)` },
  toItem: toRecipient,
};

/** The merchant's recipients that are not deleted, most recent first. */
export const listRecipients = (
  q: Queryable,
  merchantId: string,
  page: PageRequest,
): Promise<Page<Recipient>> => listPage(q, RECIPIENTS, merchantId, { live: true }, page);
