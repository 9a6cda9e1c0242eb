/**
 * Pre-authorisation: a card charge created with `preauthorize` stops, once the issuer approves, at
 * `requires_capture` with the funds held. The merchant then captures all or part of the hold — the
 * charge succeeds for the captured amount, with fees recomputed on it — or voids it. Either way the
 * charge becomes final and writes its `charge.completed` event in the same version-guarded statement
 * (the same pattern as update-charge.ts: decided again from fresh state if another request won).
 */
import type { Authorization, Charge } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import { appError } from '../../domain/errors.js';
import { computeFees } from '../../domain/fees.js';
import { formatMoney, type AmountIn } from '../../domain/money.js';
import { currencyOf } from '../../domain/refund.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge, type ChargeKey, type ChargeWithMethod } from '../../store/charges.js';
import { saveChange } from './auto-complete.js';
import { advanceCharge, completed, reportOutcome, type ChargeChange } from './charging.js';
import type { ChargeResult } from './create-charge.js';
import type { Deps } from '../deps.js';

const ATTEMPTS = 3;

type HoldVerb = 'capture' | 'void';

/**
 * How long an authorisation holds the funds (docs/sandbox.md): 7 days, as card issuers commonly keep
 * a pre-authorisation. Checked when the merchant captures: a late capture is refused (a void is
 * still accepted, to release the hold on the books).
 */
export const AUTHORIZATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** When the charge's funds were put on hold, if they were. */
export const authorizedAt = (c: Charge): Date | undefined =>
  c.history.findLast((s) => s.nextAction === 'requires_capture')?.at;

/** When the hold lapses: the charge can no longer be captured from then on. */
export function authorizationExpiry(c: Charge): Date | undefined {
  const at = authorizedAt(c);
  return at && new Date(at.getTime() + AUTHORIZATION_TTL_MS);
}

/** Why `charge` holds nothing to capture or void, in words a developer can act on; undefined if it does. */
function notHeld(c: Charge, verb: HoldVerb, now: Date): string | undefined {
  if (c.status === 'pending' && c.nextAction?.type === 'requires_capture') {
    const expiry = authorizationExpiry(c);
    if (verb === 'capture' && expiry && expiry <= now) {
      return `Cannot capture this charge: its authorization expired at ${expiry.toISOString()}; void it to release the hold`;
    }
    return undefined;
  }
  const why =
    c.status === 'pending'
      ? 'it has not been authorised yet, so no funds are held'
      : c.status === 'voided'
        ? 'it was voided and its hold released'
        : c.status === 'failed'
          ? 'it failed, so no funds are held'
          : c.preauthorize
            ? 'it was already captured'
            : 'it was not pre-authorised: its funds were taken at once';
  return `Cannot ${verb} this charge: ${why}`;
}

/** Re-reads, re-decides and writes until the write lands on the version it was decided from. */
async function settleHold(
  deps: Deps,
  merchantId: string,
  key: string | ChargeKey,
  verb: HoldVerb,
  decide: (current: ChargeWithMethod) => Result<ChargeChange>,
  channel: string,
): Promise<Result<ChargeResult>> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await findCharge(deps.db, merchantId, key);
    if (!current) return err(appError('CHARGE_NOT_FOUND', 'Charge not found'));
    const refusal = notHeld(current.charge, verb, deps.clock.now());
    if (refusal !== undefined) return err(appError('CAPTURE_VOID_NOT_ALLOWED', refusal));
    const decided = decide(current);
    if (!decided.ok) return decided;
    if (await saveChange(deps, decided.value, current.charge.version)) {
      const result = { ...decided.value, paymentMethod: current.paymentMethod };
      reportOutcome(deps, result, current.paymentMethod, channel);
      return ok(result);
    }
  }
  return err(appError('RESOURCE_CONFLICT', 'The charge is being changed by another request; try again'));
}

const advance = (deps: Deps, { charge, paymentMethod }: ChargeWithMethod, input: Authorization) =>
  advanceCharge(deps, charge, paymentMethod, input);

/**
 * Takes `amount` (as the dialect read it, in the charge's currency; omitted = the whole hold) of the held funds. The charge's
 * amount becomes what was captured — the rest of the hold is released — and its fees follow.
 */
export function captureCharge(
  deps: Deps,
  merchantId: string,
  key: string | ChargeKey,
  amount: AmountIn | undefined,
  channel: string,
): Promise<Result<ChargeResult>> {
  return settleHold(
    deps,
    merchantId,
    key,
    'capture',
    (current) => {
      const { charge, paymentMethod } = current;
      const currency = currencyOf(charge);
      const parsed = amount === undefined ? ok(charge.amount) : amount(currency);
      if (!parsed.ok) return parsed;
      const captured = parsed.value;
      if (captured > charge.amount) {
        const message = `Capture amount is more than the amount held: ${formatMoney(charge.amount, currency)}`;
        return err(appError('CAPTURE_AMOUNT_INVALID', message, [{ field: 'amount', message }]));
      }
      const advanced = advance(deps, current, { type: 'capture', amount: captured });
      if (!advanced.ok) return advanced;
      const next = advanced.value.charge;
      const last = next.history.at(-1);
      const note = `Captured ${formatMoney(captured, currency)} of ${formatMoney(charge.amount, currency)} held`;
      const final: Charge = {
        ...next,
        amount: captured,
        fees: computeFees(deps.pricing, paymentMethod.details.type, captured, charge.currency),
        history: last ? [...next.history.slice(0, -1), { ...last, note }] : next.history,
      };
      // The event is a snapshot of the charge: it must show the captured amount and fees too.
      return ok({ charge: final, ...pick('event', completed(final, paymentMethod)) });
    },
    channel,
  );
}

/** Releases the whole hold: the charge ends `voided`. */
export function voidCharge(
  deps: Deps,
  merchantId: string,
  key: string | ChargeKey,
  channel: string,
): Promise<Result<ChargeResult>> {
  return settleHold(
    deps,
    merchantId,
    key,
    'void',
    (current) => advance(deps, current, { type: 'void' }),
    channel,
  );
}
