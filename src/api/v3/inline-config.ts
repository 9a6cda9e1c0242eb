/**
 * What Inline checkout (`FlutterwaveCheckout(config)` in /v3.js) and the HTML form-POST to
 * `/v3/hosted/pay` send: the Standard payment's fields, the merchant named by `public_key` instead of
 * a secret key, and `redirect_url` optional (Inline answers the page's `callback` instead). Both open
 * the same checkout session as `POST /v3/payments`, so the attempts are the same charges verify, the
 * events API and webhooks see. `meta` is kept with the session and each attempt, and verify shows it.
 * A `payment_plan` or `subaccounts` id is refused as unknown, as for `/v3/payments`
 * (plans-subaccounts.ts). `integrity_hash` is checked for shape only: it is not verified
 * (docs/checkout.md).
 */
import { Type, type Static } from 'typebox';
import { CHECKOUT_LIMITS } from '../../domain/checkout.js';
import { appError, invalid } from '../../domain/errors.js';
import type { Scenario } from '../../domain/charge.js';
import type { CheckoutSession } from '../../domain/checkout.js';
import { pick } from '../../domain/customer.js';
import { isCurrency, parseAmount } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import { createCheckoutSession, type CheckoutRequest } from '../../flows/checkout/checkout.js';
import type { Deps } from '../../flows/deps.js';
import { PAYMENT_OPTIONS } from '../../methods/checkout-options.js';
import { Email, isHttpUrl } from '../http/fields.js';
import { metaOf } from './method-charges.js';
import { customerOf, customizationsOf, optionsOf } from './payments.js';
import { unknownPlanOrSubaccount } from './plans-subaccounts.js';
import { CurrencyCode, TxRef, V3Amount } from './schemas.js';

const Optional = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const PhoneNumber = Type.Optional(
  Type.Unsafe<string | number>({
    type: ['string', 'integer'],
    maxLength: 20,
    'x-message': 'must be a phone number',
  }),
);

/**
 * `mobilemoney`, the official wrappers' default (`card, ussd, mobilemoney`), read as every mobile-money
 * market, the real checkout offering whichever the currency allows.
 */
const MOBILE_MONEY = Object.keys(PAYMENT_OPTIONS)
  .filter((o) => o.startsWith('mobilemoney'))
  .join(',');

export const InlineConfig = Type.Object({
  public_key: Type.String({ minLength: 1, maxLength: 200 }),
  tx_ref: TxRef,
  amount: V3Amount,
  currency: Type.Optional(CurrencyCode),
  payment_options: Optional(500),
  redirect_url: Optional(2048),
  customer: Type.Object({
    email: Email,
    name: Optional(100),
    phone_number: PhoneNumber,
    phonenumber: PhoneNumber,
  }),
  customizations: Type.Optional(
    Type.Object({ title: Optional(100), description: Optional(500), logo: Optional(2048) }),
  ),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 50 })),
  payment_plan: Type.Optional(
    Type.Unsafe<string | number>({
      type: ['string', 'integer'],
      maxLength: 50,
      'x-message': 'must be a plan id',
    }),
  ),
  subaccounts: Type.Optional(
    Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), { maxItems: 50 }),
  ),
  integrity_hash: Optional(200),
});
export type InlineConfig = Static<typeof InlineConfig>;

/** The session to open for a config; `redirectUrl` is where the checkout page ends (decided by the caller). */
export function checkoutRequestOf(
  body: InlineConfig,
  merchantId: string,
  redirectUrl: string,
  scenario: Scenario,
): Result<CheckoutRequest> {
  const currency = (body.currency ?? 'NGN').toUpperCase();
  if (!isCurrency(currency)) {
    return err(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
  }
  const amount = parseAmount(body.amount, currency, 'amount');
  if (!amount.ok) return amount;
  const customizations = customizationsOf(body.customizations);
  if (!customizations.ok) return customizations;
  const options = optionsOf(
    body.payment_options?.replace(/(^|,)\s*mobilemoney\s*(?=,|$)/gi, `$1${MOBILE_MONEY}`),
  );
  if (!options.ok) return options;
  const unknown = unknownPlanOrSubaccount(body);
  if (unknown) return err(unknown);
  const limits = CHECKOUT_LIMITS.v3;
  return ok({
    merchantId,
    origin: 'v3',
    customer: { details: customerOf(body.customer) },
    reference: body.tx_ref,
    amount: amount.value,
    currency,
    redirectUrl,
    customizations: customizations.value,
    ...pick('paymentOptions', options.value),
    meta: metaOf(body.meta),
    scenario,
    maxRetryAttempts: limits.retries.default,
    sessionDuration: limits.duration.default,
  });
}

/** The merchant's own redirect_url, when given: an absolute http(s) URL. */
export function merchantRedirectOf(body: InlineConfig): Result<string | undefined> {
  const given = body.redirect_url?.trim();
  if (given === undefined || given === '') return ok(undefined);
  return isHttpUrl(given)
    ? ok(given)
    : err(
        invalid([{ field: 'redirect_url', message: 'redirect_url must be an absolute http or https URL' }]),
      );
}

/**
 * Opens the session and gives its page's link. A tx_ref already used is refused (409), even for the
 * same payment: a public key must not hand out another page's link (whoever holds it may cancel it).
 */
export async function openInlineSession(
  deps: Deps,
  req: CheckoutRequest,
  linkOf: (s: CheckoutSession) => string,
): Promise<Result<string>> {
  let link = '';
  const executed = await createCheckoutSession(deps, req, {
    idempotency: undefined,
    render: (s) => {
      link = linkOf(s);
      return { status: 200, body: '' };
    },
  });
  if (executed.ok) return ok(link);
  switch (executed.error.type) {
    case 'CHECKOUT_SESSION_ALREADY_EXISTS':
    case 'CHARGE_ALREADY_EXISTS': {
      const message = `A payment with tx_ref ${req.reference} already exists: use a new tx_ref for each payment`;
      return err(appError(executed.error.type, message, [{ field: 'tx_ref', message }]));
    }
    default:
      return executed;
  }
}
