/**
 * What hosted checkout offers: the payment methods a page may carry (each one the v3 dialect charges,
 * since the page drives the same v3 charge types), which of them v3 `payment_options` names (v3 spec
 * §6), and which take a given amount and currency.
 */
import type { Currency } from '../domain/money.js';
import { METHODS } from './index.js';
import { checkMethodCharge, type Method } from './method.js';

/** The methods a checkout page carries (each one the v3 dialect charges), in the order the page lists them. */
export const CHECKOUT_METHODS: readonly Method[] = METHODS.filter(
  (m) => m.v3 !== undefined && m.checkout !== undefined,
).sort((a, b) => (a.checkout?.rank ?? 0) - (b.checkout?.rank ?? 0));

/** Flutterwave's other `payment_options` values: accepted, and naming nothing, since those rails are not simulated. */
const UNSIMULATED = ['barter', 'credit', 'payattitude', 'paga'];

/** v3 `payment_options` values and the methods each names (each method lists its own values). */
const OPTION_NAMES: readonly string[] = [...new Set(CHECKOUT_METHODS.flatMap((m) => m.paymentOptions ?? []))];

export const PAYMENT_OPTIONS: Readonly<Record<string, readonly string[]>> = Object.fromEntries([
  ...OPTION_NAMES.map((option): [string, readonly string[]] => [
    option,
    CHECKOUT_METHODS.filter((m) => m.paymentOptions?.includes(option)).map((m) => m.id),
  ]),
  ...UNSIMULATED.map((option): [string, readonly string[]] => [option, []]),
]);

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
