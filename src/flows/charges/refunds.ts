/**
 * Refunding a charge, and reading refunds. A refund is decided in memory from the charge as read
 * (status, what is left, the amount), then written by one guarded statement (store/refunds.ts) that
 * re-checks the same rules against the committed row: the read only shapes the answer, the statement
 * decides. When the guard refuses — another refund got there first — the charge is read again to say
 * why. Idempotent under X-Idempotency-Key like every creation (unit-of-work.ts).
 */
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { formatMoney, type AmountIn } from '../../domain/money.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { currencyOf, refundRefusal, remainingOf, type Refund } from '../../domain/refund.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge, type ChargeKey } from '../../store/charges.js';
import {
  findRefund,
  insertFailedRefund,
  insertRefund,
  listRefunds,
  type RefundFilter,
  type RefundKey,
  type RefundWithCharge,
} from '../../store/refunds.js';
import { isInsufficientBalance } from '../../store/ledger.js';
import { refundTimer } from './refund-outcomes.js';
import type { Deps } from '../deps.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export type { RefundFilter, RefundKey, RefundWithCharge };

export interface RefundRequest {
  readonly merchantId: string;
  readonly charge: string | ChargeKey;
  /** The amount as the dialect read it, in the charge's currency; omitted = all that is left. */
  readonly amount?: AmountIn;
  readonly reason?: string;
  readonly comments?: string;
  readonly meta?: Readonly<Record<string, string>>;
  /**
   * The sandbox outcome (X-Scenario-Key): `failed` moves no money; `pending` waits for its timer or a
   * sandbox control (refund-outcomes.ts).
   */
  readonly outcome?: 'completed' | 'failed' | 'pending';
}

export function refundCharge(
  deps: Deps,
  req: RefundRequest,
  rendering: Rendering<RefundWithCharge>,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    const found = await findCharge(deps.db, req.merchantId, req.charge);
    if (!found) return err(appError('CHARGE_NOT_FOUND', 'Charge not found'));
    const { charge } = found;
    const amount = req.amount === undefined ? ok(remainingOf(charge)) : req.amount(currencyOf(charge));
    if (!amount.ok) return amount;
    const refused = refundRefusal(charge, amount.value);
    if (refused) return err(refused);

    const now = deps.clock.now();
    const refund: Refund = {
      id: newId('refund'),
      numId: await deps.numericIds.next(),
      merchantId: req.merchantId,
      chargeId: charge.id,
      amount: amount.value,
      currency: charge.currency,
      status: req.outcome ?? 'completed',
      ...(req.reason === undefined ? {} : { reason: req.reason }),
      ...(req.comments === undefined ? {} : { comments: req.comments }),
      meta: req.meta ?? {},
      createdAt: now,
    };
    const result: RefundWithCharge = { refund, charge };
    if (refund.status === 'failed') {
      return prepared(result, async (reply) => {
        await insertFailedRefund(deps.db, refund, reply);
        return ok(undefined);
      });
    }
    return prepared(result, async (reply) => {
      const write = insertRefund(deps.db, {
        refund,
        step: {
          at: now,
          note: `${refund.status === 'pending' ? 'Refund pending' : 'Refunded'} ${formatMoney(refund.amount, currencyOf(charge))} (${refund.id})`,
          status: charge.status,
        },
        event: { id: newId('webhookEvent'), type: 'refund.completed' },
        chargeSnapshot: { ...charge, updatedAt: now },
        reply,
        ...(refund.status === 'pending' ? { timer: refundTimer(deps, req.merchantId, refund.id, now) } : {}),
      });
      // The ledger debits the wallet in the same statement (migration 0012); it never goes below zero.
      const applied = await write.catch((error: unknown) => {
        if (isInsufficientBalance(error)) return 'insufficient' as const;
        throw error;
      });
      if (applied === 'insufficient') return err(appError('INSUFFICIENT_BALANCE'));
      if (applied) return ok(undefined);
      const fresh = await findCharge(deps.db, req.merchantId, charge.id);
      const why = fresh && refundRefusal(fresh.charge, refund.amount);
      return err(
        why ??
          appError('RESOURCE_CONFLICT', 'The transaction changed while it was being refunded; try again'),
      );
    });
  });
}

export async function getRefund(
  deps: Deps,
  merchantId: string,
  key: RefundKey,
): Promise<Result<RefundWithCharge>> {
  const found = await findRefund(deps.db, merchantId, key);
  return found ? ok(found) : err(appError('REFUND_NOT_FOUND'));
}

export function pageOfRefunds(
  deps: Deps,
  merchantId: string,
  filter: RefundFilter,
  page: PageRequest,
): Promise<Page<RefundWithCharge>> {
  return listRefunds(deps.db, merchantId, filter, page);
}
