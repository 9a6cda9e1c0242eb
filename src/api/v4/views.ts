/**
 * How v4 shows payment methods and charges (spec §8.2, §8.3): decimals on the wire, snake_case,
 * optional fields left out rather than null (the official schemas type them as objects), the expiry
 * year as two digits as in the docs' samples, and `processor_response` only once the charge is final
 * (the official enum has no value for a pending charge).
 */
import { Type, type Static } from 'typebox';
import type { Charge, NextAction } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import { toMajor, type Currency } from '../../domain/money.js';
import { CARD_NETWORKS, type PaymentMethod } from '../../domain/payment-method.js';
import { Address, Meta, StringEnum, addressView } from './schemas.js';

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
  customer_id: Type.Optional(Type.String()),
  meta: Meta,
  device_fingerprint: Type.Optional(Type.String()),
  client_ip: Type.Optional(Type.String()),
  created_datetime: Type.String({ format: 'date-time' }),
});
type PaymentMethodView = Static<typeof PaymentMethodView>;

export function paymentMethodView(pm: PaymentMethod): PaymentMethodView {
  const details = pm.details;
  return {
    id: pm.id,
    type: details.type,
    ...pick(
      'card',
      details.type === 'card'
        ? {
            expiry_month: details.card.expiryMonth,
            expiry_year: details.card.expiryYear % 100,
            first6: details.card.first6,
            last4: details.card.last4,
            network: details.card.network,
            ...pick(
              'billing_address',
              details.card.billingAddress && addressView(details.card.billingAddress),
            ),
            ...pick('card_holder_name', details.card.cardHolderName),
            ...pick(
              'cof',
              details.card.cof && {
                enabled: details.card.cof.enabled,
                ...pick('agreement_id', details.card.cof.agreementId),
                recurring_amount_variability: 'VARIABLE',
                agreement_type: 'UNSCHEDULED',
                ...pick('trace_id', details.card.cof.traceId),
              },
            ),
          }
        : undefined,
    ),
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
  Type.Object({
    type: Type.Literal('requires_bank_transfer'),
    requires_bank_transfer: Type.Object({
      account_number: Type.String(),
      account_bank_name: Type.String(),
      account_expiration_datetime: Type.String({ format: 'date-time' }),
      note: Type.String(),
    }),
  }),
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
      return {
        type: action.type,
        requires_bank_transfer: {
          account_number: action.accountNumber,
          account_bank_name: action.bankName,
          account_expiration_datetime: action.expiresAt,
          note: action.note,
        },
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
    disputed: false,
    settled: false,
    settlement_id: [],
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
