/**
 * Pending sandbox refunds (X-Scenario-Key `scenario:refund_pending`): the refund is written `pending`
 * with a timer (a job row in the same statement), and completes when the timer runs after
 * `settings.autoCompleteMs` (BAOBAB_SANDBOX_AUTO_COMPLETE_MS), unless a sandbox control
 * (`POST /sandbox/refunds/{id}/approve|decline`) decided it first. Completing debits the wallet and
 * writes `refund.completed`; a wallet that can no longer cover it fails the refund instead. Declining
 * fails it, and its amount is refundable again. Each decision is one guarded statement, so the timer
 * and a control racing each other decide a refund once. The timer runs on the merchant's sandbox clock
 * (docs/sandbox.md "Time").
 */
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge } from '../../store/charges.js';
import { newJobId, type NewJob } from '../../store/jobs.js';
import { isInsufficientBalance } from '../../store/ledger.js';
import { findRefund, settleRefund, type RefundWithCharge } from '../../store/refunds.js';
import type { Deps } from '../deps.js';
import { onMerchantClock } from '../sandbox/clocks.js';

export const REFUND_TIMER_JOB = 'refund.complete';

interface TimerPayload {
  readonly merchantId: string;
  readonly refundId: string;
}

export function refundTimer(deps: Deps, merchantId: string, refundId: string, now: Date): NewJob {
  const payload: TimerPayload = { merchantId, refundId };
  return {
    id: newJobId(),
    kind: REFUND_TIMER_JOB,
    payload,
    runAt: new Date(now.getTime() + deps.settings.autoCompleteMs),
    createdAt: now,
  };
}

/** Decides a pending refund; 409 when it is not pending (already decided), 404 when it is not this merchant's. */
export async function decideRefund(
  deps: Deps,
  merchantId: string,
  refundId: string,
  outcome: 'completed' | 'failed',
): Promise<Result<RefundWithCharge>> {
  const found = await findRefund(deps.db, merchantId, { id: refundId });
  if (!found) return err(appError('REFUND_NOT_FOUND'));
  if (found.refund.status !== 'pending') {
    return err(appError('RESOURCE_CONFLICT', `This refund is not pending: it is ${found.refund.status}`));
  }
  const charge = await findCharge(deps.db, merchantId, found.refund.chargeId);
  if (!charge) return err(appError('CHARGE_NOT_FOUND'));
  const at = deps.clock.now();
  const settle = (o: 'completed' | 'failed') =>
    settleRefund(deps.db, {
      refund: found.refund,
      outcome: o,
      at,
      event: { id: newId('webhookEvent'), type: 'refund.completed' },
      chargeSnapshot: charge.charge,
    });
  const applied = await settle(outcome).catch(async (error: unknown) => {
    if (outcome === 'completed' && isInsufficientBalance(error)) return settle('failed');
    throw error;
  });
  if (!applied) {
    const now = await findRefund(deps.db, merchantId, { id: refundId });
    return err(
      appError('RESOURCE_CONFLICT', `This refund is not pending: it is ${now?.refund.status ?? 'gone'}`),
    );
  }
  const after = await findRefund(deps.db, merchantId, { id: refundId });
  return after ? ok(after) : err(appError('REFUND_NOT_FOUND'));
}

function payloadOf(value: unknown): TimerPayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  return typeof p['merchantId'] === 'string' && typeof p['refundId'] === 'string'
    ? { merchantId: p['merchantId'], refundId: p['refundId'] }
    : undefined;
}

/** The job handler: completes the refund if it is still pending; one already decided is left alone. */
export async function completePendingRefund(deps: Deps, value: unknown): Promise<void> {
  const payload = payloadOf(value);
  if (!payload) throw new Error(`${REFUND_TIMER_JOB}: malformed payload ${JSON.stringify(value)}`);
  // On the merchant's sandbox clock, as stored now: the completion is dated at the timer's instant.
  await decideRefund(
    await onMerchantClock(deps, payload.merchantId),
    payload.merchantId,
    payload.refundId,
    'completed',
  );
}
