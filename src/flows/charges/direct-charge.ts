/**
 * POST /orchestration/direct-charges: customer, payment method and charge created together — one
 * statement, all or nothing — and idempotent under X-Idempotency-Key. Each call makes a new customer
 * (spec §8.5 [P]: the orchestrator is for one-off charges); v3 card charges reuse one by email.
 */
import type { Customer, CustomerDetails } from '../../domain/customer.js';
import { newId } from '../../domain/ids.js';
import type { Result } from '../../domain/result.js';
import { customerInsert, findCustomerByEmail } from '../../store/customers.js';
import { paymentMethodInsert } from '../../store/payment-methods.js';
import { openCharge, type ChargeRequest } from './charging.js';
import { commitCharge, type ChargeResult } from './create-charge.js';
import type { Deps } from '../deps.js';
import { buildPaymentMethod, type MethodInput } from './payment-methods.js';
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

export function directCharge(
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
