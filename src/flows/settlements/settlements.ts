/**
 * Settling collections (domain/settlement.ts has the rules, docs/sandbox.md "Settlements" the
 * schedule). The daily job (`settlement.daily`) settles, for every merchant, what was collected
 * before the current UTC day began, then schedules the next run; the sandbox control settles one
 * merchant's collections up to now. Both read the unsettled movements from the ledger and write each
 * batch in one statement that settles every movement at most once (store/settlements.ts), so a run
 * repeated after a crash, or racing another node's, settles nothing twice.
 */
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  batchesOf,
  cutoffOf,
  nextRunAfter,
  type Settlement,
  type SettlementBatch,
} from '../../domain/settlement.js';
import { jobInsert, newJobId } from '../../store/jobs.js';
import {
  findSettlement,
  insertSettlement,
  listSettlements,
  merchantsToSettle,
  settledCharges,
  settledNumericIds,
  unsettledItems,
  type SettledCharge,
  type SettlementFilter,
  type SettlementKey,
} from '../../store/settlements.js';
import type { Deps } from '../deps.js';

export type { SettledCharge, SettlementFilter, SettlementKey };

export const SETTLEMENT_JOB = 'settlement.daily';

/** The daily run due next after `now`; one job per run time, however many nodes enqueue it. */
export async function scheduleSettlements(deps: Deps, now: Date = deps.clock.now()): Promise<Date> {
  const runAt = nextRunAfter(now);
  const { sql, params } = jobInsert({
    id: newJobId(),
    kind: SETTLEMENT_JOB,
    payload: { runAt: runAt.toISOString() },
    runAt,
    dedupeKey: `${SETTLEMENT_JOB}:${runAt.toISOString()}`,
    createdAt: now,
  });
  await deps.db.query(sql, params);
  return runAt;
}

async function write(
  deps: Deps,
  merchantId: string,
  batch: SettlementBatch,
): Promise<Settlement | undefined> {
  const at = deps.clock.now();
  const settlement: Settlement = {
    id: newId('settlement'),
    numId: await deps.numericIds.next(),
    merchantId,
    currency: batch.currency,
    day: batch.day,
    ...batch.totals,
    status: 'completed',
    destination: 'wallet',
    dueAt: at,
    createdAt: at,
  };
  return (await insertSettlement(deps.db, settlement, batch.items)) ? settlement : undefined;
}

/** Settles one merchant's collections made before `before`; resolves with the settlements written. */
export async function settleMerchant(deps: Deps, merchantId: string, before: Date): Promise<Settlement[]> {
  const batches = batchesOf(await unsettledItems(deps.db, merchantId, before));
  const written: Settlement[] = [];
  for (const batch of batches) {
    const s = await write(deps, merchantId, batch);
    if (s) written.push(s);
  }
  return written;
}

/** The sandbox control: settle now, so nobody waits for the daily run. */
export function settleNow(deps: Deps, merchantId: string): Promise<Settlement[]> {
  // Exclusive bound: what happened at this very instant is included.
  return settleMerchant(deps, merchantId, new Date(deps.clock.now().getTime() + 1));
}

/**
 * The job handler: schedules tomorrow's run, then settles every merchant's collections from before
 * today (UTC, by the app clock). A run that comes late (the clock jumped days) settles each missed
 * day on its own, as the batches are per day.
 */
export async function runSettlements(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  // Tomorrow's run first: a run that keeps failing until it is given up does not end the schedule.
  await scheduleSettlements(deps, now);
  const before = cutoffOf(now);
  for (const merchantId of await merchantsToSettle(deps.db, before)) {
    await settleMerchant(deps, merchantId, before);
  }
}

export async function getSettlement(
  deps: Deps,
  merchantId: string,
  key: SettlementKey,
): Promise<Result<Settlement>> {
  const found = await findSettlement(deps.db, merchantId, key);
  return found ? ok(found) : err(appError('SETTLEMENT_NOT_FOUND'));
}

export function pageOfSettlements(
  deps: Deps,
  merchantId: string,
  filter: SettlementFilter,
  page: PageRequest,
): Promise<Page<Settlement>> {
  return listSettlements(deps.db, merchantId, filter, page);
}

/** A settlement's charges: one page, or all of them. */
export function chargesOf(deps: Deps, s: Settlement, page?: PageRequest): Promise<SettledCharge[]> {
  return settledCharges(deps.db, s.id, page);
}

export function numericIdsOf(deps: Deps, s: Settlement) {
  return settledNumericIds(deps.db, s.id);
}
