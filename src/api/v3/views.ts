/**
 * How v3 shows a charge (v3 spec §1.4): the "transaction" — numeric `id`, `tx_ref` (the reference),
 * `flw_ref`, major-unit amounts, `processor_response` as text, `payment_type` and `auth_model` as v3
 * names the method (method-labels.ts), a flat `card` for cards only, and the customer with its numeric
 * id. The same rows v4 shows as charges.
 */
import type { Charge } from '../../domain/charge.js';
import { toMajor, type Currency } from '../../domain/money.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import type { ChargeInFull } from '../../flows/charges/read-charges.js';
import { labelsOf } from './method-labels.js';

export const V3_STATUS: Record<Charge['status'], string> = {
  succeeded: 'successful',
  failed: 'failed',
  pending: 'pending',
  voided: 'voided',
};

const humanise = (issuer: string): string => {
  const words = issuer.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What the processor says while a redirect page waits, where Flutterwave's samples word it their own way. */
const PENDING_REDIRECT: Readonly<Record<string, string>> = {
  'account-ach-uk': 'Transaction is pending authentication',
  googlepay: 'Payment token retrieval has been initiated',
};

/** The processor's words for where the charge is, as v3 clients display them. */
export function processorText(c: Charge, pm: PaymentMethod): string {
  const card = pm.details.type === 'card';
  switch (c.status) {
    case 'succeeded':
      return card ? 'Approved by Financial Institution' : 'Approved';
    case 'voided':
      return 'Voided';
    case 'failed':
      return humanise(c.processorResponse?.type ?? 'declined');
    case 'pending':
      switch (c.nextAction?.type) {
        case 'requires_otp':
          return 'Kindly enter the OTP sent to your phone and email';
        case 'redirect_url':
          return PENDING_REDIRECT[labelsOf(c, pm).paymentType] ?? 'Pending validation';
        case 'requires_capture':
          return 'Approved. Pending capture';
        case 'requires_requery':
          return 'Transaction is pending';
        case 'payment_instruction':
          // The customer acts elsewhere (phone prompt, USSD, kiosk): Flutterwave's samples say so.
          return pm.details.type === 'fawry' ? 'Request is pending' : 'Transaction in progress';
        case 'qr_code':
          return 'Transaction in progress';
        case 'requires_bank_transfer':
          return 'Awaiting bank transfer';
        default:
          return 'Pending authorization';
      }
  }
}

export function transactionView({ charge: c, paymentMethod: pm, customer }: ChargeInFull, accountId: number) {
  const labels = labelsOf(c, pm);
  const currency = c.currency as Currency;
  const major = (minor: number) => toMajor(minor, currency);
  const fee = (type: string) => c.fees.find((f) => f.type === type)?.amount ?? 0;
  const appFee = fee('app') + fee('vat');
  const card = pm.details.type === 'card' ? pm.details.card : undefined;
  const name = [customer.name?.first, customer.name?.last].filter(Boolean).join(' ');
  return {
    id: c.txId,
    tx_ref: c.reference,
    flw_ref: c.flwRef,
    device_fingerprint: pm.deviceFingerprint ?? 'N/A',
    amount: major(c.amount),
    currency: c.currency,
    charged_amount: major(c.amount),
    app_fee: major(appFee),
    merchant_fee: major(fee('merchant')),
    processor_response: processorText(c, pm),
    auth_model: labels.authModel,
    ip: pm.clientIp ?? 'N/A',
    narration: labels.narration,
    status: V3_STATUS[c.status],
    payment_type: labels.paymentType,
    created_at: c.createdAt.toISOString(),
    account_id: accountId,
    ...(card && {
      card: {
        first_6digits: card.first6,
        last_4digits: card.last4,
        issuer: `${card.network} BAOBAB SANDBOX BANK`,
        country: 'NIGERIA NG',
        type: card.network,
        ...(c.status === 'succeeded' && pm.token !== undefined ? { token: pm.token } : {}),
        expiry: `${String(card.expiryMonth).padStart(2, '0')}/${String(card.expiryYear % 100).padStart(2, '0')}`,
      },
    }),
    meta: Object.keys(c.meta).length > 0 ? c.meta : null,
    amount_settled: major(Math.max(0, c.amount - appFee - fee('stamp_duty'))),
    customer: {
      id: customer.numId,
      name: name === '' ? 'Anonymous customer' : name,
      phone_number: customer.phone ? `${customer.phone.countryCode}${customer.phone.number}` : 'N/A',
      email: customer.email,
      created_at: customer.createdAt.toISOString(),
    },
  };
}

export type TransactionView = ReturnType<typeof transactionView>;
