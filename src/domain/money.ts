/**
 * Money: integer minor units (kobo, cents, fils…) with ISO 4217 exponents.
 *
 * Glossary: *major units* are what the wire carries (`1234.56` NGN), *minor units* what we store and
 * compute with (`123456`), the *exponent* the number of decimal places between them (NGN 2, UGX 0,
 * KWD 3). Amounts are parsed from their decimal text, never through float arithmetic, so `0.1 + 0.2`
 * style drift cannot creep into a charge.
 */
import { invalid } from './errors.js';
import { err, ok, type Result } from './result.js';

type Exponent = 0 | 2 | 3;

/**
 * The v4 API's currency enum (`POST /charges` body `currency`), in the official order, with each
 * code's ISO 4217 exponent. Obsolete codes keep the exponent they had when current (BYR was 0; MRO,
 * SKK, EEK, LTL… were 2); non-ISO codes the API still lists (AQD, GGP) get 2.
 */
// Ten codes a line keeps the 160-code table readable.
// prettier-ignore
export const CURRENCIES = {
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ANG: 2, AOA: 2, AQD: 2, ARS: 2, AUD: 2, AZN: 2,
  BAM: 2, BBD: 2, BDT: 2, BGN: 2, BHD: 3, BIF: 0, BMD: 2, BND: 2, BOB: 2, BRL: 2,
  BSD: 2, BWP: 2, BYR: 0, BZD: 2, CAD: 2, CDF: 2, CHF: 2, CLP: 0, CNY: 2, COP: 2,
  CRC: 2, CUP: 2, CVE: 2, CYP: 2, CZK: 2, DJF: 0, DKK: 2, DOP: 2, DZD: 2, ECS: 2,
  EEK: 2, EGP: 2, ETB: 2, EUR: 2, FJD: 2, FKP: 2, GBP: 2, GEL: 2, GGP: 2, GHS: 2,
  GIP: 2, GMD: 2, GNF: 0, GTQ: 2, GYD: 2, HKD: 2, HNL: 2, HRK: 2, HTG: 2, HUF: 2,
  IDR: 2, ILS: 2, INR: 2, IQD: 3, IRR: 2, ISK: 0, JMD: 2, JOD: 3, JPY: 0, KES: 2,
  KGS: 2, KHR: 2, KMF: 0, KPW: 2, KRW: 0, KWD: 3, KYD: 2, KZT: 2, LAK: 2, LBP: 2,
  LKR: 2, LRD: 2, LSL: 2, LTL: 2, LVL: 2, LYD: 3, MAD: 2, MDL: 2, MGA: 2, MKD: 2,
  MMK: 2, MNT: 2, MOP: 2, MRO: 2, MTL: 2, MUR: 2, MVR: 2, MWK: 2, MXN: 2, MYR: 2,
  MZN: 2, NAD: 2, NGN: 2, NIO: 2, NOK: 2, NPR: 2, NZD: 2, OMR: 3, PAB: 2, PEN: 2,
  PGK: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0, QAR: 2, RON: 2, RSD: 2, RUB: 2, RWF: 0,
  SAR: 2, SBD: 2, SCR: 2, SDG: 2, SEK: 2, SGD: 2, SKK: 2, SLL: 2, SOS: 2, SRD: 2,
  STD: 2, SVC: 2, SYP: 2, SZL: 2, THB: 2, TJS: 2, TMT: 2, TND: 3, TOP: 2, TRY: 2,
  TTD: 2, TWD: 2, TZS: 2, UAH: 2, UGX: 0, USD: 2, UYU: 2, UZS: 2, VEF: 2, VND: 0,
  VUV: 0, XAF: 0, XCD: 2, XOF: 0, XPF: 0, YER: 2, ZAR: 2, ZMK: 2, ZWD: 2, ZMW: 2,
} as const satisfies Record<string, Exponent>;

export type Currency = keyof typeof CURRENCIES;

/** The codes in the API's order (object keys keep insertion order). */
export const CURRENCY_CODES = Object.keys(CURRENCIES) as readonly Currency[];

export function isCurrency(s: unknown): s is Currency {
  return typeof s === 'string' && Object.hasOwn(CURRENCIES, s);
}

export function exponentOf(c: Currency): Exponent {
  return CURRENCIES[c];
}

/** No real payment is near a trillion major units; the cap keeps every amount exact in a double. */
const MAX_MAJOR = 1_000_000_000_000n;

// The JSON number grammar without sign or exponent: what a merchant's decimal amount looks like.
const DECIMAL = /^(0|[1-9]\d*)(?:\.(\d+))?$/;

/**
 * An amount a dialect read from its request, in minor units of a currency only the flow knows (a
 * refund's or a capture's is its charge's): the flow calls it with that currency.
 */
export type AmountIn = (currency: Currency) => Result<number>;

/**
 * The wire amount (major units, a JSON number or — leniently, spec §6.1 [P] — a numeric string) as
 * minor units: a safe integer > 0. `field` names the input in the error.
 */
export function parseAmount(value: unknown, currency: Currency, field: string): Result<number> {
  const fail = (message: string) => err(invalid([{ field, message: `${field} ${message}` }]));
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail('must be a number');
    if (value <= 0) return fail('must be greater than 0');
    text = String(value);
    // String() switches to exponent notation below 1e-6 and from 1e21: too precise or too large.
    if (text.includes('e')) return value < 1 ? fail(decimalsMessage(currency)) : fail(tooLarge(currency));
  } else if (typeof value === 'string') {
    text = value;
    if (/^-\d/.test(text)) return fail('must be greater than 0');
  } else {
    return fail('must be a number');
  }

  const match = DECIMAL.exec(text);
  if (!match) return fail('must be a number');
  const whole = match[1] ?? '0';
  // Trailing zeros carry no value: "100.00" UGX is the same as the JSON number 100.00, which parses as 100.
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const exponent = exponentOf(currency);
  if (fraction.length > exponent) return fail(decimalsMessage(currency));

  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  if (minor === 0n) return fail('must be greater than 0');
  if (minor > MAX_MAJOR * 10n ** BigInt(exponent) || minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail(tooLarge(currency));
  }
  return ok(Number(minor));
}

function decimalsMessage(currency: Currency): string {
  const exponent = exponentOf(currency);
  return exponent === 0
    ? `must be a whole number for ${currency}`
    : `must have at most ${exponent} decimal places for ${currency}`;
}

function tooLarge(currency: Currency): string {
  return `must be at most ${groupThousands(MAX_MAJOR.toString())} ${currency}`;
}

/** Sign, whole part and fraction digits of a minor amount, computed on its decimal text. */
function split(minor: number, currency: Currency): { sign: string; whole: string; fraction: string } {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor amount must be a safe integer: ${minor}`);
  const exponent = exponentOf(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return {
    sign: minor < 0 ? '-' : '',
    whole: digits.slice(0, digits.length - exponent),
    fraction: digits.slice(digits.length - exponent),
  };
}

/**
 * The JSON number for the wire: 123456 NGN → 1234.56. Built from the decimal text, so the double is
 * the one nearest that text and `String()` of it prints the text back (exact for every amount
 * `parseAmount` accepts: at most 16 significant digits, well inside a double's spacing).
 */
export function toMajor(minor: number, currency: Currency): number {
  const { sign, whole, fraction } = split(minor, currency);
  return Number(fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`);
}

/** For humans, independent of locale: `NGN 1,234.56`, `UGX 5,000`, `KWD 1.500`. */
export function formatMoney(minor: number, currency: Currency): string {
  const { sign, whole, fraction } = split(minor, currency);
  return `${currency} ${sign}${groupThousands(whole)}${fraction === '' ? '' : `.${fraction}`}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}
