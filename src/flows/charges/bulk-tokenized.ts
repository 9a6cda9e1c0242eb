/**
 * Bulk tokenized charges (v3 `POST /v3/bulk-tokenized-charges`): many saved cards charged again in one
 * request. The request only records the batch and enqueues one job (jobs/), answering at once with
 * every charge pending. The job charges the items in order, each exactly as `POST /v3/tokenized-charges`
 * would (recurring, no authentication, the issuer's answer final at once), and each charge writes its
 * own event, so the merchant gets one `charge.completed` webhook per charge. An item that cannot be
 * charged (unknown token, another customer's email, a reference already used) is recorded as failed
 * with the reason; the others go on. Each charge is written in the same statement that marks its item
 * charged, so a job run again after a crash charges only what is left.
 */
import { appError, type AppError } from '../../domain/errors.js';
import { ok, type Result } from '../../domain/result.js';
import { parseScenarioKey } from '../../domain/scenario.js';
import {
  bulkChargeInsert,
  bulkTransactions,
  findBulkCharge,
  itemCharged,
  markItemFailed,
  pendingItems,
  type BulkCharge,
  type BulkChargeState,
  type BulkItemRequest,
  type BulkTransaction,
  type PendingItem,
} from '../../store/bulk-charges.js';
import { replyInsert } from '../../store/idempotency.js';
import { jobInsert, newJobId } from '../../store/jobs.js';
import { writeAll } from '../../store/statement.js';
import { findTokenHolder } from '../../store/transactions-v3.js';
import { openCharge } from './charging.js';
import { commitCharge } from './create-charge.js';
import type { Deps } from '../deps.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export const BULK_CHARGE_JOB = 'charge.bulk_tokenized';

export type { BulkChargeState, BulkItemRequest, BulkTransaction };

export interface BulkChargeRequest {
  readonly merchantId: string;
  readonly title?: string;
  readonly retryStrategy?: Readonly<Record<string, unknown>>;
  readonly scenarioKey?: string;
  readonly items: readonly BulkItemRequest[];
}

interface BulkChargePayload {
  readonly merchantId: string;
  readonly bulkId: number;
}

export function createBulkCharge(
  deps: Deps,
  req: BulkChargeRequest,
  rendering: Rendering<BulkCharge>,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    const now = deps.clock.now();
    const bulk: BulkCharge = {
      id: await deps.numericIds.next(),
      merchantId: req.merchantId,
      ...(req.title === undefined ? {} : { title: req.title }),
      ...(req.retryStrategy === undefined ? {} : { retryStrategy: req.retryStrategy }),
      ...(req.scenarioKey === undefined ? {} : { scenarioKey: req.scenarioKey }),
      total: req.items.length,
      createdAt: now,
    };
    const payload: BulkChargePayload = { merchantId: req.merchantId, bulkId: bulk.id };
    const job = jobInsert({
      id: newJobId(),
      kind: BULK_CHARGE_JOB,
      payload,
      runAt: now,
      dedupeKey: `${BULK_CHARGE_JOB}:${bulk.id}`,
      createdAt: now,
    });
    return prepared(bulk, async (reply) => {
      await writeAll(deps.db, [...bulkChargeInsert(bulk, req.items), job, reply && replyInsert(reply)]);
      return ok(undefined);
    });
  });
}

export const readBulkCharge = (deps: Deps, merchantId: string, id: number) =>
  findBulkCharge(deps.db, merchantId, id);

export const readBulkTransactions = (deps: Deps, merchantId: string, id: number) =>
  bulkTransactions(deps.db, merchantId, id);

/** Why an item could not become a charge, or undefined once it has. */
async function chargeItem(
  deps: Deps,
  bulk: BulkChargeState,
  item: PendingItem,
): Promise<AppError | undefined> {
  const r = item.request;
  const holder = await findTokenHolder(deps.db, bulk.merchantId, r.token);
  if (!holder) {
    return appError(
      'RESOURCE_NOT_FOUND',
      'Token not found: it names no card successfully charged on your account',
    );
  }
  if (holder.customer.email.toLowerCase() !== r.email.toLowerCase()) {
    return appError(
      'REQUEST_NOT_VALID',
      'Token does not belong to this customer: send the email the card was first charged with',
    );
  }
  const opened = await openCharge(deps, {
    merchantId: bulk.merchantId,
    customerId: holder.customer.id,
    paymentMethod: holder.paymentMethod,
    amount: r.amount,
    currency: r.currency,
    reference: r.reference,
    ...(r.redirectUrl === undefined ? {} : { redirectUrl: r.redirectUrl }),
    meta: {},
    recurring: true,
    preauthorize: false,
    origin: 'v3',
    scenario: parseScenarioKey(bulk.scenarioKey),
  });
  if (!opened.ok) return opened.error;
  const result = { ...opened.value, paymentMethod: holder.paymentMethod };
  const marked = itemCharged(bulk.merchantId, bulk.id, item.position, result.charge.id, deps.clock.now());
  const committed = await commitCharge(deps, result, [marked], undefined, 'v3_bulk');
  return committed.ok ? undefined : committed.error;
}

function payloadOf(value: unknown): BulkChargePayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  return typeof p['merchantId'] === 'string' && typeof p['bulkId'] === 'number'
    ? { merchantId: p['merchantId'], bulkId: p['bulkId'] }
    : undefined;
}

/** The job handler: charges every item still pending, in order. */
export async function chargeBulk(deps: Deps, value: unknown): Promise<void> {
  const payload = payloadOf(value);
  if (!payload) throw new Error(`${BULK_CHARGE_JOB}: malformed payload ${JSON.stringify(value)}`);
  const bulk = await findBulkCharge(deps.db, payload.merchantId, payload.bulkId);
  if (!bulk) return;
  for (const item of await pendingItems(deps.db, bulk.merchantId, bulk.id)) {
    const failed = await chargeItem(deps, bulk, item);
    // A failed item stays failed; one another worker charged meanwhile is left as it is.
    if (failed) {
      await markItemFailed(
        deps.db,
        bulk.merchantId,
        bulk.id,
        item.position,
        failed.message,
        deps.clock.now(),
      );
    }
  }
}
