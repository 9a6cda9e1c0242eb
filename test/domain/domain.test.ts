import { describe, expect, it } from 'vitest';
import { applyPatch, pick, type CustomerDetails } from '../../src/domain/customer.js';
import {
  ERROR_CATALOGUE,
  appError,
  errorSpec,
  invalid,
  notFound,
  type ErrorType,
} from '../../src/domain/errors.js';
import { ID_KINDS, looksLikeId, newId, randomBase62, type IdKind } from '../../src/domain/ids.js';
import { offsetOf, totalPages } from '../../src/domain/pagination.js';
import { BANKS, BANK_COUNTRIES } from '../../src/domain/reference/banks.js';
import { MOBILE_NETWORKS, MOBILE_NETWORK_COUNTRIES } from '../../src/domain/reference/mobile-networks.js';
import { err, ok } from '../../src/domain/result.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KINDS = Object.keys(ID_KINDS) as IdKind[];

describe('ids', () => {
  it.each(KINDS)('newId(%s) is its prefix, an underscore and base62 of the table length', (kind) => {
    const { prefix, length } = ID_KINDS[kind];
    const id = newId(kind);
    expect(id).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{${length}}$`));
    expect(id).toHaveLength(prefix.length + 1 + length);
    expect(looksLikeId(kind, id)).toBe(true);
  });

  it('gives every kind its own three-letter prefix', () => {
    const prefixes = KINDS.map((kind) => ID_KINDS[kind].prefix);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[a-z]{3}$/);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(ID_KINDS.customer.prefix).toBe('cus');
    expect(ID_KINDS.charge.prefix).toBe('chg');
    expect(ID_KINDS.webhookEvent).toEqual({ prefix: 'wbk', length: 20 });
  });

  it('draws 10 000 customer ids without a collision', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('customer')));
    expect(ids.size).toBe(10_000);
  });

  it('recognises the shape of an id of the right kind only', () => {
    const id = newId('customer');
    expect(looksLikeId('customer', id)).toBe(true);
    expect(looksLikeId('charge', id)).toBe(false);
    expect(looksLikeId('customer', 'cus_0123456789')).toBe(true);
    expect(looksLikeId('customer', 'cus_012345678')).toBe(false);
    expect(looksLikeId('customer', 'cus_01234567890')).toBe(false);
    expect(looksLikeId('customer', 'cus_01234-6789')).toBe(false);
    expect(looksLikeId('customer', 'cus_0123456_89')).toBe(false);
    expect(looksLikeId('customer', 'cus_01234567é9')).toBe(false);
    expect(looksLikeId('customer', 'CUS_0123456789')).toBe(false);
    expect(looksLikeId('customer', 'cus-0123456789')).toBe(false);
    expect(looksLikeId('customer', 'chg_0123456789')).toBe(false);
    expect(looksLikeId('customer', '')).toBe(false);
    expect(looksLikeId('customer', "cus_' OR 1=1 -")).toBe(false);
    expect(looksLikeId('webhookEvent', newId('webhookEvent'))).toBe(true);
    expect(looksLikeId('webhookEvent', 'wbk_0123456789')).toBe(false);
  });

  it.each([0, 1, 7, 10, 62, 300])('randomBase62(%i) has exactly that many base62 characters', (length) => {
    const value = randomBase62(length);
    expect(value).toHaveLength(length);
    for (const ch of value) expect(ALPHABET).toContain(ch);
  });

  it('uses all 62 characters, each about equally often', () => {
    const sample = randomBase62(62_000);
    const counts = new Map<string, number>();
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(ALPHABET.split('').sort());
    // Expected 1000 each (σ ≈ 31): a skewed mapping would land far outside this band.
    for (const [ch, n] of counts) expect({ ch, inBand: n > 700 && n < 1300 }).toEqual({ ch, inBand: true });
  });
});

describe('pagination', () => {
  it('counts the pages needed for a total', () => {
    expect(totalPages(0, 10)).toBe(0);
    expect(totalPages(1, 10)).toBe(1);
    expect(totalPages(10, 10)).toBe(1);
    expect(totalPages(11, 10)).toBe(2);
    expect(totalPages(100, 1)).toBe(100);
  });

  it('turns a 1-based page into a row offset', () => {
    expect(offsetOf({ page: 1, size: 10 })).toBe(0);
    expect(offsetOf({ page: 2, size: 10 })).toBe(10);
    expect(offsetOf({ page: 3, size: 20 })).toBe(40);
  });
});

describe('applyPatch', () => {
  const current: CustomerDetails = {
    email: 'ada@example.com',
    name: { first: 'Ada', last: 'Lovelace' },
    phone: { countryCode: '234', number: '8012345678' },
    address: { line1: '1 Marina', city: 'Lagos', state: 'Lagos', country: 'NG', postalCode: '101001' },
    meta: { tier: 'gold', ref: '1' },
  };

  it('changes nothing for an empty patch', () => {
    expect(applyPatch(current, {})).toStrictEqual(current);
  });

  it('replaces only the fields given', () => {
    expect(applyPatch(current, { email: 'new@example.com' })).toStrictEqual({
      ...current,
      email: 'new@example.com',
    });
    expect(applyPatch(current, { phone: { countryCode: '254', number: '700000000' } })).toStrictEqual({
      ...current,
      phone: { countryCode: '254', number: '700000000' },
    });
  });

  it('replaces a structured field as a whole, not key by key', () => {
    const patched = applyPatch(current, { name: { first: 'Augusta' }, meta: { fresh: 'yes' } });
    expect(patched.name).toStrictEqual({ first: 'Augusta' });
    expect(patched.meta).toStrictEqual({ fresh: 'yes' });
    expect(patched.address).toBe(current.address);
  });

  it('does not invent fields the customer does not have', () => {
    const bare: CustomerDetails = { email: 'bare@example.com', meta: {} };
    const patched = applyPatch(bare, { email: 'still-bare@example.com' });
    expect(patched).toStrictEqual({ email: 'still-bare@example.com', meta: {} });
    expect(Object.keys(patched).sort()).toEqual(['email', 'meta']);
  });

  it('leaves the current details untouched', () => {
    const before = structuredClone(current);
    applyPatch(current, { email: 'x@example.com', name: { first: 'X' } });
    expect(current).toStrictEqual(before);
  });

  it('builds objects without undefined keys (pick)', () => {
    expect(pick('name', undefined)).toStrictEqual({});
    expect(pick('name', 'x')).toStrictEqual({ name: 'x' });
    expect(Object.keys(pick('name', undefined))).toEqual([]);
  });
});

describe('errors', () => {
  const TYPES = Object.keys(ERROR_CATALOGUE) as ErrorType[];

  it('defaults the message from the catalogue, with no field errors', () => {
    expect(appError('RESOURCE_NOT_FOUND')).toStrictEqual({
      type: 'RESOURCE_NOT_FOUND',
      message: 'Resource not found',
      fields: [],
    });
    for (const type of TYPES) expect(appError(type).message).toBe(ERROR_CATALOGUE[type].message);
  });

  it('keeps a given message and field errors', () => {
    const fields = [{ field: 'customer.email', message: 'must be an email' }];
    expect(appError('REQUEST_NOT_VALID', 'Bad email', fields)).toStrictEqual({
      type: 'REQUEST_NOT_VALID',
      message: 'Bad email',
      fields,
    });
    expect(invalid(fields)).toStrictEqual({
      type: 'REQUEST_NOT_VALID',
      message: 'Request is not valid',
      fields,
    });
    expect(invalid(fields, 'Nope').message).toBe('Nope');
    expect(notFound('Customer')).toStrictEqual({
      type: 'RESOURCE_NOT_FOUND',
      message: 'Customer not found',
      fields: [],
    });
  });

  it.each(TYPES)('catalogues %s with a digit code, a 4xx/5xx status, a retry flag and a message', (type) => {
    const spec = errorSpec(type);
    expect(spec).toBe(ERROR_CATALOGUE[type]);
    expect(spec.code).toMatch(/^\d+$/);
    expect(spec.http).toBeGreaterThanOrEqual(400);
    expect(spec.http).toBeLessThan(600);
    expect(Number.isInteger(spec.http)).toBe(true);
    expect(typeof spec.retryable).toBe('boolean');
    expect(spec.message.trim()).not.toBe('');
  });

  it('marks server faults and in-progress duplicates as retryable, and input errors as not', () => {
    expect(errorSpec('INTERNAL_SERVER_ERROR').retryable).toBe(true);
    expect(errorSpec('SERVICE_UNAVAILABLE').retryable).toBe(true);
    expect(errorSpec('IDEMPOTENCY_REQUEST_IN_PROGRESS').retryable).toBe(true);
    expect(errorSpec('REQUEST_NOT_VALID').retryable).toBe(false);
    expect(errorSpec('UNAUTHORIZED').http).toBe(401);
    for (const type of TYPES) {
      if (ERROR_CATALOGUE[type].http >= 500)
        expect({ type, retryable: errorSpec(type).retryable }).toEqual({ type, retryable: true });
    }
  });
});

describe('result', () => {
  it('wraps values and errors in a tagged union', () => {
    expect(ok(3)).toStrictEqual({ ok: true, value: 3 });
    const failure = err(notFound('Charge'));
    expect(failure).toStrictEqual({ ok: false, error: notFound('Charge') });
    expect(failure.ok).toBe(false);
  });
});

/** Checks shared by the reference tables: per-country entries with an id and a per-country code. */
function checkTable<T extends { readonly id: string; readonly name: string }>(
  label: string,
  countries: readonly string[],
  table: Readonly<Record<string, readonly T[]>>,
  idPattern: RegExp,
  codeOf: (entry: T) => string,
) {
  describe(`${label} reference table`, () => {
    it('has an entry list for exactly the countries it declares, none of them empty', () => {
      expect(Object.keys(table).sort()).toEqual([...countries].sort());
      expect(new Set(countries).size).toBe(countries.length);
      for (const country of countries) {
        expect(country).toMatch(/^[A-Z]{2}$/);
        expect({ country, entries: (table[country] ?? []).length > 0 }).toEqual({ country, entries: true });
      }
    });

    it(`gives every entry a well-formed id, unique across the whole table`, () => {
      const ids = Object.values(table).flatMap((entries) => entries.map((e) => e.id));
      for (const id of ids) expect(id).toMatch(idPattern);
      const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(duplicates).toEqual([]);
    });

    it('has codes unique within each country and a name for every entry', () => {
      for (const [country, entries] of Object.entries(table)) {
        const codes = entries.map(codeOf);
        const duplicates = codes.filter((code, i) => codes.indexOf(code) !== i);
        expect({ country, duplicates }).toEqual({ country, duplicates: [] });
        for (const entry of entries) {
          expect(codeOf(entry).trim()).not.toBe('');
          expect(entry.name.trim()).not.toBe('');
        }
      }
    });
  });
}

checkTable('bank', BANK_COUNTRIES, BANKS, /^bnk_[A-Za-z0-9]{8}$/, (bank) => bank.code);
checkTable(
  'mobile network',
  MOBILE_NETWORK_COUNTRIES,
  MOBILE_NETWORKS,
  /^mob_[A-Za-z0-9]{8}$/,
  (network) => network.network,
);

describe('mobile network codes', () => {
  it('are the uppercase short codes merchants send', () => {
    for (const entries of Object.values(MOBILE_NETWORKS)) {
      for (const { network } of entries) expect(network).toMatch(/^[A-Z0-9]+$/);
    }
  });
});
