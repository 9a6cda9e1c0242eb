/**
 * What hosted checkout offers: the payment methods a page may carry (each one the v3 dialect charges,
 * since the page drives the same v3 charge types), which of them v3 `payment_options` names (v3 spec
 * §6), and which take a given amount and currency.
 */
import type { Currency } from '../domain/money.js';
import { METHODS } from './index.js';
import { checkMethodCharge, type Method } from './method.js';

// The order of the page: cards and transfers first, as most customers pay, wallets and vouchers last.
const ORDER: readonly Method['type'][] = [
  'card',
  'bank_transfer',
  'mobile_money',
  'ussd',
  'bank_account',
  'nqr',
  'applepay',
  'googlepay',
  'opay',
  'enaira',
  'voucher',
  'fawry',
];

/** The methods a checkout page carries, in the order the page lists them. */
export const CHECKOUT_METHODS: readonly Method[] = METHODS.filter((m) => m.v3 !== undefined).sort(
  (a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type),
);

/**
 * v3 `payment_options` values and the methods each names. Flutterwave's other values (`barter`,
 * `credit`, `payattitude`, `paga`) are accepted and name nothing: those rails are not simulated.
 */
export const PAYMENT_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  card: ['card'],
  account: ['pay-with-bank', 'ach', 'open-banking'],
  banktransfer: ['bank-transfer'],
  ussd: ['ussd'],
  mpesa: ['mpesa'],
  mobilemoneyghana: ['mobile-money-ghana'],
  mobilemoneyfranco: ['mobile-money-francophone'],
  mobilemoneyuganda: ['mobile-money-uganda'],
  mobilemoneyrwanda: ['mobile-money-rwanda'],
  mobilemoneyzambia: ['mobile-money-zambia'],
  mobilemoneytanzania: ['mobile-money-tanzania'],
  nqr: ['nqr'],
  qr: ['nqr'],
  opay: ['opay'],
  applepay: ['applepay'],
  googlepay: ['googlepay'],
  enaira: ['enaira'],
  '1voucher': ['voucher'],
  voucher: ['voucher'],
  fawrypay: ['fawry'],
  barter: [],
  credit: [],
  payattitude: [],
  paga: [],
};

export type ParsedOptions =
  | { readonly ok: true; readonly ids: readonly string[] }
  | { readonly ok: false; readonly unknown: readonly string[] };

/** `"card, ussd,mobilemoneyghana"` → the method ids it names (case and spaces ignored), or the unknown values. */
export function parsePaymentOptions(text: string): ParsedOptions {
  const values = text
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  const unknown = values.filter((v) => !Object.hasOwn(PAYMENT_OPTIONS, v));
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, ids: [...new Set(values.flatMap((v) => PAYMENT_OPTIONS[v] ?? []))] };
}

/** The methods a session offers: those it names (all when it names none) that take the amount and currency. */
export function checkoutMethods(
  charge: { readonly amount: number; readonly currency: Currency },
  ids?: readonly string[],
): readonly Method[] {
  return CHECKOUT_METHODS.filter(
    (m) => (ids === undefined || ids.includes(m.id)) && checkMethodCharge(m, charge).ok,
  );
}
