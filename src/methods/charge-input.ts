/**
 * The neutral charge input a method's reader makes of a request, whichever dialect or page sent it:
 * the money (parsed; the charge flow checks that the method takes it), what to charge — a payment method's details, a voucher PIN,
 * or an account to open for a transfer — and the country whose local numbers the customer's phone is
 * read as. The dialect validates the wire shape first (its schema requires the method's `required`
 * fields) and hands the reader the body and the helpers below; the reader holds only its method's rules.
 */
import type { AppError } from '../domain/errors.js';
import type { Currency } from '../domain/money.js';
import type { PaymentMethodDetails } from '../domain/payment-method.js';
import type { Result } from '../domain/result.js';

/** Every payment method but a card (which arrives as entered) and a voucher (whose PIN is not kept). */
export type PlainDetails = Exclude<PaymentMethodDetails, { readonly type: 'card' | 'voucher' }>;

/** A request's fields as the readers see them, after the dialect's schema. */
export interface ChargeFields {
  readonly currency?: string | undefined;
  readonly fullname?: string | undefined;
  readonly phone_number?: string | undefined;
  readonly country?: string | undefined;
  readonly account_bank?: string | undefined;
  readonly account_number?: string | undefined;
  readonly is_nqr?: number | string | boolean | undefined;
  readonly is_token_io?: number | string | boolean | undefined;
  readonly pin?: string | number | undefined;
}

export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

/** What the dialect lends a reader: the amount read in a currency the method takes, and a refusal. */
export interface ReadContext {
  /** The amount and currency (`fallback` when none is sent), parsed; the charge flow checks them against the method. */
  money(fallback?: Currency): Result<Money>;
  /** A refusal naming `field`, in the envelope's words. */
  bad(field: string, message: string): AppError;
}

export type ChargeRead = {
  readonly money: Money;
  /** Whose local numbers the customer's phone is read as (undefined: only numbers with a dialling code). */
  readonly country?: string | undefined;
} & (
  | { readonly details: PlainDetails }
  | { readonly voucherPin: string; readonly voucherBalance?: number | undefined }
  /** A bank transfer: the dialect opens an account for the charge (its own options). */
  | { readonly transfer: true }
);

export type ChargeReader = (fields: ChargeFields, ctx: ReadContext) => Result<ChargeRead>;

/** A `1` flag as clients send it: the number, the string, or `true`. */
export const isOne = (flag: unknown): boolean => flag === 1 || flag === '1' || flag === true;
