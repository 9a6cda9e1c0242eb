/**
 * POST /charges: a charge of an existing customer's saved payment method, idempotent under a key. The
 * method must be one the v4 API charges, in a currency and amount it takes; `recurring` means "no
 * customer step" only for cards — every other method needs the customer, so it is ignored for them.
 */
import { appError, type AppError } from '../../domain/errors.js';
import type { Currency } from '../../domain/money.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { err, ok, type Result } from '../../domain/result.js';
import { isUniqueViolation } from '../../store/db.js';
import { chargeInsert, REFERENCE_CONSTRAINT } from '../../store/charges.js';
import { findCustomer } from '../../store/customers.js';
import { eventInsert } from '../../store/events.js';
import { replyInsert, type ReplyRow } from '../../store/idempotency.js';
import { findPaymentMethod } from '../../store/payment-methods.js';
import { writeAll, type Statement } from '../../store/statement.js';
import { autoCompleteTimer } from './auto-complete.js';
import { isOrder, openCharge, reportOutcome, type ChargeChange, type ChargeRequest } from './charging.js';
import type { Deps } from '../deps.js';
import { checkChargeable, checkUpFrontAuthorization, methodOf } from './payment-methods.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export interface ChargeResult extends ChargeChange {
  readonly paymentMethod: PaymentMethod;
}

export type NewChargeRequest = Omit<ChargeRequest, 'paymentMethod' | 'currency'> & {
  readonly paymentMethodId: string;
  readonly currency: Currency;
};

/** Why a saved payment method cannot be charged through the v4 API (one made through v3, say). */
function notForV4(pm: PaymentMethod, name: string | undefined): AppError {
  const field = 'payment_method_id';
  const [type, message] =
    pm.details.type === 'bank_transfer'
      ? ([
          'INVALID_CHARGE',
          `Payment method ${pm.id} is a bank transfer: bank transfers are collected with virtual accounts (POST /virtual-accounts)`,
        ] as const)
      : ([
          'UNPROCESSABLE',
          `Payment method ${pm.id} (${name ?? pm.details.type}) is charged through the v3 API only`,
        ] as const);
  return appError(type, message, [{ field, message }]);
}

/** Only cards hold funds for a later capture (v3 `preauthorize`, v4 orders). */
export function checkHoldable(type: string, preauthorize: boolean | undefined, field: string): Result<void> {
  if (preauthorize !== true || type === 'card') return ok(undefined);
  const message = `Only card payment methods can be pre-authorised; this one is ${type}`;
  return err(appError('INVALID_CHARGE', message, [{ field, message }]));
}

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
      autoCompleteTimer(result, deps.clock),
      reply && replyInsert(reply),
    ]);
  } catch (error) {
    if (isUniqueViolation(error, REFERENCE_CONSTRAINT)) {
      const order = isOrder(result.charge);
      return err(
        appError(
          order ? 'ORDER_ALREADY_EXISTS' : 'CHARGE_ALREADY_EXISTS',
          `A${order ? 'n order' : ' charge'} with reference ${result.charge.reference} already exists`,
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
    const method = methodOf(paymentMethod.details);
    if (!method?.v4) return err(notForV4(paymentMethod, method?.name));
    const holdable = checkHoldable(paymentMethod.details.type, req.preauthorize, 'payment_method_id');
    if (!holdable.ok) return holdable;
    const upFront = checkUpFrontAuthorization(paymentMethod.details, req.authorization);
    if (!upFront.ok) return upFront;
    const chargeable = checkChargeable(method, paymentMethod.details, req);
    if (!chargeable.ok) return chargeable;
    const opened = await openCharge(deps, {
      ...req,
      recurring: req.recurring && paymentMethod.details.type === 'card',
      paymentMethod,
    });
    if (!opened.ok) return opened;
    const result: ChargeResult = { ...opened.value, paymentMethod };
    return prepared(result, (reply) => commitCharge(deps, result, [], reply, channel));
  });
}
