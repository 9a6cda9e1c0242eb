import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CURRENCIES,
  CURRENCY_CODES,
  exponentOf,
  formatMoney,
  isCurrency,
  parseAmount,
  toMajor,
  type Currency,
} from '../../src/domain/money.js';
import { REPO } from '../support/process.js';

/** A small seeded PRNG (mulberry32), so the "random" amounts are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parsed = (value: unknown, currency: Currency) => {
  const result = parseAmount(value, currency, 'amount');
  return result.ok ? result.value : result.error;
};

const rejection = (field: string, message: string) => ({
  type: 'REQUEST_NOT_VALID',
  message: 'Request is not valid',
  fields: [{ field, message }],
});

describe('currencies', () => {
  it('are exactly the v4 API currency enum of POST /charges, in its order', () => {
    const operations = JSON.parse(
      readFileSync(join(REPO, 'test/fixtures/flutterwave-v4-operations.json'), 'utf8'),
    );
    const enumeration = operations.operations['POST /charges'].body.properties.currency.enum;
    expect(CURRENCY_CODES).toEqual(enumeration);
    expect(CURRENCY_CODES).toHaveLength(160);
  });

  it.each([
    ['NGN', 2],
    ['USD', 2],
    ['GHS', 2],
    ['KES', 2],
    ['ZAR', 2],
    ['EUR', 2],
    ['MRO', 2],
    ['SKK', 2],
    ['UGX', 0],
    ['XAF', 0],
    ['XOF', 0],
    ['RWF', 0],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['BYR', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
  ] as const)('gives %s the ISO 4217 exponent %i', (currency, exponent) => {
    expect(exponentOf(currency)).toBe(exponent);
  });

  it('marks exactly the zero- and three-decimal currencies as such', () => {
    const byExponent = (e: number) => CURRENCY_CODES.filter((c) => CURRENCIES[c] === e);
    expect(byExponent(0)).toEqual(
      'BIF BYR CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF'.split(' '),
    );
    expect(byExponent(3)).toEqual('BHD IQD JOD KWD LYD OMR TND'.split(' '));
    expect(byExponent(2)).toHaveLength(160 - 17 - 7);
  });

  it('recognises listed codes only, case-sensitively', () => {
    expect(isCurrency('NGN')).toBe(true);
    expect(isCurrency('ZMW')).toBe(true);
    expect(isCurrency('ngn')).toBe(false);
    expect(isCurrency('XXX')).toBe(false);
    expect(isCurrency('USDC')).toBe(false);
    expect(isCurrency('toString')).toBe(false);
    expect(isCurrency('__proto__')).toBe(false);
    expect(isCurrency(undefined)).toBe(false);
    expect(isCurrency(566)).toBe(false);
  });
});

describe('parseAmount', () => {
  it.each([
    [1234.56, 'NGN', 123456],
    ['1234.56', 'NGN', 123456],
    [2500, 'NGN', 250000],
    [0.01, 'NGN', 1],
    ['0.01', 'USD', 1],
    [0.1, 'USD', 10],
    [19.99, 'USD', 1999],
    [1.005, 'KWD', 1005],
    ['1.5', 'KWD', 1500],
    [5000, 'UGX', 5000],
    ['5000', 'UGX', 5000],
    [1, 'XAF', 1],
    ['100.00', 'UGX', 100],
    ['12.50', 'NGN', 1250],
    ['12.500', 'NGN', 1250],
    [1e12, 'NGN', 1e14],
    [1e12, 'KWD', 1e15],
    ['1000000000000', 'UGX', 1e12],
    [999999999999.99, 'NGN', 99999999999999],
    ['999999999999.999', 'KWD', 999999999999999],
  ] as const)('reads %j %s as %i minor units', (value, currency, minor) => {
    expect(parsed(value, currency)).toBe(minor);
  });

  it.each([
    [1.234, 'NGN', 'amount must have at most 2 decimal places for NGN'],
    ['1.234', 'NGN', 'amount must have at most 2 decimal places for NGN'],
    [0.1 + 0.2, 'USD', 'amount must have at most 2 decimal places for USD'],
    [1.0001, 'KWD', 'amount must have at most 3 decimal places for KWD'],
    [100.5, 'UGX', 'amount must be a whole number for UGX'],
    ['0.5', 'XAF', 'amount must be a whole number for XAF'],
    [1e-7, 'NGN', 'amount must have at most 2 decimal places for NGN'],
    [0, 'NGN', 'amount must be greater than 0'],
    [-0, 'NGN', 'amount must be greater than 0'],
    ['0', 'NGN', 'amount must be greater than 0'],
    ['0.00', 'NGN', 'amount must be greater than 0'],
    [-5, 'NGN', 'amount must be greater than 0'],
    [-0.01, 'NGN', 'amount must be greater than 0'],
    ['-5', 'NGN', 'amount must be greater than 0'],
    [1e21, 'NGN', 'amount must be at most 1,000,000,000,000 NGN'],
    [1e13, 'NGN', 'amount must be at most 1,000,000,000,000 NGN'],
    [1000000000000.01, 'NGN', 'amount must be at most 1,000,000,000,000 NGN'],
    ['1000000000001', 'UGX', 'amount must be at most 1,000,000,000,000 UGX'],
    ['99999999999999999999999', 'NGN', 'amount must be at most 1,000,000,000,000 NGN'],
    [Number.MAX_SAFE_INTEGER, 'KWD', 'amount must be at most 1,000,000,000,000 KWD'],
    ['12abc', 'NGN', 'amount must be a number'],
    ['1e5', 'NGN', 'amount must be a number'],
    ['1E5', 'NGN', 'amount must be a number'],
    ['', 'NGN', 'amount must be a number'],
    [' 12', 'NGN', 'amount must be a number'],
    ['12 ', 'NGN', 'amount must be a number'],
    ['+12', 'NGN', 'amount must be a number'],
    ['1,000', 'NGN', 'amount must be a number'],
    ['12.', 'NGN', 'amount must be a number'],
    ['.5', 'NGN', 'amount must be a number'],
    ['007', 'NGN', 'amount must be a number'],
    ['0x10', 'NGN', 'amount must be a number'],
    ['Infinity', 'NGN', 'amount must be a number'],
    ['NaN', 'NGN', 'amount must be a number'],
    [Number.NaN, 'NGN', 'amount must be a number'],
    [Number.POSITIVE_INFINITY, 'NGN', 'amount must be a number'],
    [Number.NEGATIVE_INFINITY, 'NGN', 'amount must be a number'],
    [null, 'NGN', 'amount must be a number'],
    [undefined, 'NGN', 'amount must be a number'],
    [true, 'NGN', 'amount must be a number'],
    [[12], 'NGN', 'amount must be a number'],
    [{ value: 12 }, 'NGN', 'amount must be a number'],
  ] as const)('rejects %j %s: %s', (value, currency, message) => {
    expect(parsed(value, currency)).toStrictEqual(rejection('amount', message));
  });

  it('rejects a BigInt, which JSON never produces', () => {
    expect(parsed(12n, 'NGN')).toStrictEqual(rejection('amount', 'amount must be a number'));
  });

  it('names the field it was given in the error', () => {
    const result = parseAmount('abc', 'NGN', 'items[2].amount');
    expect(result).toStrictEqual({
      ok: false,
      error: rejection('items[2].amount', 'items[2].amount must be a number'),
    });
  });
});

describe('toMajor', () => {
  it.each([
    [123456, 'NGN', 1234.56],
    [1, 'NGN', 0.01],
    [10, 'NGN', 0.1],
    [100, 'NGN', 1],
    [5000, 'UGX', 5000],
    [1500, 'KWD', 1.5],
    [1, 'KWD', 0.001],
    [0, 'NGN', 0],
    [-1250, 'NGN', -12.5],
    [99999999999999, 'NGN', 999999999999.99],
    [999999999999999, 'KWD', 999999999999.999],
  ] as const)('renders %i %s as %d', (minor, currency, major) => {
    expect(toMajor(minor, currency)).toBe(major);
  });

  it('prints every NGN amount from 0.01 to 1000.00 exactly, and reads each back', () => {
    const mismatches: number[] = [];
    for (let minor = 1; minor <= 100_000; minor++) {
      const major = toMajor(minor, 'NGN');
      const text = String(major);
      const expected = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`.replace(
        /\.?0+$/,
        '',
      );
      const back = parseAmount(major, 'NGN', 'amount');
      if (text !== expected || !back.ok || back.value !== minor) mismatches.push(minor);
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a minor amount that is not a safe integer', () => {
    expect(() => toMajor(1.5, 'NGN')).toThrow(RangeError);
    expect(() => toMajor(2 ** 53, 'NGN')).toThrow(RangeError);
  });
});

describe('round trips', () => {
  const random = prng(20_260_101);
  // Log-uniform sizes, so small, medium and huge amounts all occur, up to the 1e12-major cap.
  const amounts = (currency: Currency) =>
    Array.from({ length: 500 }, () => {
      const max = 10 ** (12 + exponentOf(currency));
      return Math.max(1, Math.floor(10 ** (random() * Math.log10(max))));
    });

  it.each(CURRENCY_CODES)(
    '%s: parseAmount(toMajor(m)) and its string and formatMoney all give m back',
    (currency) => {
      const failures: unknown[] = [];
      for (const minor of [1, 9, 10, 99, 100, 101, 10 ** (12 + exponentOf(currency)), ...amounts(currency)]) {
        const major = toMajor(minor, currency);
        const fromNumber = parseAmount(major, currency, 'amount');
        const fromString = parseAmount(String(major), currency, 'amount');
        const formatted = formatMoney(minor, currency);
        const fromFormatted = parseAmount(
          formatted.slice(currency.length + 1).replaceAll(',', ''),
          currency,
          'a',
        );
        const decimals = formatted.split('.')[1]?.length ?? 0;
        if (
          !fromNumber.ok ||
          fromNumber.value !== minor ||
          !fromString.ok ||
          fromString.value !== minor ||
          !fromFormatted.ok ||
          fromFormatted.value !== minor ||
          decimals !== exponentOf(currency)
        )
          failures.push({ minor, major, formatted });
      }
      expect(failures).toEqual([]);
    },
  );
});

describe('formatMoney', () => {
  it.each([
    [123456, 'NGN', 'NGN 1,234.56'],
    [5000, 'UGX', 'UGX 5,000'],
    [1500, 'KWD', 'KWD 1.500'],
    [1, 'NGN', 'NGN 0.01'],
    [1, 'KWD', 'KWD 0.001'],
    [0, 'NGN', 'NGN 0.00'],
    [0, 'XAF', 'XAF 0'],
    [999, 'UGX', 'UGX 999'],
    [100000, 'USD', 'USD 1,000.00'],
    [123456789012, 'NGN', 'NGN 1,234,567,890.12'],
    [1e12, 'UGX', 'UGX 1,000,000,000,000'],
    [-123456, 'NGN', 'NGN -1,234.56'],
    [-5, 'NGN', 'NGN -0.05'],
  ] as const)('shows %i %s as %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });
});
