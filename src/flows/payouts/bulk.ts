/**
 * v3 bulk transfers. Submitting writes the batch and one job per item in one statement; each job
 * (any node) makes its item's transfer through `createTransfer` under the item's reference, fixed at
 * submission. A job run twice (its node died mid-way, its lease ran out) meets the reference it already
 * used and stops: no item is lost (the job stays until it succeeds) and none is paid twice.
 */
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { isCurrency } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Transfer } from '../../domain/transfer.js';
import { newJobId } from '../../store/jobs.js';
import { findBatch, insertBatch, type Batch, type BatchItem } from '../../store/transfer-batches.js';
import { listTransfers } from '../../store/transfers.js';
import type { Deps } from '../deps.js';
import { createTransfer } from './transfers.js';

export type { Batch, BatchItem };

export const BULK_ITEM_JOB = 'transfer.bulk_item';

export async function submitBatch(
  deps: Deps,
  merchantId: string,
  title: string | undefined,
  items: readonly BatchItem[],
): Promise<Batch> {
  const now = deps.clock.now();
  const batch: Batch = {
    id: newId('batch'),
    numId: await deps.numericIds.next(),
    merchantId,
    ...(title === undefined ? {} : { title }),
    items,
    createdAt: now,
  };
  await insertBatch(
    deps.db,
    batch,
    items.map((item, index) => ({
      id: newJobId(),
      kind: BULK_ITEM_JOB,
      payload: { merchantId, batchId: batch.id, index, item },
      runAt: now,
      dedupeKey: `${BULK_ITEM_JOB}:${batch.id}:${String(index)}`,
      createdAt: now,
    })),
  );
  return batch;
}

/** The job handler: one item's transfer. Throws (to be retried) only on a fault, never on a refusal. */
export async function bulkItem(deps: Deps, value: unknown): Promise<void> {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const item = p['item'] as BatchItem | undefined;
  const merchantId = p['merchantId'];
  const batchId = p['batchId'];
  if (typeof merchantId !== 'string' || typeof batchId !== 'string' || item === undefined) {
    throw new Error(`${BULK_ITEM_JOB}: malformed payload ${JSON.stringify(value)}`);
  }
  if (!isCurrency(item.currency) || !isCurrency(item.debitCurrency)) return;
  const [first, ...rest] = (item.beneficiaryName ?? '').trim().split(/\s+/);
  // A refusal (a reference already used: this item's own transfer from an earlier run) is an outcome.
  await createTransfer(
    deps,
    {
      merchantId,
      origin: 'v3',
      action: 'instant',
      reference: item.reference,
      ...(item.narration === undefined ? {} : { narration: item.narration }),
      meta: {},
      scenario: { malformed: false },
      destination: {
        type: 'bank',
        currency: item.currency,
        ...(first ? { name: { first, ...(rest.length > 0 ? { last: rest.join(' ') } : {}) } } : {}),
        bank: { accountNumber: item.accountNumber, code: item.bankCode },
      },
      sourceCurrency: item.debitCurrency,
      destinationCurrency: item.currency,
      amount: item.amount,
      appliesTo: 'destination_currency',
      bulkId: batchId,
    },
    { idempotency: undefined, render: () => ({ status: 200, body: '' }) },
  );
}

export async function getBatch(
  deps: Deps,
  merchantId: string,
  numId: number,
): Promise<Result<{ batch: Batch; transfers: readonly Transfer[] }>> {
  const batch = await findBatch(deps.db, merchantId, numId);
  if (!batch) return err(appError('RESOURCE_NOT_FOUND', 'Bulk transfer not found'));
  const page = await listTransfers(deps.db, merchantId, { bulkId: batch.id }, { page: 1, size: 1000 });
  return ok({ batch, transfers: page.items });
}
