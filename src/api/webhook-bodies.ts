/**
 * Webhook bodies, per dialect (v4 spec §10, v3 spec §7.2), from an event's snapshot:
 * - v4: `{webhook_id, timestamp (Unix ms), type, data}`; a charge's `data` embeds the whole
 *   `customer` and the `payment_method` (not `customer_id` / `payment_method_details`), nulls for
 *   what is absent, and no fees or next action;
 * - v3 `envelope`: `{event, data, "event.type"}`, `data` the transaction object without
 *   `amount_settled`, `meta` or the card token;
 * - v3 `legacy`: the flat camelCase v2-style body;
 * - a refund, in v3, is the flat PascalCase body Flutterwave sends for refunds, whatever the format;
 * - a chargeback: v4 `data` is the chargeback object; v3 `{event, "event.type": "CHARGEBACK", data}`.
 */
import type { Charge } from '../domain/charge.js';
import type { Customer } from '../domain/customer.js';
import { isChargebackEvent, isTransferEvent, type DomainEvent } from '../domain/events.js';
import { toMajor, type Currency } from '../domain/money.js';
import type { PaymentMethod } from '../domain/payment-method.js';
import type { Refund } from '../domain/refund.js';
import type { RenderInput, RenderWebhook } from '../flows/webhooks/webhook-messages.js';
import { customerView } from './v4/customers.js';
import { paymentMethodView } from './v4/views.js';
import { labelsOf } from './v3/method-labels.js';
import { processorText, transactionView, V3_STATUS } from './v3/views.js';
import { transferView } from './v4/transfer-views.js';
import { v3TransferView } from './v3/transfers.js';
import { chargebackView } from './v4/chargebacks.js';
import { v3ChargebackView } from './v3/chargebacks.js';

/** A customer that is gone still has an id and an email in the snapshot's eyes: show what is known. */
const absentCustomer = (charge: Charge): Customer =>
  ({
    id: charge.customerId,
    numId: 0,
    email: 'unknown@customer.invalid',
    meta: {},
    createdAt: charge.createdAt,
    updatedAt: charge.createdAt,
  }) as Customer;

// ─── v4 ─────────────────────────────────────────────────────────────────────────────────────────

function v4Customer(c: Customer) {
  const view = customerView(c);
  return { ...view, address: view.address ?? null, name: view.name ?? null, phone: view.phone ?? null };
}

function v4ChargeData(charge: Charge, pm: PaymentMethod, customer: Customer) {
  const currency = charge.currency as Currency;
  return {
    id: charge.id,
    amount: toMajor(charge.amount, currency),
    currency: charge.currency,
    customer: v4Customer(customer),
    description: null,
    meta: charge.meta,
    payment_method: {
      customer_id: null,
      device_fingerprint: null,
      client_ip: null,
      ...paymentMethodView(pm),
    },
    redirect_url: charge.redirectUrl ?? null,
    reference: charge.reference,
    status: charge.status,
    processor_response: charge.processorResponse ?? null,
    created_datetime: charge.createdAt.toISOString(),
  };
}

function v4RefundData(refund: Refund, charge: Charge) {
  return {
    id: refund.id,
    amount_refunded: toMajor(refund.amount, refund.currency as Currency),
    meta: { ...refund.meta },
    ...(refund.reason !== undefined && { reason: refund.reason }),
    status: 'succeeded',
    charge_id: charge.id,
    created_datetime: refund.createdAt.toISOString(),
  };
}

function v4Body(event: DomainEvent, customer: Customer | undefined) {
  if (isTransferEvent(event)) {
    const data = transferView(event.data.transfer);
    return { webhook_id: event.id, timestamp: event.createdAt.getTime(), type: event.type, data };
  }
  if (isChargebackEvent(event)) {
    const data = chargebackView(event.data.chargeback);
    return { webhook_id: event.id, timestamp: event.createdAt.getTime(), type: event.type, data };
  }
  const data =
    event.type === 'refund.completed'
      ? v4RefundData(event.data.refund, event.data.charge)
      : v4ChargeData(
          event.data.charge,
          event.data.paymentMethod,
          customer ?? absentCustomer(event.data.charge),
        );
  // An order's events show the order's own status (`authorized` when its funds are held).
  if (event.type === 'order.authorization')
    return { ...base(event), data: { ...data, status: 'authorized' } };
  return { ...base(event), data };
}

const base = (event: DomainEvent) => ({
  webhook_id: event.id,
  timestamp: event.createdAt.getTime(),
  type: event.type,
});

// ─── v3 ─────────────────────────────────────────────────────────────────────────────────────────

function v3Envelope(charge: Charge, pm: PaymentMethod, customer: Customer, accountId: number) {
  const {
    amount_settled: _settled,
    meta: _meta,
    card,
    ...rest
  } = transactionView({ charge, paymentMethod: pm, customer }, accountId);
  const data = card ? { ...rest, card: { ...card, token: undefined } } : rest;
  return {
    event: 'charge.completed',
    data: JSON.parse(JSON.stringify(data)) as unknown,
    'event.type': labelsOf(charge, pm).eventType,
  };
}

function v3Legacy(charge: Charge, pm: PaymentMethod, customer: Customer, accountId: number) {
  const currency = charge.currency as Currency;
  const fee = (type: string) => charge.fees.find((f) => f.type === type)?.amount ?? 0;
  const details = pm.details;
  const entity =
    details.type === 'card'
      ? { card6: details.card.first6, card_last4: details.card.last4 }
      : { id: 'NO-ENTITY' };
  const name = [customer.name?.first, customer.name?.last].filter(Boolean).join(' ');
  return {
    id: charge.txId,
    txRef: charge.reference,
    flwRef: charge.flwRef,
    orderRef: `URF_${String(charge.txId)}`,
    paymentPlan: null,
    paymentPage: null,
    createdAt: charge.createdAt.toISOString(),
    amount: toMajor(charge.amount, currency),
    charged_amount: toMajor(charge.amount, currency),
    status: V3_STATUS[charge.status],
    IP: pm.clientIp ?? '::ffff:127.0.0.1',
    currency: charge.currency,
    appfee: toMajor(fee('app') + fee('vat'), currency),
    merchantfee: toMajor(fee('merchant'), currency),
    merchantbearsfee: 1,
    charge_type: charge.preauthorize ? 'preauth' : 'normal',
    customer: {
      id: customer.numId,
      phone: customer.phone ? `${customer.phone.countryCode}${customer.phone.number}` : null,
      fullName: name === '' ? 'Anonymous customer' : name,
      customertoken: null,
      email: customer.email,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
      deletedAt: null,
      AccountId: accountId,
    },
    entity,
    'event.type': labelsOf(charge, pm).eventType,
    processor_response: processorText(charge, pm),
  };
}

function v3Refund(refund: Refund, charge: Charge, accountId: number) {
  return {
    id: refund.numId,
    AmountRefunded: toMajor(refund.amount, refund.currency as Currency),
    status: 'completed',
    FlwRef: charge.flwRef,
    destination: 'payment_source',
    comments: refund.comments ?? '',
    settlement_id: 'NEW',
    meta: '{}',
    createdAt: refund.createdAt.toISOString(),
    updatedAt: refund.createdAt.toISOString(),
    deletedAt: null,
    walletId: accountId,
    AccountId: accountId,
    TransactionId: charge.txId,
  };
}

function v3Body(input: RenderInput) {
  const { event, accountId, mode } = input;
  // v3 tells both a transfer's end and its reversal as `transfer.completed` (the status says which).
  if (isTransferEvent(event)) {
    return {
      event: 'transfer.completed',
      'event.type': 'Transfer',
      data: v3TransferView(event.data.transfer),
    };
  }
  if (isChargebackEvent(event)) {
    return { event: event.type, 'event.type': 'CHARGEBACK', data: v3ChargebackView(event.data.chargeback) };
  }
  if (event.type === 'refund.completed') return v3Refund(event.data.refund, event.data.charge, accountId);
  const { charge, paymentMethod } = event.data;
  const customer = input.customer ?? absentCustomer(charge);
  if (event.type === 'order.authorization') {
    // v3 has no orders: a v3 endpoint hears of the hold as the pending pre-authorised transaction.
    return { ...v3Envelope(charge, paymentMethod, customer, accountId), event: 'order.authorization' };
  }
  return mode === 'legacy'
    ? v3Legacy(charge, paymentMethod, customer, accountId)
    : v3Envelope(charge, paymentMethod, customer, accountId);
}

export const renderWebhook: RenderWebhook = (input) =>
  input.dialect === 'v4' ? v4Body(input.event, input.customer) : v3Body(input);
