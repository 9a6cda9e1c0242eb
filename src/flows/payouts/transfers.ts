/**
 * Transfers (payouts), both dialects. Creating one decides everything in memory — FX, fee, the rail's
 * first step, the event and the timer — then writes it in one statement that holds `debit + fee` on
 * the wallet, guarded by the available balance (store/transfers.ts). When the guard refuses (the
 * balance, possibly spent by a racing transfer on another node, does not cover it), nothing was
 * written, and the transfer is decided again as FAILED `insufficient_balance`, which holds nothing.
 * Idempotent under X-Idempotency-Key like every creation (unit-of-work.ts); a reused reference is
 * TRANSFER_ALREADY_EXISTS.
 */
import type { Scenario } from '../../domain/charge.js';
import { appError, invalid, type AppError } from '../../domain/errors.js';
import type { TransferEvent } from '../../domain/events.js';
import { newId, randomBase62 } from '../../domain/ids.js';
import type { Currency } from '../../domain/money.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  convert,
  hasFx,
  holdOf,
  rateOf,
  transferFee,
  type Destination,
  type Transfer,
  type TransferOrigin,
} from '../../domain/transfer.js';
import {
  payoutRail,
  type PayoutDecision,
  type PayoutInput,
  type PayoutRejection,
  type PayoutState,
} from '../../rails/payout.js';
import { isUniqueViolation } from '../../store/db.js';
import { newJobId, type NewJob } from '../../store/jobs.js';
import { openWallet, walletBalance } from '../../store/ledger.js';
import {
  findTransfer,
  insertTransfer,
  listTransfers,
  TRANSFER_REFERENCE_CONSTRAINT,
  updateTransfer,
  type Movement,
  type TransferFilter,
  type TransferKey,
} from '../../store/transfers.js';
import type { Deps } from '../deps.js';
import { merchantDeps, onMerchantClock } from '../sandbox/clocks.js';
import { realNow } from '../../domain/sandbox-clock.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export const TRANSFER_TIMER_JOB = 'transfer.timer';

export interface TransferRequest {
  readonly merchantId: string;
  readonly origin: TransferOrigin;
  readonly action: 'instant' | 'deferred' | 'scheduled';
  readonly reference?: string;
  readonly narration?: string;
  readonly callbackUrl?: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly scenario: Scenario;
  readonly destination: Destination;
  readonly recipientId?: string;
  readonly sender?: Readonly<Record<string, unknown>>;
  readonly sourceCurrency: Currency;
  readonly destinationCurrency: Currency;
  /** Minor units of the currency `appliesTo` names. */
  readonly amount: number;
  readonly appliesTo: 'source_currency' | 'destination_currency';
  readonly disburseAt?: Date;
  /** A retry or duplicate of this transfer. */
  readonly parent?: { readonly id: string; readonly action: 'retry' | 'duplicate' };
  readonly bulkId?: string;
}

export function rejectionError(r: PayoutRejection): AppError {
  const field = [{ field: r.field, message: r.message }];
  switch (r.kind) {
    case 'invalid':
      return invalid(field, r.message);
    case 'conflict':
      return appError('TRANSFER_ALREADY_EXISTS', r.message, field);
    case 'forbidden':
      return appError('FORBIDDEN', r.message, field);
    case 'not_found':
      return appError('RECIPIENT_NOT_FOUND', r.message, field);
  }
}

const transferEvent = (t: Transfer, type: TransferEvent['type'], at: Date): TransferEvent => ({
  id: newId('webhookEvent'),
  merchantId: t.merchantId,
  chargeId: '',
  type,
  data: { transfer: t },
  createdAt: at,
});

/**
 * A pending transfer's sandbox timer, or a scheduled one's date: a timer on the merchant's sandbox
 * clock (`now` and the date are in its time), due when that time reaches it.
 */
function timerOf(deps: Deps, t: Transfer, decision: PayoutDecision, now: Date): NewJob | undefined {
  const dueAt =
    decision.autoComplete === true
      ? new Date(now.getTime() + deps.settings.autoCompleteMs)
      : decision.state.step === 'scheduled'
        ? (t.disburseAt ?? now)
        : undefined;
  if (dueAt === undefined) return undefined;
  const real = realNow(deps.clock);
  return {
    id: newJobId(),
    kind: TRANSFER_TIMER_JOB,
    payload: { merchantId: t.merchantId, transferId: t.id, version: t.version },
    runAt: new Date(real.getTime() + Math.max(0, dueAt.getTime() - now.getTime())),
    dedupeKey: `${TRANSFER_TIMER_JOB}:${t.id}:${t.version}`,
    createdAt: real,
    merchantId: t.merchantId,
  };
}

/** The amounts of a request: what leaves the wallet (source currency), the fee and the rate. */
function amountsOf(req: TransferRequest): Result<{ debit: number; fee: number; rate: string }> {
  const { sourceCurrency: src, destinationCurrency: dst } = req;
  if (src !== dst && (!hasFx(src) || !hasFx(dst))) {
    return err(
      invalid([
        {
          field: 'source_currency',
          message: `The sandbox has no rate from ${src} to ${dst}; see docs/payouts.md`,
        },
      ]),
    );
  }
  const debit = req.appliesTo === 'source_currency' ? req.amount : convert(req.amount, dst, src, true);
  if (debit <= 0) return err(invalid([{ field: 'amount', message: 'The amount is too small to convert' }]));
  return ok({ debit, fee: transferFee(src, debit), rate: rateOf(src, dst) });
}

export async function createTransfer(
  real: Deps,
  req: TransferRequest,
  rendering: Rendering<Transfer>,
): Promise<Result<Executed>> {
  // Dated, and scheduled, on the merchant's sandbox clock (docs/sandbox.md "Time").
  const deps = await merchantDeps(real, req.merchantId);
  const race = { lost: false };
  const run = () =>
    execute(deps, req.merchantId, rendering, async () => {
      const amounts = amountsOf(req);
      if (!amounts.ok) return amounts;
      const { debit, fee, rate } = amounts.value;
      const now = deps.clock.now();
      await openWallet(deps.db, req.merchantId, req.sourceCurrency, now);
      const balance = await walletBalance(deps.db, req.merchantId, req.sourceCurrency, now);
      const started = payoutRail.start({
        scenario: req.scenario,
        action: req.action,
        ...(req.destination.bank ? { accountNumber: req.destination.bank.accountNumber } : {}),
        covered: !race.lost && balance.available >= debit + fee,
      });
      if (!started.ok) return err(rejectionError(started.error));
      const d = started.value;
      const transfer: Transfer = {
        id: newId('transfer'),
        numId: await deps.numericIds.next(),
        merchantId: req.merchantId,
        reference: req.reference ?? `baobab-${randomBase62(16)}`,
        action: req.parent?.action ?? req.action,
        type: req.destination.type,
        status: d.status,
        sourceCurrency: req.sourceCurrency,
        destinationCurrency: req.destinationCurrency,
        amount: req.amount,
        appliesTo: req.appliesTo,
        debitAmount: debit,
        fee,
        rate,
        ...(req.recipientId === undefined ? {} : { recipientId: req.recipientId }),
        destination: req.destination,
        ...(req.sender === undefined ? {} : { sender: req.sender }),
        ...(req.narration === undefined ? {} : { narration: req.narration }),
        ...(req.callbackUrl === undefined ? {} : { callbackUrl: req.callbackUrl }),
        meta: req.meta,
        scenario: req.scenario,
        railState: d.state,
        ...(d.providerResponse ? { providerResponse: d.providerResponse } : {}),
        origin: req.origin,
        ...(req.parent ? { parentId: req.parent.id } : {}),
        ...(req.bulkId === undefined ? {} : { bulkId: req.bulkId }),
        ...(req.disburseAt === undefined ? {} : { disburseAt: req.disburseAt }),
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const failed = d.status === 'FAILED';
      return prepared(transfer, async (reply) => {
        try {
          const written = await insertTransfer(deps.db, {
            transfer,
            movement: failed ? 'none' : 'hold',
            event: failed ? transferEvent(transfer, 'transfer.disburse', now) : undefined,
            job: timerOf(deps, transfer, d, now),
            reply,
          });
          if (written) return ok(undefined);
          race.lost = true;
          return err(appError('INSUFFICIENT_BALANCE'));
        } catch (error) {
          if (isUniqueViolation(error, TRANSFER_REFERENCE_CONSTRAINT)) {
            return err(
              appError(
                'TRANSFER_ALREADY_EXISTS',
                `A transfer with reference ${transfer.reference} already exists`,
                [
                  {
                    field: 'reference',
                    message: `A transfer with reference ${transfer.reference} already exists`,
                  },
                ],
              ),
            );
          }
          throw error;
        }
      });
    });
  const first = await run();
  // The balance was spent between the read and the write: decide again, as FAILED insufficient_balance.
  return !first.ok && race.lost ? run() : first;
}

/** The movement a change of status makes on the wallet. */
function movementOf(from: Transfer, next: PayoutDecision): Movement {
  if (next.reversed === true) return 'reverse';
  if (from.status === 'FAILED' || from.status === 'SUCCESSFUL' || from.status === 'CANCELLED') return 'none';
  if (next.status === 'SUCCESSFUL') return 'settle';
  if (next.status === 'FAILED' || next.status === 'CANCELLED') return 'release';
  return 'none';
}

/** Feeds the rail an input; writes the change, its movement, event and timer in one statement. */
export async function advanceTransfer(
  real: Deps,
  merchantId: string,
  key: TransferKey,
  input: PayoutInput,
  expectedVersion?: number,
): Promise<Result<Transfer>> {
  const deps = await merchantDeps(real, merchantId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const t = await findTransfer(deps.db, merchantId, key);
    if (!t) return err(appError('TRANSFER_NOT_FOUND'));
    if (expectedVersion !== undefined && t.version !== expectedVersion) return ok(t);
    const decided = payoutRail.advance(t.railState as PayoutState, input);
    if (!decided.ok) {
      return err(
        appError('TRANSFER_NOT_UPDATABLE', `The transfer is ${t.status}: it cannot take "${input.type}" now`),
      );
    }
    const d = decided.value;
    const now = deps.clock.now();
    const next: Transfer = {
      ...t,
      status: d.status,
      railState: d.state,
      ...(d.providerResponse ? { providerResponse: d.providerResponse } : {}),
      ...(d.reversed === true ? { reversedAt: now } : {}),
      version: t.version + 1,
      updatedAt: now,
    };
    const eventType =
      d.reversed === true
        ? 'transfer.reversal'
        : d.status === 'SUCCESSFUL' || d.status === 'FAILED'
          ? 'transfer.disburse'
          : undefined;
    const written = await updateTransfer(
      deps.db,
      {
        transfer: next,
        movement: movementOf(t, d),
        event: eventType && transferEvent(next, eventType, now),
        job: timerOf(deps, next, d, now),
      },
      t.version,
    );
    if (written) return ok(next);
    if (expectedVersion !== undefined) return ok(t);
  }
  return err(appError('RESOURCE_CONFLICT', 'The transfer changed while it was being updated; try again'));
}

export async function getTransfer(
  deps: Deps,
  merchantId: string,
  key: TransferKey,
): Promise<Result<Transfer>> {
  const t = await findTransfer(deps.db, merchantId, key);
  return t ? ok(t) : err(appError('TRANSFER_NOT_FOUND'));
}

export const pageOfTransfers = (
  deps: Deps,
  merchantId: string,
  filter: TransferFilter,
  page: PageRequest,
): Promise<Page<Transfer>> => listTransfers(deps.db, merchantId, filter, page);

/** The job handler: a pending transfer's sandbox timer, or a scheduled one's date. */
export async function transferTimer(deps: Deps, value: unknown): Promise<void> {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { merchantId, transferId, version } = p;
  if (typeof merchantId !== 'string' || typeof transferId !== 'string' || typeof version !== 'number') {
    throw new Error(`${TRANSFER_TIMER_JOB}: malformed payload ${JSON.stringify(value)}`);
  }
  // Anything but the step the timer was set for (the transfer moved on) is left as it is. On the
  // merchant's clock as stored now (an advance has just stepped it).
  const onClock = await onMerchantClock(deps, merchantId);
  await advanceTransfer(onClock, merchantId, { id: transferId }, { type: 'timeout' }, version);
}

export { holdOf };
