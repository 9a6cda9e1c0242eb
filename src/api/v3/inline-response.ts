/**
 * What `callback(response)` receives in Inline checkout: the fields the official wrappers type
 * (`FlutterWaveResponse` in flutterwave-react-v3: amount, currency, customer, tx_ref, flw_ref, status,
 * transaction_id) and those Flutterwave's inline script adds (charged_amount, charge_response_code,
 * charge_response_message, created_at). `status` is v3's (`successful`, `failed`), or `completed` for a
 * bank transfer, as the real script reports one; merchants then verify `transaction_id` on their server.
 */
import { toMajor, type Currency } from '../../domain/money.js';
import type { ChargeInFull } from '../../flows/charges/read-charges.js';
import { processorText, V3_STATUS } from './views.js';

export function inlineCallbackResponse({ charge: c, paymentMethod: pm, customer }: ChargeInFull) {
  const currency = c.currency as Currency;
  const transfer = pm.details.type === 'bank_transfer' && c.status === 'succeeded';
  const name = [customer.name?.first, customer.name?.last].filter(Boolean).join(' ');
  return {
    status: transfer ? 'completed' : V3_STATUS[c.status],
    customer: { name, email: customer.email, phone_number: customer.phone?.number ?? null },
    transaction_id: c.txId,
    tx_ref: c.reference,
    flw_ref: c.flwRef,
    currency: c.currency,
    amount: toMajor(c.amount, currency),
    charged_amount: toMajor(c.amount, currency),
    charge_response_code: c.processorResponse?.code ?? (c.status === 'succeeded' ? '00' : '02'),
    charge_response_message: processorText(c, pm),
    created_at: c.createdAt.toISOString(),
  };
}
