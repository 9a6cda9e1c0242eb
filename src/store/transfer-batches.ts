/** v3 bulk transfers: the batch row and its item jobs, written in one statement. */
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import { jobsInsert, type NewJob } from './jobs.js';
import { writeAll } from './statement.js';

export interface BatchItem {
  readonly reference: string;
  readonly bankCode: string;
  readonly accountNumber: string;
  /** Minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  readonly debitCurrency: string;
  readonly narration?: string;
  readonly beneficiaryName?: string;
}

export interface Batch {
  readonly id: string;
  readonly numId: number;
  readonly merchantId: string;
  readonly title?: string;
  readonly items: readonly BatchItem[];
  readonly createdAt: Date;
}

export async function insertBatch(q: Queryable, b: Batch, jobs: readonly NewJob[]): Promise<void> {
  await writeAll(q, [
    {
      sql: `INSERT INTO transfer_batches (id, num_id, merchant_id, title, items, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      params: [b.id, b.numId, b.merchantId, b.title ?? null, JSON.stringify(b.items), b.createdAt],
    },
    jobsInsert(jobs),
  ]);
}

type BatchRow = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  title: string | null;
  items: BatchItem[];
  created_at: Date;
};

export async function findBatch(q: Queryable, merchantId: string, numId: number): Promise<Batch | undefined> {
  const { rows } = await q.query<BatchRow>(
    'SELECT id, num_id, merchant_id, title, items, created_at FROM transfer_batches WHERE merchant_id = $1 AND num_id = $2',
    [merchantId, numId],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      numId: toNumber(r.num_id),
      merchantId: r.merchant_id,
      ...(r.title === null ? {} : { title: r.title }),
      items: r.items,
      createdAt: r.created_at,
    }
  );
}
