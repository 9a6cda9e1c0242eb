/**
 * Wire schemas shared by v4 routes (spec §6.6), with the patterns of the official API so that what
 * it accepts we accept and what it rejects we reject, naming the field. Lengths it leaves open are
 * capped generously so no single field can be used to bloat the store.
 */
import { Type, type Static } from 'typebox';
import { pick, type Address as DomainAddress } from '../../domain/customer.js';
import { v4AddressOf } from '../../methods/v4-views.js';

const NamePart = Type.String({
  pattern: "^(?![ ,.'-]*$)[A-Za-z ,.'-]{2,50}$",
  'x-message': "must be 2 to 50 characters: letters, spaces and , . ' -",
});

export const Name = Type.Object({
  first: Type.Optional(NamePart),
  middle: Type.Optional(NamePart),
  last: Type.Optional(NamePart),
});

export const Phone = Type.Object({
  country_code: Type.String({
    pattern: '^[0-9]{1,3}$',
    'x-message': 'must be a dialing code of 1 to 3 digits',
  }),
  number: Type.String({ pattern: '^[0-9]{7,10}$', 'x-message': 'must be 7 to 10 digits' }),
});

const Line = (max: number) =>
  Type.String({ pattern: '^.+$', maxLength: max, 'x-message': 'must not be empty' });

export const Address = Type.Object({
  line1: Line(255),
  line2: Type.Optional(Line(255)),
  city: Line(100),
  state: Line(100),
  country: Type.String({
    pattern: '^[A-Z]{2}$',
    'x-message': 'must be an ISO 3166-1 alpha-2 code such as NG',
  }),
  postal_code: Line(20),
});

export const Meta = Type.Unsafe<Record<string, string>>({
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 500 },
  propertyNames: { maxLength: 64 },
  maxProperties: 50,
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The docs' own samples send `"line2": ""` and phone numbers as JSON numbers; accept both (spec §6.6 [P]). */
export function relaxCustomerFields(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const record = body as Record<string, unknown>;
  const phone = record['phone'];
  if (typeof phone === 'object' && phone !== null) {
    const p = phone as Record<string, unknown>;
    if (typeof p['number'] === 'number' && Number.isInteger(p['number'])) p['number'] = String(p['number']);
    if (typeof p['country_code'] === 'number' && Number.isInteger(p['country_code'])) {
      p['country_code'] = String(p['country_code']);
    }
    if (typeof p['country_code'] === 'string') p['country_code'] = p['country_code'].replace(/^\+/, '');
  }
  const address = record['address'];
  if (
    typeof address === 'object' &&
    address !== null &&
    (address as Record<string, unknown>)['line2'] === ''
  ) {
    delete (address as Record<string, unknown>)['line2'];
  }
}

export function toAddress(a: Static<typeof Address>): DomainAddress {
  return {
    line1: a.line1,
    ...pick('line2', a.line2),
    city: a.city,
    state: a.state,
    country: a.country,
    postalCode: a.postal_code,
  };
}

/** The v4 address (methods/v4-views.ts shows a card's billing address the same way). */
export const addressView: (a: DomainAddress) => Static<typeof Address> = v4AddressOf;
