/**
 * The pieces every v3 method charge is read with (method-charge-input.ts): field errors in the
 * envelope's words, the customer and its phone, the amount and currency,
 * and a bank transfer's account options.
 */
import { Type, type Static } from 'typebox';
import { pick, type CustomerDetails, type Phone } from '../../../domain/customer.js';
import { invalid, type AppError } from '../../../domain/errors.js';
import { isCurrency, parseAmount, type Currency } from '../../../domain/money.js';
import { err, ok, type Result } from '../../../domain/result.js';
import { customerDetails } from '../../../methods/customer-input.js';
import type { MethodInput } from '../../../flows/charges/payment-methods.js';
import { Email } from '../fields.js';
import { CurrencyCode, TxRef, V3Amount } from './wire.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const PhoneNumber = Type.String({
  pattern: '^\\+?[0-9]{7,15}$',
  'x-message': 'must be 7 to 15 digits, optionally after a +',
});
const Country = Type.String({
  pattern: '^[A-Za-z]{2}$',
  'x-message': 'must be a two-letter country code such as CM',
});
/** A `1` flag as clients send it: the number, the string, or `true`. */
const Flag = Type.Unsafe<number | string | boolean>({
  type: ['integer', 'string', 'boolean'],
  'x-message': 'must be 1',
});

const COMMON = {
  tx_ref: TxRef,
  amount: V3Amount,
  currency: Type.Optional(CurrencyCode),
  email: Email,
  phone_number: Type.Optional(PhoneNumber),
  fullname: Type.Optional(Text(100)),
  client_ip: Type.Optional(Text(64)),
  device_fingerprint: Type.Optional(Text(255)),
  redirect_url: Type.Optional(Text(2048)),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  // Settlement splits are not simulated: accepted so integrations that send them work unchanged.
  subaccounts: Type.Optional(Type.Array(Type.Object({}), { maxItems: 50 })),
};

/** Every field any type reads; each type's schema makes its own required. */
export const Body = Type.Object({
  ...COMMON,
  network: Type.Optional(Text(20)),
  order_id: Type.Optional(Text(100)),
  country: Type.Optional(Country),
  account_bank: Type.Optional(
    Type.String({ pattern: '^[0-9]{3,11}$', 'x-message': 'must be a bank code such as 058' }),
  ),
  // The reader (debit_ng_account) checks its form: other types' clients send other account numbers.
  account_number: Type.Optional(Text(34)),
  is_nqr: Type.Optional(Flag),
  is_token_io: Type.Optional(Flag),
  pin: Type.Optional(
    Type.Unsafe<string | number>({
      type: ['string', 'integer'],
      'x-message': 'must be the 16-digit voucher PIN',
    }),
  ),
  expires: Type.Optional(
    Type.Unsafe<number | string>({
      type: ['integer', 'string'],
      'x-message': 'must be a whole number of seconds from 1 to 31536000',
    }),
  ),
  is_permanent: Type.Optional(Type.Boolean()),
  narration: Type.Optional(Text(100)),
});
export type MethodChargeBody = Static<typeof Body>;

/** An error about one field, in the envelope's words. */
export const fieldError = (error: AppError, field: string): AppError => ({
  ...error,
  fields: [{ field, message: error.message }],
});
export const badField = (field: string, message: string): AppError => invalid([{ field, message }]);

/** A bank-transfer charge's account options (v3 `expires`, `is_permanent`, `narration`). */
export interface TransferOptions {
  readonly expiresInSeconds?: number;
  readonly permanent?: boolean;
  readonly narration?: string;
}

/**
 * What a v3 charge request asks for, read and checked: a payment method to charge, or — for
 * `bank_transfer` — the options of the account to open for it.
 */
export type MethodCharge = {
  readonly body: MethodChargeBody;
  readonly amount: number;
  readonly currency: Currency;
  readonly customer: CustomerDetails;
} & (
  | {
      readonly paymentMethod: MethodInput;
      /** A voucher's balance, when the sandbox knows its PIN. */
      readonly voucherBalance?: number;
    }
  | { readonly transfer: TransferOptions }
);

export { parsePhone as customerPhone, splitPhone } from '../../../methods/customer-input.js';

export function customerOf(body: MethodChargeBody, phone: Phone | undefined): CustomerDetails {
  return customerDetails({ email: body.email, fullname: body.fullname, phone });
}

export function currencyOf(body: MethodChargeBody, fallback: Currency | undefined): Result<Currency> {
  const given = body.currency?.toUpperCase();
  if (given === undefined) {
    return fallback === undefined ? err(badField('currency', 'currency is required')) : ok(fallback);
  }
  return isCurrency(given) ? ok(given) : err(badField('currency', `currency ${given} is not supported`));
}

/**
 * Amount and currency as sent (`fallback` when no currency is), parsed into minor units. Whether the
 * method takes them is the charge flow's check (`directCharge`, `openBankTransferCharge`).
 */
export function moneyOf(
  body: MethodChargeBody,
  fallback: Currency | undefined,
): Result<{ amount: number; currency: Currency }> {
  const currency = currencyOf(body, fallback);
  if (!currency.ok) return currency;
  const amount = parseAmount(body.amount, currency.value, 'amount');
  if (!amount.ok) return amount;
  return ok({ amount: amount.value, currency: currency.value });
}

export const common = (body: MethodChargeBody) => ({
  meta: {},
  ...pick('deviceFingerprint', body.device_fingerprint),
  ...pick('clientIp', body.client_ip),
});

/** Bank-transfer options; `expires` arrives as a number or, from the official SDK, possibly a string. */
export function transferOptions(body: MethodChargeBody): Result<TransferOptions> {
  const expires = body.expires === undefined ? undefined : Number(body.expires);
  if (
    expires !== undefined &&
    (!/^[0-9]{1,8}$/.test(String(body.expires)) || expires < 1 || expires > 31_536_000)
  ) {
    return err(badField('expires', 'expires must be a whole number of seconds from 1 to 31536000'));
  }
  return ok({
    ...pick('expiresInSeconds', expires),
    ...pick('permanent', body.is_permanent),
    ...pick('narration', body.narration),
  });
}
