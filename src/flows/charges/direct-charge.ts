/**
 * POST /orchestration/direct-charges: customer, payment method and charge created together — one
 * statement, all or nothing — and idempotent under X-Idempotency-Key. Each call makes a new customer
 * (spec §8.5 [P]: the orchestrator is for one-off charges); v3 card charges reuse one by email.
 * Whoever calls it — the v4 orchestrator and orders, the v3 charge types, the hosted checkout — the
 * flow checks that the payment method can be charged (`checkDirectCharge`) before anything else.
 */
import type { Customer, CustomerDetails } from '../../domain/customer.js';
import { newId } from '../../domain/ids.js';
import { invalid } from '../../domain/errors.js';
import { isCurrency } from '../../domain/money.js';
import { err, type Result } from '../../domain/result.js';
import { methodOf, type MethodDetails } from '../../methods/index.js';
import { customerInsert, findCustomerByEmail } from '../../store/customers.js';
import { paymentMethodInsert } from '../../store/payment-methods.js';
import { openCharge, type ChargeRequest } from './charging.js';
import { checkHoldable, commitCharge, type ChargeResult } from './create-charge.js';
import type { Deps } from '../deps.js';
import {
  buildPaymentMethod,
  checkChargeable,
  checkUpFrontAuthorization,
  type MethodInput,
} from './payment-methods.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export interface DirectChargeRequest extends Omit<ChargeRequest, 'paymentMethod' | 'customerId'> {
  readonly customer: CustomerDetails;
  /** Charge the merchant's existing customer with this email, if there is one (v3), instead of a new one. */
  readonly reuseCustomerByEmail?: boolean;
  /** Charge this customer of the merchant (a checkout session's); `customer` is then not used. */
  readonly existingCustomer?: Customer;
  readonly paymentMethod: MethodInput;
}

/**
 * The customer a direct charge is for: the one given, the merchant's by email when asked, or a new
 * one (`isNew`: the caller inserts it with the charge).
 */
export async function chargedCustomer(
  deps: Deps,
  req: Pick<DirectChargeRequest, 'merchantId' | 'customer' | 'reuseCustomerByEmail' | 'existingCustomer'>,
  now: Date,
): Promise<{ readonly customer: Customer; readonly isNew: boolean }> {
  const existing =
    req.existingCustomer ??
    (req.reuseCustomerByEmail
      ? await findCustomerByEmail(deps.db, req.merchantId, req.customer.email)
      : undefined);
  if (existing) return { customer: existing, isNew: false };
  return {
    customer: {
      ...req.customer,
      id: newId('customer'),
      numId: await deps.numericIds.next(),
      merchantId: req.merchantId,
      createdAt: now,
      updatedAt: now,
    },
    isNew: true,
  };
}

export interface DirectChargeResult extends ChargeResult {
  readonly customer: Customer;
}

/** What a payment method as entered says about its method: its details, or just what it is. */
const detailsOf = (pm: MethodInput): MethodDetails =>
  'details' in pm ? pm.details : { type: 'card' in pm ? 'card' : 'voucher' };

/**
 * Whether the payment method can be charged as asked, the checks `createCharge` makes of a saved one:
 * a hold only on a card (v4 orders name `payment_method.type`), an authorisation up front only with a
 * card, and a currency and amount its method takes (`checkChargeable`).
 */
export function checkDirectCharge(req: DirectChargeRequest): Result<void> {
  const details = detailsOf(req.paymentMethod);
  const holdable = checkHoldable(details.type, req.preauthorize, 'payment_method.type');
  if (!holdable.ok) return holdable;
  const upFront = checkUpFrontAuthorization(details, req.authorization);
  if (!upFront.ok) return upFront;
  const method = methodOf(details);
  // Every type a dialect lets through to here has a method; a gap would be ours, not the caller's.
  if (!method) throw new Error(`no method for payment method type ${details.type}`);
  const { currency } = req;
  if (!isCurrency(currency)) {
    return err(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
  }
  return checkChargeable(method, details, { ...req, currency });
}

export function directCharge(
  deps: Deps,
  req: DirectChargeRequest,
  rendering: Rendering<DirectChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  const chargeable = checkDirectCharge(req);
  return chargeable.ok ? writeDirectCharge(deps, req, rendering, channel) : Promise.resolve(chargeable);
}

/**
 * A direct charge written without the methods' currency and amount rules: for sandbox tooling that
 * needs a charge of any method the rails carry, in any currency (the sandbox-page tests). Every
 * route goes through `directCharge`.
 */
export function writeDirectCharge(
  deps: Deps,
  req: DirectChargeRequest,
  rendering: Rendering<DirectChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    const now = deps.clock.now();
    const { customer, isNew } = await chargedCustomer(deps, req, now);
    const paymentMethod = buildPaymentMethod(deps, {
      ...req.paymentMethod,
      merchantId: req.merchantId,
      customerId: customer.id,
    });
    if (!paymentMethod.ok) return paymentMethod;
    const opened = await openCharge(deps, {
      ...req,
      customerId: customer.id,
      paymentMethod: paymentMethod.value,
    });
    if (!opened.ok) return opened;
    const result: DirectChargeResult = { ...opened.value, paymentMethod: paymentMethod.value, customer };
    return prepared(result, (reply) =>
      commitCharge(
        deps,
        result,
        [isNew ? customerInsert(customer) : undefined, paymentMethodInsert(paymentMethod.value)],
        reply,
        channel,
      ),
    );
  });
}
