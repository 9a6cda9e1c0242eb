/**
 * Wire schemas for cards, payment methods, authorisations and charges (spec §8.2–8.5), with the
 * official patterns. Discriminated unions are a `type` enum plus `if/then` rules, so a missing
 * variant object is reported as exactly that field ("card is required").
 */
import { Type, type Static, type TSchema } from 'typebox';
import { CURRENCY_CODES } from '../../domain/money.js';
import { V4_PAYMENT_METHOD_TYPES } from '../../methods/v4-input.js';
import { Address, Meta } from './schemas.js';
import { StringEnum } from '../http/fields.js';

/** `{type: T}` requires the `T` object: one if/then per variant. */
const requireVariant = (variants: readonly string[]) =>
  variants.map((v) => ({
    if: { properties: { type: { const: v } }, required: ['type'] },
    then: { properties: { [v]: {} }, required: [v] },
  }));

// The cast keeps the schema's static type: `allOf` adds a run-time rule that TypeBox's types cannot
// express, and the static shape is unchanged by it.
const withVariants = <T extends TSchema>(schema: T, variants: readonly string[]): T =>
  Type.Unsafe<Static<T>>({ ...schema, allOf: requireVariant(variants) }) as unknown as T;

export const Nonce = Type.String({
  pattern: '^[a-zA-Z0-9]{12}$',
  'x-message': 'must be 12 letters or digits',
});
const Encrypted = Type.String({ minLength: 1, maxLength: 1024, 'x-message': 'must be a base64 ciphertext' });

export const CardIn = Type.Object({
  nonce: Nonce,
  encrypted_card_number: Encrypted,
  encrypted_expiry_month: Encrypted,
  encrypted_expiry_year: Encrypted,
  encrypted_cvv: Type.Optional(Encrypted),
  billing_address: Type.Optional(Address),
  card_holder_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  cof: Type.Optional(
    Type.Object({
      enabled: Type.Boolean(),
      agreement_id: Type.Optional(Type.String({ maxLength: 100 })),
      trace_id: Type.Optional(Type.String({ maxLength: 100 })),
    }),
  ),
});
export type CardIn = Static<typeof CardIn>;

/** Variants whose object the official schema requires; the others may be left out (`{"type": "opay"}`). */
const REQUIRED_VARIANTS = ['card', 'mobile_money', 'ussd'] as const;

export const MobileMoneyIn = Type.Object({
  country_code: Type.String({
    pattern: '^[0-9]{1,3}$',
    'x-message': 'must be a dialing code of 1 to 3 digits, such as 233',
  }),
  network: Type.String({ minLength: 1, maxLength: 32 }),
  phone_number: Type.String({
    pattern: '^[0-9]{7,10}$',
    'x-message': 'must be the national number: 7 to 10 digits, without the dialing code',
  }),
  use_qr: Type.Optional(Type.Boolean()),
});
export type MobileMoneyIn = Static<typeof MobileMoneyIn>;

const CardHolderName = Type.String({
  pattern: "^(?![ ,.'-]*$)[A-Za-z ,.'-]{2,50}$",
  'x-message': "must be 2 to 50 characters: letters, spaces and , . ' -",
});
const Wallet = Type.Object({ card_holder_name: Type.Optional(CardHolderName) });
/** The official schema leaves these open (`additionalProperties: true`): whatever is sent is ignored. */
const Open = Type.Object({});

const paymentMethodFields = {
  type: StringEnum(V4_PAYMENT_METHOD_TYPES),
  card: Type.Optional(CardIn),
  mobile_money: Type.Optional(MobileMoneyIn),
  ussd: Type.Optional(
    Type.Object({
      account_bank: Type.String({
        pattern: '^\\d{3,}$',
        maxLength: 10,
        'x-message': 'must be a bank code of 3 or more digits, such as 044',
      }),
    }),
  ),
  opay: Type.Optional(Open),
  applepay: Type.Optional(Wallet),
  googlepay: Type.Optional(Wallet),
  bank_account: Type.Optional(Open),
  bank_transfer: Type.Optional(Open),
  meta: Type.Optional(Meta),
  device_fingerprint: Type.Optional(Type.String({ maxLength: 255 })),
  client_ip: Type.Optional(Type.String({ maxLength: 64 })),
};

/** The payment-method object as sent inside a direct charge… */
export const PaymentMethodIn = withVariants(Type.Object(paymentMethodFields), REQUIRED_VARIANTS);
export type PaymentMethodIn = Static<typeof PaymentMethodIn>;

/** …and on its own, where it may name the customer it is saved for. */
export const PaymentMethodCreate = withVariants(
  Type.Object({
    ...paymentMethodFields,
    customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  }),
  REQUIRED_VARIANTS,
);
export type PaymentMethodCreate = Static<typeof PaymentMethodCreate>;

export const AuthorizationIn = withVariants(
  Type.Object({
    type: StringEnum(['pin', 'otp', 'avs', 'external_3ds'] as const),
    pin: Type.Optional(Type.Object({ nonce: Nonce, encrypted_pin: Encrypted })),
    otp: Type.Optional(
      Type.Object({ code: Type.String({ pattern: '^\\d{4,8}$', 'x-message': 'must be 4 to 8 digits' }) }),
    ),
    avs: Type.Optional(Type.Object({ address: Address })),
    external_3ds: Type.Optional(
      Type.Object({
        eci: Type.String({ maxLength: 10 }),
        authentication_token: Type.String({ maxLength: 255 }),
        transaction_id: Type.String({ maxLength: 255 }),
        version: Type.String({ maxLength: 20 }),
        transaction_status: StringEnum(['Y', 'N', 'U', 'A', 'R'] as const),
        status_reason_code: Type.String({ maxLength: 10 }),
        amount: Type.Number({ minimum: 0.01 }),
        time: Type.String({ maxLength: 64 }),
      }),
    ),
  }),
  ['pin', 'otp', 'avs', 'external_3ds'],
);
export type AuthorizationIn = Static<typeof AuthorizationIn>;

/** Amounts are decimals; a numeric string is accepted too (spec §6.1 [P]). Checked against the currency later. */
export const Amount = Type.Unsafe<number | string>({
  type: ['number', 'string'],
  'x-message': 'must be a number',
});
export const CurrencyIn = StringEnum(CURRENCY_CODES);
export const Reference = Type.String({
  pattern: '^[a-zA-Z0-9\\-]+$',
  minLength: 6,
  maxLength: 42,
  'x-message': 'must be 6 to 42 letters, digits or dashes',
});
export const RedirectUrl = Type.String({ maxLength: 2048 });

export const ChargeCreate = Type.Object({
  amount: Amount,
  currency: CurrencyIn,
  reference: Reference,
  customer_id: Type.String({ minLength: 1, maxLength: 64 }),
  payment_method_id: Type.String({ minLength: 1, maxLength: 64 }),
  redirect_url: Type.Optional(RedirectUrl),
  meta: Type.Optional(Meta),
  recurring: Type.Optional(Type.Boolean()),
  order_id: Type.Optional(Type.String({ maxLength: 64 })),
  merchant_vat_amount: Type.Optional(Type.Number({ minimum: 0 })),
  authorization: Type.Optional(AuthorizationIn),
});
export type ChargeCreate = Static<typeof ChargeCreate>;

export const ChargeUpdate = Type.Object({
  authorization: Type.Optional(AuthorizationIn),
  meta: Type.Optional(Meta),
});
export type ChargeUpdate = Static<typeof ChargeUpdate>;
