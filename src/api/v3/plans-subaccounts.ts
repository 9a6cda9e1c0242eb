/**
 * `payment_plan` and `subaccounts` on `POST /v3/payments`, Inline checkout and the HTML form name a
 * payment plan (subscription) and split-payment subaccounts of the merchant's account. Baobab cannot
 * create either yet, so every id names nothing, and the payment is refused as the real API refuses an
 * id it does not know, with its words — "No payment plan found" and "Subaccount not found" (what
 * `GET /v3/payment-plans/{id}` and `GET /v3/subaccounts/{id}` answer for an unknown id) — followed
 * by the field and the id. Nothing is opened, so the same `tx_ref` may be sent again without them.
 * An empty `subaccounts` list, or an empty `payment_plan`, names nothing and is accepted.
 */
import { invalid, type AppError } from '../../domain/errors.js';

export interface PlanAndSubaccounts {
  readonly payment_plan?: string | number | undefined;
  readonly subaccounts?: readonly { readonly id: string }[] | undefined;
}

/** The error for the plan, else the first subaccount, named (every one is unknown); none when none is. */
export function unknownPlanOrSubaccount(body: PlanAndSubaccounts): AppError | undefined {
  const plan = body.payment_plan;
  if (plan !== undefined && String(plan).trim() !== '') {
    return invalid([
      { field: 'payment_plan', message: `No payment plan found: payment_plan ${String(plan)} names no plan` },
    ]);
  }
  const first = body.subaccounts?.[0];
  if (first !== undefined) {
    const field = 'subaccounts[0].id';
    return invalid([{ field, message: `Subaccount not found: ${field} ${first.id} names no subaccount` }]);
  }
  return undefined;
}
