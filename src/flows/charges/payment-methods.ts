/**
 * Payment methods: build one from what the customer entered (a card arrives decrypted; only its
 * safe facts and a keyed fingerprint are kept), create one on its own (POST /payment-methods), read,
 * and say which method (src/methods) charges it and whether it can be charged an amount.
 */
import { keyedHash } from '../../crypto/hashing.js';
import { validateCard, type CardInput } from '../../domain/card.js';
import { pick, type Address, type Meta } from '../../domain/customer.js';
import { appError, invalid, notFound } from '../../domain/errors.js';
import { newCardToken, newId } from '../../domain/ids.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import type { Currency } from '../../domain/money.js';
import type { CardOnFile, PaymentMethod } from '../../domain/payment-method.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { PlainDetails } from '../../methods/charge-input.js';
import type { MethodDetails } from '../../methods/index.js';
import { checkMethodCharge, type Method } from '../../methods/method.js';
import { findCustomer } from '../../store/customers.js';
import { replyInsert } from '../../store/idempotency.js';
import { findPaymentMethod, listPaymentMethods, paymentMethodInsert } from '../../store/payment-methods.js';
import { writeAll } from '../../store/statement.js';
import type { Deps } from '../deps.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

/** The wire names of the card fields, so errors name what the merchant sent. */
export interface CardFieldNames {
  readonly number: string;
  readonly expiryMonth: string;
  readonly expiryYear: string;
  readonly cvv: string;
}

export interface CardMethodRequest {
  readonly card: CardInput;
  readonly fields: CardFieldNames;
  readonly cardHolderName?: string;
  readonly billingAddress?: Address;
  readonly cof?: CardOnFile;
}

export type { PlainDetails };

interface PaymentMethodBase {
  readonly merchantId: string;
  readonly customerId?: string;
  readonly meta: Meta;
  readonly deviceFingerprint?: string;
  readonly clientIp?: string;
}

export type PaymentMethodRequest = PaymentMethodBase &
  (
    | { readonly card: CardMethodRequest }
    | { readonly details: PlainDetails }
    /** A 1Voucher PIN: only its last four digits and a keyed fingerprint are kept. */
    | { readonly voucherPin: string }
  );

/** A payment method as a charge request carries it: whose it is comes from the charge. */
export type MethodInput = PaymentMethodRequest extends infer R
  ? R extends PaymentMethodRequest
    ? Omit<R, 'merchantId' | 'customerId'>
    : never
  : never;

export function buildPaymentMethod(deps: Deps, req: PaymentMethodRequest): Result<PaymentMethod> {
  const now = deps.clock.now();
  const base = {
    id: newId('paymentMethod'),
    merchantId: req.merchantId,
    ...pick('customerId', req.customerId),
    meta: req.meta,
    ...pick('deviceFingerprint', req.deviceFingerprint),
    ...pick('clientIp', req.clientIp),
    createdAt: now,
  };
  if ('details' in req) return ok({ ...base, details: req.details });
  if ('voucherPin' in req) {
    return ok({
      ...base,
      details: {
        type: 'voucher',
        voucher: {
          last4: req.voucherPin.slice(-4),
          fingerprint: keyedHash(deps.keys.hashKey, `voucher:${req.voucherPin}`),
        },
      },
    });
  }
  const facts = validateCard(req.card.card, now, req.card.fields);
  if (!facts.ok) return facts;
  const digits = req.card.card.number.replace(/[\s-]/g, '');
  return ok({
    ...base,
    token: newCardToken(),
    details: {
      type: 'card',
      card: {
        ...facts.value,
        fingerprint: keyedHash(deps.keys.hashKey, `card:${digits}`),
        ...pick('cardHolderName', req.card.cardHolderName),
        ...pick('billingAddress', req.card.billingAddress),
        ...pick('cof', req.card.cof),
      },
    },
  });
}

export function createPaymentMethod(
  deps: Deps,
  req: PaymentMethodRequest,
  rendering: Rendering<PaymentMethod>,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    if (req.customerId !== undefined && !(await findCustomer(deps.db, req.merchantId, req.customerId))) {
      return err(
        invalid([{ field: 'customer_id', message: 'customer_id does not name one of your customers' }]),
      );
    }
    const pm = buildPaymentMethod(deps, req);
    if (!pm.ok) return pm;
    return prepared(pm.value, async (reply) => {
      await writeAll(deps.db, [paymentMethodInsert(pm.value), reply && replyInsert(reply)]);
      return ok(undefined);
    });
  });
}

export async function getPaymentMethod(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<PaymentMethod>> {
  const pm = await findPaymentMethod(deps.db, merchantId, id);
  return pm ? ok(pm) : err(notFound('Payment method'));
}

export function pageOfPaymentMethods(
  deps: Deps,
  merchantId: string,
  page: PageRequest,
): Promise<Page<PaymentMethod>> {
  return listPaymentMethods(deps.db, merchantId, page);
}

/** The method a payment method is charged through (one function, the registry's). */
export { methodOf } from '../../methods/index.js';

/**
 * Whether `method` takes a charge of `amount` (minor units) in `currency`: one of its currencies — for
 * a wallet, its own country's — and at least its smallest amount. The error names `currency` or
 * `amount` and says what is allowed. A wallet of a method spanning several countries is named by its
 * market, except to v3, whose `type=` names the method (its reader has already matched the currency).
 */
export function checkChargeable(
  method: Method,
  details: MethodDetails,
  charge: { readonly amount: number; readonly currency: Currency; readonly origin?: string },
): Result<void> {
  const market =
    details.type === 'mobile_money'
      ? method.markets?.find((m) => m.dialCode === details.mobileMoney.countryCode)
      : undefined;
  // A method spanning several countries (francophone wallets: XOF and XAF) takes only the wallet's.
  const scoped: Method = market
    ? {
        ...method,
        currencies: [market.currency],
        ...((method.markets?.length ?? 0) > 1 && charge.origin !== 'v3'
          ? { name: `mobile money (${market.country}, +${market.dialCode})` }
          : {}),
      }
    : method;
  const checked = checkMethodCharge(scoped, charge);
  if (checked.ok) return checked;
  const field = checked.error.type === 'AMOUNT_BELOW_MINIMUM' ? 'amount' : 'currency';
  return err({ ...checked.error, fields: [{ field, message: checked.error.message }] });
}

/**
 * An authorisation sent with a new charge is a card's (PIN, OTP, address, 3-D Secure): other methods
 * are completed by the customer, as the charge's next action says.
 */
export function checkUpFrontAuthorization(
  details: { readonly type: string },
  authorization: unknown,
): Result<void> {
  if (authorization === undefined || details.type === 'card') return ok(undefined);
  const message =
    `authorization applies to card charges only: a ${details.type} charge is completed by the ` +
    'customer, as its next_action says';
  return err(appError('CHARGE_UPDATE_NOT_ALLOWED', message, [{ field: 'authorization', message }]));
}
