/** POST /charges: a charge of an existing customer's saved payment method, idempotent under a key. */
import { appError } from '../domain/errors.js';
import type { PaymentMethod } from '../domain/payment-method.js';
import { err, ok, type Result } from '../domain/result.js';
import { isUniqueViolation } from '../store/db.js';
import { chargeInsert, REFERENCE_CONSTRAINT } from '../store/charges.js';
import { findCustomer } from '../store/customers.js';
import { eventInsert } from '../store/events.js';
import { replyInsert, type ReplyRow } from '../store/idempotency.js';
import { findPaymentMethod } from '../store/payment-methods.js';
import { writeAll, type Statement } from '../store/statement.js';
import { autoCompleteTimer } from './auto-complete.js';
import { openCharge, reportOutcome, type ChargeChange, type ChargeRequest } from './charging.js';
import type { Deps } from './deps.js';
import { execute, prepared, type Executed, type Rendering } from './unit-of-work.js';

export interface ChargeResult extends ChargeChange {
  readonly paymentMethod: PaymentMethod;
}

export type NewChargeRequest = Omit<ChargeRequest, 'paymentMethod'> & { readonly paymentMethodId: string };

/** Writes a new charge (after whatever else `before` must create) and maps a reused reference. */
export async function commitCharge(
  deps: Deps,
  result: ChargeResult,
  before: readonly (Statement | undefined)[],
  reply: ReplyRow | undefined,
  channel: string,
): Promise<Result<void>> {
  try {
    await writeAll(deps.db, [
      ...before,
      chargeInsert(result.charge),
      result.event && eventInsert(result.event),
      autoCompleteTimer(result, deps.clock.now()),
      reply && replyInsert(reply),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, REFERENCE_CONSTRAINT)) {
      return err(
        appError(
          'CHARGE_ALREADY_EXISTS',
          `A charge with reference ${result.charge.reference} already exists`,
        ),
      );
    }
    throw error;
  }
  reportOutcome(deps, result, result.paymentMethod, channel);
  return ok(undefined);
}

export function createCharge(
  deps: Deps,
  req: NewChargeRequest,
  rendering: Rendering<ChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    const [customer, paymentMethod] = await Promise.all([
      findCustomer(deps.db, req.merchantId, req.customerId),
      findPaymentMethod(deps.db, req.merchantId, req.paymentMethodId),
    ]);
    if (!customer) {
      return err(appError('CUSTOMER_NOT_FOUND_FOR_CHARGE', `Customer ${req.customerId} was not found`));
    }
    if (
      !paymentMethod ||
      (paymentMethod.customerId !== undefined && paymentMethod.customerId !== customer.id)
    ) {
      return err(
        appError(
          'PAYMENT_METHOD_NOT_FOUND_FOR_CHARGE',
          `Payment method ${req.paymentMethodId} was not found for customer ${req.customerId}`,
        ),
      );
    }
    const opened = await openCharge(deps, { ...req, paymentMethod });
    if (!opened.ok) return opened;
    const result: ChargeResult = { ...opened.value, paymentMethod };
    return prepared(result, (reply) => commitCharge(deps, result, [], reply, channel));
  });
}
