/**
 * What a v3 card charge sends (v3 spec §2): the card fields, plain or in a 3DES `client` payload,
 * read and checked; the `authorization` of its second call; the customer; and the scenario its test
 * card (or X-Scenario-Key) picks.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { decrypt3Des } from '../../crypto/triple-des.js';
import type { Authorization, Scenario } from '../../domain/charge.js';
import type { CustomerDetails } from '../../domain/customer.js';
import { appError, invalid, type AppError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { contextOf } from '../http/request-context.js';
import type { MerchantProfile } from '../../flows/merchants/merchant-profiles.js';
import { TEST_OTP, TEST_PIN, testCard } from '../../methods/card-test-cards.js';
import { customerDetails, parsePhone } from '../../methods/customer-input.js';
import { Email } from '../http/fields.js';
import { parseNestedJson } from '../http/json-limits.js';
import { unsafeTextIn } from '../http/unsafe-text.js';
import { compileBodyValidator } from '../http/validation.js';
import { TxRef, V3Amount } from '../http/charge-input/wire.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const DigitsOrNumber = (pattern: string, message: string) =>
  Type.Unsafe<string | number>({ type: ['string', 'integer'], pattern, 'x-message': message });

export const CardPayload = Type.Object({
  card_number: Type.String({ minLength: 1, maxLength: 30 }),
  cvv: DigitsOrNumber('^[0-9]{3,4}$', 'must be 3 or 4 digits'),
  expiry_month: DigitsOrNumber('^[0-9]{1,2}$', 'must be a month such as 09'),
  expiry_year: DigitsOrNumber('^([0-9]{2}|[0-9]{4})$', 'must be a year such as 32'),
  currency: Type.Optional(
    Type.String({ pattern: '^[A-Z]{3}$', 'x-message': 'must be a currency code such as NGN' }),
  ),
  amount: V3Amount,
  email: Email,
  tx_ref: TxRef,
  fullname: Type.Optional(Text(100)),
  phone_number: Type.Optional(
    Type.String({ pattern: '^\\+?[0-9]{7,15}$', 'x-message': 'must be 7 to 15 digits' }),
  ),
  client_ip: Type.Optional(Text(64)),
  device_fingerprint: Type.Optional(Text(255)),
  redirect_url: Type.Optional(Text(2048)),
  preauthorize: Type.Optional(Type.Boolean()),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  authorization: Type.Optional(
    Type.Object({
      mode: Type.Unsafe<'pin' | 'avs_noauth'>({ type: 'string', enum: ['pin', 'avs_noauth'] }),
      pin: Type.Optional(DigitsOrNumber('^[0-9]{4,6}$', 'must be 4 to 6 digits')),
      address: Type.Optional(Text(255)),
      city: Type.Optional(Text(100)),
      state: Type.Optional(Text(100)),
      country: Type.Optional(
        Type.String({ pattern: '^[A-Za-z]{2}$', 'x-message': 'must be a country code such as NG' }),
      ),
      zipcode: Type.Optional(Text(20)),
    }),
  ),
});
export type CardPayload = Static<typeof CardPayload>;
const checkPayload = compileBodyValidator(CardPayload);

const UNDECRYPTABLE = 'client cannot be decrypted with your encryption key';
export const undecryptable = (e: AppError): boolean =>
  e.fields.some((f) => f.field === 'client' && f.message === UNDECRYPTABLE);

/** The card fields as the merchant sent them: decrypted from `client`, or plain. */
export function payloadOf(body: unknown, profile: MerchantProfile): Result<CardPayload> {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  // No body is an empty one (each missing field named); a body that is no object is refused as such.
  let payload: unknown = body ?? {};
  if (typeof record['client'] === 'string') {
    const plain = decrypt3Des(profile.v3EncryptionKey, record['client']);
    // Decrypted, it is a request body like any other: bounded in depth, and its text held to the
    // same rules the edge applies to plain bodies (input-guard.ts), fields named inside it.
    const parsed = plain === undefined ? undefined : parseNestedJson(plain, 'client');
    if (parsed === undefined) {
      return err(invalid([{ field: 'client', message: UNDECRYPTABLE }]));
    }
    if (!parsed.ok) return parsed;
    const unsafe = unsafeTextIn(parsed.value);
    if (unsafe.length > 0) return err(invalid(unsafe));
    payload = parsed.value;
  }
  const problems = checkPayload(payload);
  return problems.length > 0 ? err(invalid(problems)) : ok(payload as CardPayload);
}

export function authorizationOf(a: NonNullable<CardPayload['authorization']>): Result<Authorization> {
  if (a.mode === 'pin') {
    return a.pin === undefined
      ? err(invalid([{ field: 'authorization.pin', message: 'authorization.pin is required' }]))
      : ok({ type: 'pin', pin: String(a.pin) });
  }
  const missing = (['address', 'city', 'state', 'country', 'zipcode'] as const).filter(
    (f) => a[f] === undefined,
  );
  if (missing.length > 0) {
    return err(
      invalid(
        missing.map((f) => ({ field: `authorization.${f}`, message: `authorization.${f} is required` })),
      ),
    );
  }
  return ok({
    type: 'avs',
    address: {
      line1: a.address ?? '',
      city: a.city ?? '',
      state: a.state ?? '',
      country: (a.country ?? '').toUpperCase(),
      postalCode: a.zipcode ?? '',
    },
  });
}

/** The customer: one name reader and one phone parser for every dialect (methods/customer-input.ts). */
export function customerOf(p: CardPayload): CustomerDetails {
  return customerDetails({ email: p.email, fullname: p.fullname, phone: parsePhone(p.phone_number) });
}

/** Test cards pick the outcome; X-Scenario-Key overrides them (and then any card is accepted). */
export function scenarioOf(req: FastifyRequest, cardNumber: string): Result<Scenario> {
  const header = contextOf(req).scenario();
  if (!header.ok || header.value.key !== undefined) return header;
  const card = testCard(cardNumber);
  if (!card) {
    return err(appError('REQUEST_NOT_VALID', 'This is a test environment, only test cards can be used'));
  }
  return ok({ flow: card.flow, issuer: card.issuer, malformed: false, pin: TEST_PIN, otp: TEST_OTP });
}
