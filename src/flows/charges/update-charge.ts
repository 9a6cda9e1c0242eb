/**
 * Moving a pending charge on: PUT /charges/{id} (an authorisation, or new meta) and the sandbox
 * redirect pages (the customer approves or declines). Updates are version-guarded; when another
 * request changed the charge first, the update is decided again from the new state.
 */
import type { Authorization } from '../../domain/charge.js';
import type { Meta } from '../../domain/customer.js';
import { appError, type AppError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge, type ChargeKey, type ChargeWithMethod } from '../../store/charges.js';
import { saveChange } from './auto-complete.js';
import { advanceCharge, reportOutcome, type ChargeChange } from './charging.js';
import type { ChargeResult } from './create-charge.js';
import type { Deps } from '../deps.js';

const ATTEMPTS = 3;

const describeKey = (key: string | ChargeKey): string =>
  typeof key === 'string'
    ? key
    : 'id' in key
      ? key.id
      : 'txId' in key
        ? String(key.txId)
        : 'flwRef' in key
          ? key.flwRef
          : key.reference;

/** Re-reads, re-decides and writes until the write lands on the version it was decided from. */
async function change(
  deps: Deps,
  merchantId: string,
  key: string | ChargeKey,
  decide: (current: ChargeWithMethod) => Result<ChargeChange>,
): Promise<Result<ChargeResult>> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await findCharge(deps.db, merchantId, key);
    if (!current) return err(appError('CHARGE_NOT_FOUND', `Charge ${describeKey(key)} was not found`));
    const decided = decide(current);
    if (!decided.ok) return decided;
    if (await saveChange(deps, decided.value, current.charge.version)) {
      return ok({ ...decided.value, paymentMethod: current.paymentMethod });
    }
  }
  return err(
    appError(
      'RESOURCE_CONFLICT',
      `Charge ${describeKey(key)} is being changed by another request; try again`,
    ),
  );
}

export async function authorizeCharge(
  deps: Deps,
  merchantId: string,
  chargeId: string | ChargeKey,
  update: { readonly authorization?: Authorization; readonly meta?: Meta },
  channel: string,
): Promise<Result<ChargeResult>> {
  const result = await change(
    deps,
    merchantId,
    chargeId,
    ({ charge, paymentMethod }): Result<ChargeChange> => {
      if (update.authorization) {
        return advanceCharge(deps, charge, paymentMethod, update.authorization, update.meta);
      }
      if (charge.status !== 'pending') {
        return err(appError('CHARGE_FINALIZED', `Charge ${charge.id} is already ${charge.status}`));
      }
      return ok({
        charge: {
          ...charge,
          meta: update.meta ?? charge.meta,
          version: charge.version + 1,
          updatedAt: deps.clock.now(),
        },
      });
    },
  );
  if (result.ok) reportOutcome(deps, result.value, result.value.paymentMethod, channel);
  return result;
}

export type RedirectFailure = 'used' | AppError;

/**
 * The customer's answer on a redirect page for the charge step `version`. A link for a step the
 * charge has left — answered already, or the charge moved on — is `used`.
 */
export async function completeRedirect(
  deps: Deps,
  link: { readonly merchantId: string; readonly chargeId: string; readonly version: number },
  approved: boolean,
  channel: string,
): Promise<Result<ChargeResult, RedirectFailure>> {
  const current = await findCharge(deps.db, link.merchantId, link.chargeId);
  if (!current) return err(appError('CHARGE_NOT_FOUND', `Charge ${link.chargeId} was not found`));
  const { charge, paymentMethod } = current;
  if (charge.version !== link.version || charge.nextAction?.type !== 'redirect_url') return err('used');
  const decided = advanceCharge(deps, charge, paymentMethod, { type: 'redirect', approved });
  if (!decided.ok) return decided;
  if (!(await saveChange(deps, decided.value, charge.version))) return err('used');
  const result = { ...decided.value, paymentMethod };
  reportOutcome(deps, result, paymentMethod, channel);
  return ok(result);
}
