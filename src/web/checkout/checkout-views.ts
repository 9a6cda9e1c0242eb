/**
 * From a checkout as it stands to what its page shows: the amount in the currency's format, the view
 * of the attempt waiting for the customer (a PIN, an account to transfer to, a code to dial…), and
 * why the last attempt was declined. Pure but for signing a sandbox page's link and drawing a QR image.
 */
import { qrPngDataUrl } from '../../api/http/qr-image.js';
import { exponentOf, formatMoney, toMajor, type Currency } from '../../domain/money.js';
import { ussdDialString } from '../../domain/reference/ussd-banks.js';
import type { ChargeWithMethod } from '../../flows/charges/read-charges.js';
import { ADDRESS_FIELDS } from './checkout-forms.js';
import type { CheckoutView, FormError } from './checkout-page.js';
import { redirectLink, type Links } from '../../api/http/links.js';

/** An amount as the currency is written: "₦1,500.00", "GH₵25.00", "CA$10.00" (a bare "$" is only USD). */
export function displayAmount(minor: number, currency: Currency): string {
  const digits = exponentOf(currency);
  const format = (currencyDisplay: 'narrowSymbol' | 'symbol') =>
    new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      currencyDisplay,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(toMajor(minor, currency));
  try {
    const narrow = format('narrowSymbol');
    return narrow.includes('$') && currency !== 'USD' ? format('symbol') : narrow;
  } catch {
    return formatMoney(minor, currency);
  }
}

/** What the customer sees of the card an attempt uses: "Mastercard •••• 2950". */
function cardOf({ paymentMethod }: ChargeWithMethod): string {
  const d = paymentMethod.details;
  if (d.type === 'account_debit') return `account\u00a0••••\u00a0${d.accountDebit.last4}`;
  if (d.type !== 'card') return 'your card';
  const network =
    d.card.network === 'UNKNOWN'
      ? 'Card'
      : d.card.network.toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
  return `${network}\u00a0••••\u00a0${d.card.last4}`;
}

/** The reason a declined attempt gives: "Insufficient funds", "Incorrect PIN". */
export function declineReason(type: string | undefined): string {
  if (type === undefined) return 'The payment was not completed';
  const words = type.replaceAll('_', ' ').replace(/\bpin\b/, 'PIN');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const REDIRECT_WHAT: Readonly<Record<string, string>> = {
  card: 'Your bank asks you to confirm this card payment (3-D Secure).',
  mobile_money: 'Confirm the payment with the OTP sent to your phone.',
  bank_account: 'Log in to your bank to approve the payment.',
};

const INSTRUCTION_HEADING: Readonly<Record<string, string>> = {
  ussd: 'Dial this code to pay',
  fawry: 'Pay at Fawry',
};

export interface StepContext {
  readonly links: Links;
  /** The merchant's v4 client id: the sandbox page links carry it, as Flutterwave's do. */
  readonly clientId: string;
  readonly merchantName: string;
  readonly now: Date;
  /** What the page refused last time, and what was entered (never a card number or PIN). */
  readonly errors?: readonly FormError[];
  readonly values?: Readonly<Record<string, string>>;
}

/** The view of the attempt waiting for the customer, by what its charge waits for. */
export async function stepView(attempt: ChargeWithMethod, ctx: StepContext): Promise<CheckoutView> {
  const { charge, paymentMethod } = attempt;
  const type = paymentMethod.details.type;
  const action = charge.nextAction;
  const error = ctx.errors?.[0]?.message;
  switch (action?.type) {
    case 'requires_pin':
    case 'requires_otp':
      return {
        kind: action.type === 'requires_pin' ? 'pin' : 'otp',
        card: cardOf(attempt),
        ...(error === undefined ? {} : { error }),
      };
    case 'requires_additional_fields':
      return {
        kind: 'address',
        card: cardOf(attempt),
        fields: ADDRESS_FIELDS,
        ...(ctx.errors === undefined ? {} : { errors: ctx.errors }),
        ...(ctx.values === undefined ? {} : { values: ctx.values }),
      };
    case 'redirect_url':
      return {
        kind: 'redirect',
        href: await redirectLink(ctx.links, charge, ctx.clientId, type),
        what: REDIRECT_WHAT[type] ?? 'Approve the payment in your wallet.',
      };
    case 'requires_bank_transfer':
      return {
        kind: 'transfer',
        bank: action.bankName,
        accountNumber: action.accountNumber,
        accountName: ctx.merchantName,
        expiresAt: action.expiresAt,
        secondsLeft: (Date.parse(action.expiresAt) - ctx.now.getTime()) / 1000,
      };
    case 'payment_instruction': {
      // The code to dial, or the Fawry reference number, shown large.
      const { code } = action;
      const details = paymentMethod.details;
      const shown =
        code !== undefined && details.type === 'ussd' ? ussdDialString(details.ussd.accountBank, code) : code;
      return {
        kind: 'instruction',
        heading: INSTRUCTION_HEADING[type] ?? 'Approve on your phone',
        note: action.note,
        ...(shown === undefined ? {} : { code: shown }),
      };
    }
    case 'qr_code':
      return {
        kind: 'qr',
        image: await qrPngDataUrl(action.payload),
        note: 'Open your bank or wallet app, scan this code and approve the payment there.',
      };
    case 'requires_requery':
    case 'requires_capture':
    case undefined:
      return { kind: 'requery' };
  }
}
