/**
 * How v4 shows payment methods and charges (spec §8.2, §8.3): decimals on the wire, snake_case,
 * optional fields left out rather than null (the official schemas type them as objects), the expiry
 * year as two digits as in the docs' samples, and `processor_response` only once the charge is final
 * (the official enum has no value for a pending charge). Each method shows its own details
 * (methods/v4-views.ts); the schema here is what they must fit.
 */
import { Type, type Static } from 'typebox';
import type { Charge, NextAction } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import { toMajor, type Currency } from '../../domain/money.js';
import { CARD_NETWORKS, type PaymentMethod, type PaymentMethodDetails } from '../../domain/payment-method.js';
import { methodOfType } from '../../methods/index.js';
import { V4_BANK_ACCOUNT_METHODS } from '../../methods/v4-views.js';
import { Address, Meta } from './schemas.js';
import { StringEnum } from '../http/fields.js';

export const PaymentMethodView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  card: Type.Optional(
    Type.Object({
      expiry_month: Type.Integer(),
      expiry_year: Type.Integer(),
      first6: Type.String(),
      last4: Type.String(),
      network: StringEnum(CARD_NETWORKS),
      billing_address: Type.Optional(Address),
      card_holder_name: Type.Optional(Type.String()),
      cof: Type.Optional(
        Type.Object({
          enabled: Type.Boolean(),
          agreement_id: Type.Optional(Type.String()),
          recurring_amount_variability: Type.Optional(Type.String()),
          agreement_type: Type.Optional(Type.String()),
          trace_id: Type.Optional(Type.String()),
        }),
      ),
    }),
  ),
  mobile_money: Type.Optional(
    Type.Object({
      network: Type.String(),
      country_code: Type.String(),
      phone_number: Type.String(),
      /** Baobab: the wallet pays by QR code (`use_qr` when it was saved). */
      use_qr: Type.Optional(Type.Boolean()),
    }),
  ),
  ussd: Type.Optional(Type.Object({ account_bank: Type.String() })),
  opay: Type.Optional(Type.Object({})),
  applepay: Type.Optional(Type.Object({ card_holder_name: Type.Optional(Type.String()) })),
  googlepay: Type.Optional(Type.Object({ card_holder_name: Type.Optional(Type.String()) })),
  bank_account: Type.Optional(
    Type.Object({
      /** Baobab: the v3-only method shown as a bank account (absent for v4's own Pay with Bank). */
      method: Type.Optional(StringEnum(V4_BANK_ACCOUNT_METHODS)),
      country: Type.Optional(Type.String()),
      last4: Type.Optional(Type.String()),
      phone_number: Type.Optional(Type.String()),
    }),
  ),
  bank_transfer: Type.Optional(
    Type.Object({
      account_type: StringEnum(['static', 'dynamic'] as const),
      originator_name: Type.Optional(Type.String()),
      originator_account_number: Type.Optional(Type.String()),
      originator_bank_name: Type.Optional(Type.String()),
    }),
  ),
  customer_id: Type.Optional(Type.String()),
  meta: Meta,
  device_fingerprint: Type.Optional(Type.String()),
  client_ip: Type.Optional(Type.String()),
  created_datetime: Type.String({ format: 'date-time' }),
});
type PaymentMethodView = Static<typeof PaymentMethodView>;

type DetailsView = Omit<
  PaymentMethodView,
  'id' | 'customer_id' | 'meta' | 'device_fingerprint' | 'client_ip' | 'created_datetime'
>;

/** The details as their method shows them (methods/v4-views.ts); every type has a method. */
function detailsView(details: PaymentMethodDetails): DetailsView {
  const view = methodOfType(details.type)?.v4View(details);
  if (!view) throw new Error(`no method shows payment-method type ${details.type} in v4`);
  return view;
}

export function paymentMethodView(pm: PaymentMethod): PaymentMethodView {
  return {
    id: pm.id,
    ...detailsView(pm.details),
    ...pick('customer_id', pm.customerId),
    meta: pm.meta,
    ...pick('device_fingerprint', pm.deviceFingerprint),
    ...pick('client_ip', pm.clientIp),
    created_datetime: pm.createdAt.toISOString(),
  };
}

const Empty = Type.Object({});
const NextActionView = Type.Union([
  Type.Object({ type: Type.Literal('requires_pin'), requires_pin: Empty }),
  Type.Object({ type: Type.Literal('requires_otp'), requires_otp: Empty }),
  Type.Object({ type: Type.Literal('requires_requery'), requires_requery: Empty }),
  Type.Object({ type: Type.Literal('requires_capture'), requires_capture: Empty }),
  Type.Object({
    type: Type.Literal('requires_additional_fields'),
    requires_additional_fields: Type.Object({ fields: Type.Array(Type.String()) }),
  }),
  Type.Object({ type: Type.Literal('redirect_url'), redirect_url: Type.Object({ url: Type.String() }) }),
  Type.Object({
    type: Type.Literal('payment_instruction'),
    payment_instruction: Type.Object({ note: Type.String() }),
  }),
  Type.Object({ type: Type.Literal('qr_code'), qr_code: Type.Object({ image: Type.String() }) }),
]);

export const ChargeView = Type.Object({
  id: Type.String(),
  amount: Type.Number(),
  currency: Type.String(),
  customer_id: Type.String(),
  disputed: Type.Boolean(),
  settled: Type.Boolean(),
  settlement_id: Type.Array(Type.String()),
  refunded: Type.Boolean(),
  fees: Type.Array(Type.Object({ type: Type.String(), amount: Type.Number() })),
  meta: Meta,
  next_action: Type.Optional(NextActionView),
  payment_method_details: PaymentMethodView,
  redirect_url: Type.Optional(Type.String()),
  reference: Type.String(),
  status: StringEnum(['pending', 'succeeded', 'failed', 'voided'] as const),
  processor_response: Type.Optional(Type.Object({ type: Type.String(), code: Type.String() })),
  created_datetime: Type.String({ format: 'date-time' }),
});
type ChargeView = Static<typeof ChargeView>;

/** What a next action shows beyond the charge: the signed sandbox link, the QR code as a PNG data URL. */
export interface ActionLinks {
  readonly redirectUrl?: string;
  readonly qrImage?: string;
}

function nextActionView(action: NextAction, links: ActionLinks): Static<typeof NextActionView> {
  switch (action.type) {
    case 'requires_pin':
      return { type: action.type, requires_pin: {} };
    case 'requires_otp':
      return { type: action.type, requires_otp: {} };
    case 'requires_requery':
      return { type: action.type, requires_requery: {} };
    case 'requires_capture':
      return { type: action.type, requires_capture: {} };
    case 'requires_additional_fields':
      return { type: action.type, requires_additional_fields: { fields: [...action.fields] } };
    case 'redirect_url':
      return { type: action.type, redirect_url: { url: links.redirectUrl ?? '' } };
    case 'payment_instruction':
      return { type: action.type, payment_instruction: { note: action.note } };
    case 'qr_code':
      return { type: action.type, qr_code: { image: links.qrImage ?? '' } };
    case 'requires_bank_transfer':
      // The official `requires_bank_transfer` variant requires a top-level `redirect_url` and an
      // `account_type` it does not define (a schema slip): nothing we could send would be valid. The
      // instruction carries the same facts — amount, bank, account number, deadline — as its note.
      return {
        type: 'payment_instruction',
        payment_instruction: { note: `${action.note} by ${action.expiresAt}` },
      };
  }
}

/** `links` hold what the dialect renders for the next action (see web/links.ts, api/http/qr-image.ts). */
export function chargeView(c: Charge, pm: PaymentMethod, links: ActionLinks = {}): ChargeView {
  const currency = c.currency as Currency;
  return {
    id: c.id,
    amount: toMajor(c.amount, currency),
    currency: c.currency,
    customer_id: c.customerId,
    disputed: c.disputed === true,
    settled: c.settlementId !== undefined,
    settlement_id: c.settlementId === undefined ? [] : [c.settlementId],
    refunded: c.amountRefunded >= c.amount,
    fees: c.fees.map((f) => ({ type: f.type, amount: toMajor(f.amount, currency) })),
    meta: c.meta,
    ...pick('next_action', c.nextAction && nextActionView(c.nextAction, links)),
    payment_method_details: paymentMethodView(pm),
    ...pick('redirect_url', c.redirectUrl),
    reference: c.reference,
    status: c.status,
    ...pick('processor_response', c.status === 'pending' ? undefined : c.processorResponse),
    created_datetime: c.createdAt.toISOString(),
  };
}
