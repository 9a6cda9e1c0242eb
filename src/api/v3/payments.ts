/**
 * Flutterwave Standard (v3 spec §6): `POST /v3/payments` opens a hosted checkout session and answers
 * `Hosted Link` with the page's link, `BAOBAB_PUBLIC_URL/v3/hosted/pay/<key>`. The customer is the
 * merchant's one with that email (or a new one). Session duration and retry limit are read top-level
 * first, then under `configurations` (or `configuration`), as the guide and the API reference each
 * put them. Idempotent under X-Idempotency-Key; without one, the same `tx_ref` re-sent while its
 * payment is still open for the same amount and currency gets the same link (a client retrying after a
 * timeout), and otherwise 409. `meta` is kept with the session and each attempt, and verify shows it.
 * A `payment_plan` or `subaccounts` id is refused as unknown (plans-subaccounts.ts).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { CHECKOUT_LIMITS, type Customizations } from '../../domain/checkout.js';
import { pick, type CustomerDetails } from '../../domain/customer.js';
import { appError, invalid } from '../../domain/errors.js';
import { isCurrency, parseAmount } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import { checkoutByReference, createCheckoutSession } from '../../flows/checkout/checkout.js';
import type { Deps } from '../../flows/deps.js';
import { PAYMENT_OPTIONS, parsePaymentOptions } from '../../methods/checkout-options.js';
import { customerDetails } from '../../methods/customer-input.js';
import { checkoutUrl } from '../http/checkout-links.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { sendExecuted } from '../http/idempotency.js';
import { isHttpUrl } from '../http/fields.js';
import { Email } from '../http/fields.js';
import { v3 } from './envelope.js';
import { metaOf } from './method-charges.js';
import { unknownPlanOrSubaccount } from './plans-subaccounts.js';
import { CurrencyCode, TxRef, V3Amount } from './schemas.js';
import { contextOf } from '../http/request-context.js';

const Optional = (max: number) => Type.Optional(Type.String({ maxLength: max }));
/** A whole number as clients send it: the number or its digits (checked with its bounds, in `limitOf`). */
const Whole = Type.Optional(Type.Unsafe<number | string>({ type: ['number', 'string'] }));
const Limits = Type.Object({ session_duration: Whole, max_retry_attempt: Whole });
const PhoneNumber = Type.Optional(
  Type.Unsafe<string | number>({
    type: ['string', 'integer'],
    maxLength: 20,
    'x-message': 'must be a phone number',
  }),
);

const PaymentBody = Type.Object({
  tx_ref: TxRef,
  amount: V3Amount,
  currency: Type.Optional(CurrencyCode),
  redirect_url: Type.String({ minLength: 1, maxLength: 2048 }),
  customer: Type.Object({
    email: Email,
    name: Optional(100),
    phonenumber: PhoneNumber,
    phone_number: PhoneNumber,
  }),
  customizations: Type.Optional(
    Type.Object({ title: Optional(100), description: Optional(500), logo: Optional(2048) }),
  ),
  payment_options: Optional(500),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 50 })),
  session_duration: Whole,
  max_retry_attempt: Whole,
  configurations: Type.Optional(Limits),
  configuration: Type.Optional(Limits),
  link_expiration: Type.Optional(
    Type.String({ format: 'date-time', 'x-message': 'must be a date and time such as 2030-01-31T12:00:00Z' }),
  ),
  subaccounts: Type.Optional(
    Type.Array(Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }), { maxItems: 50 }),
  ),
  payment_plan: Type.Optional(
    Type.Unsafe<string | number>({
      type: ['string', 'integer'],
      maxLength: 50,
      'x-message': 'must be a plan id',
    }),
  ),
});
type PaymentBody = Static<typeof PaymentBody>;

type LimitName = 'session_duration' | 'max_retry_attempt';

/** A limit from the top level, else `configurations`, else `configuration`, checked against its bounds. */
function limitOf(
  body: PaymentBody,
  name: LimitName,
  bounds: { readonly min: number; readonly max: number; readonly default: number },
): Result<number> {
  const [field, value] =
    body[name] !== undefined
      ? [name, body[name]]
      : body.configurations?.[name] !== undefined
        ? [`configurations.${name}`, body.configurations[name]]
        : [`configuration.${name}`, body.configuration?.[name]];
  if (value === undefined) return ok(bounds.default);
  const n = Number(value);
  if (!/^[0-9]{1,6}$/.test(String(value)) || n < bounds.min || n > bounds.max) {
    const unit = name === 'session_duration' ? ' minutes' : '';
    return err(
      invalid([
        { field, message: `${field} must be a whole number from ${bounds.min} to ${bounds.max}${unit}` },
      ]),
    );
  }
  return ok(n);
}

/** "Ada Lovelace" → first Ada, last Lovelace. */
export function customerOf(c: Pick<PaymentBody['customer'], 'email' | 'name'>): CustomerDetails {
  return customerDetails({ email: c.email, fullname: c.name });
}

/** Customizations as kept: empty strings (which clients send for "none") left out; the logo a URL. */
export function customizationsOf(c: PaymentBody['customizations']): Result<Customizations> {
  const given = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s.trim());
  const logo = given(c?.logo);
  if (logo !== undefined && !isHttpUrl(logo)) {
    return err(
      invalid([
        {
          field: 'customizations.logo',
          message: 'customizations.logo must be an absolute http or https URL',
        },
      ]),
    );
  }
  return ok({
    ...pick('title', given(c?.title)),
    ...pick('description', given(c?.description)),
    ...pick('logo', logo),
  });
}

export function optionsOf(text: string | undefined): Result<readonly string[] | undefined> {
  if (text === undefined || text.trim() === '') return ok(undefined);
  const parsed = parsePaymentOptions(text);
  if (parsed.ok) return ok(parsed.ids);
  const message =
    `payment_options has values Baobab does not know (${parsed.unknown.join(', ')}): ` +
    `use a comma-separated list of ${Object.keys(PAYMENT_OPTIONS).join(', ')}`;
  return err(invalid([{ field: 'payment_options', message }]));
}

export function v3PaymentRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/v3/payments',
    {
      config: { idempotent: true },
      schema: {
        tags: ['v3'],
        summary: 'Create a hosted payment link (Flutterwave Standard)',
        description:
          'Answers `Hosted Link` with `data.link`, the checkout page. Honours X-Idempotency-Key and, in the ' +
          'sandbox, X-Scenario-Key (bound to every attempt made on the page).',
        body: PaymentBody,
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const body = req.body;
      const currency = (body.currency ?? 'NGN').toUpperCase();
      if (!isCurrency(currency)) {
        return reply.fail(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
      }
      const amount = parseAmount(body.amount, currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      if (!isHttpUrl(body.redirect_url)) {
        return reply.fail(
          invalid([{ field: 'redirect_url', message: 'redirect_url must be an absolute http or https URL' }]),
        );
      }
      const limits = CHECKOUT_LIMITS.v3;
      const duration = limitOf(body, 'session_duration', limits.duration);
      if (!duration.ok) return reply.fail(duration.error);
      const retries = limitOf(body, 'max_retry_attempt', limits.retries);
      if (!retries.ok) return reply.fail(retries.error);
      const customizations = customizationsOf(body.customizations);
      if (!customizations.ok) return reply.fail(customizations.error);
      const options = optionsOf(body.payment_options);
      if (!options.ok) return reply.fail(options.error);
      const unknown = unknownPlanOrSubaccount(body);
      if (unknown) return reply.fail(unknown);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);

      const hostedLink = (link: string) => v3('Hosted Link', { link });
      if (!claim.value) {
        const open = await checkoutByReference(deps, merchantId, body.tx_ref);
        const { session } = open ?? {};
        if (
          open?.state.status === 'open' &&
          session?.origin === 'v3' &&
          session.amount === amount.value &&
          session.currency === currency
        ) {
          return reply.code(200).send(hostedLink(checkoutUrl(links, session)));
        }
      }

      const executed = await createCheckoutSession(
        deps,
        {
          merchantId,
          origin: 'v3',
          customer: { details: customerOf(body.customer) },
          reference: body.tx_ref,
          amount: amount.value,
          currency,
          redirectUrl: body.redirect_url,
          customizations: customizations.value,
          ...pick('paymentOptions', options.value),
          meta: metaOf(body.meta),
          scenario: scenario.value,
          maxRetryAttempts: retries.value,
          sessionDuration: duration.value,
          ...pick(
            'expiresBy',
            body.link_expiration === undefined ? undefined : new Date(body.link_expiration),
          ),
        },
        {
          idempotency: claim.value,
          render: (s) => ({ status: 200, body: JSON.stringify(hostedLink(checkoutUrl(links, s))) }),
        },
      );
      if (executed.ok) return sendExecuted(reply, executed.value);
      switch (executed.error.type) {
        case 'CHECKOUT_SESSION_ALREADY_EXISTS':
          return reply.fail(
            appError(executed.error.type, `A payment link with tx_ref ${body.tx_ref} already exists`),
          );
        case 'CHARGE_ALREADY_EXISTS':
          return reply.fail(
            appError(executed.error.type, `A transaction with tx_ref ${body.tx_ref} already exists`),
          );
        default:
          return reply.fail(executed.error);
      }
    },
  );
}
