/**
 * Sandbox auto-completion: a charge waiting for the customer away from the merchant (a phone prompt,
 * a USSD code, a QR scan, a kiosk payment, a transfer) is completed with its scenario's outcome when
 * nobody acted within `BAOBAB_SANDBOX_AUTO_COMPLETE_MS`. The timer is a job row written with the
 * charge (jobs/), so it survives restarts and runs on whichever node claims it; it names the charge
 * version it was set for, so a charge that moved on meanwhile is left alone. The timer runs on the
 * merchant's sandbox clock (docs/sandbox.md "Time"): frozen, it waits; advanced past it, it fires.
 */
import { jobInsert, newJobId } from '../../store/jobs.js';
import { findCharge, updateCharge } from '../../store/charges.js';
import type { Clock } from '../../domain/clock.js';
import { realNow } from '../../domain/sandbox-clock.js';
import type { Statement } from '../../store/statement.js';
import { writeAll } from '../../store/statement.js';
import { advanceCharge, reportOutcome, type ChargeChange } from './charging.js';
import type { Deps } from '../deps.js';
import { onMerchantClock } from '../sandbox/clocks.js';

export const AUTO_COMPLETE_JOB = 'charge.auto_complete';

interface AutoCompletePayload {
  readonly merchantId: string;
  readonly chargeId: string;
  readonly version: number;
}

/**
 * The timer for a charge as `change` left it, if it needs one: due the default delay after the step,
 * on the merchant's clock (`clock` is the flow's, a merchant clock or real time).
 */
export function autoCompleteTimer(change: ChargeChange, clock: Clock): Statement | undefined {
  const { charge, autoCompleteAt } = change;
  if (autoCompleteAt === undefined) return undefined;
  const delayMs = Math.max(0, autoCompleteAt.getTime() - clock.now().getTime());
  const real = realNow(clock);
  const payload: AutoCompletePayload = {
    merchantId: charge.merchantId,
    chargeId: charge.id,
    version: charge.version,
  };
  return jobInsert({
    id: newJobId(),
    kind: AUTO_COMPLETE_JOB,
    payload,
    runAt: new Date(real.getTime() + delayMs),
    dedupeKey: `${AUTO_COMPLETE_JOB}:${charge.id}:${charge.version}`,
    createdAt: real,
    merchantId: charge.merchantId,
  });
}

/**
 * Writes `change` over the charge if it is still at `expectedVersion`, with its event and, when the
 * new step waits for the customer, its timer — all or nothing. False when the charge moved on.
 */
export async function saveChange(
  deps: Deps,
  change: ChargeChange,
  expectedVersion: number,
): Promise<boolean> {
  const timer = autoCompleteTimer(change, deps.clock);
  if (timer === undefined) return updateCharge(deps.db, change.charge, expectedVersion, change.event);
  return deps.db.transaction(async (tx) => {
    const updated = await updateCharge(tx, change.charge, expectedVersion, change.event);
    if (updated) await writeAll(tx, [timer]);
    return updated;
  });
}

function payloadOf(value: unknown): AutoCompletePayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  return typeof p['merchantId'] === 'string' &&
    typeof p['chargeId'] === 'string' &&
    typeof p['version'] === 'number'
    ? { merchantId: p['merchantId'], chargeId: p['chargeId'], version: p['version'] }
    : undefined;
}

/**
 * The job handler, on the merchant's clock (the completion is dated by it). Anything but the step the
 * timer was set for is left as it is.
 */
export async function autoComplete(real: Deps, value: unknown): Promise<void> {
  const payload = payloadOf(value);
  if (!payload) throw new Error(`${AUTO_COMPLETE_JOB}: malformed payload ${JSON.stringify(value)}`);
  const deps = await onMerchantClock(real, payload.merchantId);
  const found = await findCharge(deps.db, payload.merchantId, payload.chargeId);
  if (!found || found.charge.version !== payload.version || found.charge.status !== 'pending') return;
  const { charge, paymentMethod } = found;
  const decided = advanceCharge(deps, charge, paymentMethod, { type: 'timeout' });
  // A step that takes no timeout (the charge changed rail state some other way) is simply not ours.
  if (!decided.ok) return;
  if (await saveChange(deps, decided.value, charge.version)) {
    reportOutcome(deps, decided.value, paymentMethod, 'sandbox_timer');
  }
}
