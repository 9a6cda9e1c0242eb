/**
 * Charging a saved card again by its token (v3 `POST /tokenized-charges`): a recurring charge of
 * the card the token names, for the customer it belongs to. Recurring means the rail skips every
 * authentication step, so the charge is final at once with the issuer's answer (X-Scenario-Key
 * `issuer:` may still choose a decline). Like every creation it is written in one statement, with its
 * event and idempotency reply; a reused reference is refused by the charge's unique constraint.
 */
import type { Customer } from '../../domain/customer.js';
import { appError, invalid } from '../../domain/errors.js';
import { err, type Result } from '../../domain/result.js';
import { findTokenHolder } from '../../store/transactions-v3.js';
import { openCharge, type ChargeRequest } from './charging.js';
import { commitCharge, type ChargeResult } from './create-charge.js';
import type { Deps } from '../deps.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export interface TokenizedChargeRequest extends Omit<
  ChargeRequest,
  'paymentMethod' | 'customerId' | 'recurring'
> {
  readonly token: string;
  /** Must be the email of the customer the card belongs to: a token alone does not authorise a charge. */
  readonly email: string;
}

export interface TokenizedChargeResult extends ChargeResult {
  readonly customer: Customer;
}

export function tokenizedCharge(
  deps: Deps,
  req: TokenizedChargeRequest,
  rendering: Rendering<TokenizedChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  const { token, email, ...charge } = req;
  return execute(deps, req.merchantId, rendering, async () => {
    const holder = await findTokenHolder(deps.db, req.merchantId, token);
    if (!holder) {
      return err(
        appError(
          'RESOURCE_NOT_FOUND',
          'Token not found: it names no card successfully charged on your account',
        ),
      );
    }
    if (holder.customer.email.toLowerCase() !== email.toLowerCase()) {
      return err(
        invalid([
          {
            field: 'email',
            message: 'Token does not belong to this customer: send the email the card was first charged with',
          },
        ]),
      );
    }
    const opened = await openCharge(deps, {
      ...charge,
      customerId: holder.customer.id,
      paymentMethod: holder.paymentMethod,
      recurring: true,
    });
    if (!opened.ok) return opened;
    const result: TokenizedChargeResult = {
      ...opened.value,
      paymentMethod: holder.paymentMethod,
      customer: holder.customer,
    };
    return prepared(result, (reply) => commitCharge(deps, result, [], reply, channel));
  });
}
