/**
 * Card rules: Luhn, network by prefix, expiry, CVV shape, and the facts we may keep.
 *
 * Glossary: the *PAN* is the full card number; *first 6* (the BIN) and *last 4* are all of it we keep.
 * The PAN and CVV exist only in memory between decryption and `validateCard`: no error built here
 * ever quotes them, even partly, because errors end up in logs and response bodies.
 */
import { appError, invalid, type ErrorType } from './errors.js';
import type { CardNetwork } from './payment-method.js';
import { err, ok, type Result } from './result.js';

/** The Luhn (mod 10) check over a string of digits; false for anything else. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Inclusive prefix ranges, all bounds of one range having the same number of digits. */
type Range = readonly [low: number, high: number];

/**
 * Checked in order, first match wins: Verve's and AfriGO's ranges sit inside or next to the ranges
 * of the international schemes (650002–650027 is inside Discover's 65), so they go first.
 */
const NETWORK_RANGES: readonly (readonly [CardNetwork, readonly Range[]])[] = [
  [
    'VERVE',
    [
      [506099, 506198],
      [650002, 650027],
      [507865, 507964],
    ],
  ],
  // AfriGO's production BINs are not public: 5640–5649 are this sandbox's ranges for it.
  ['AFRIGO', [[5640, 5649]]],
  [
    'AMERICAN EXPRESS',
    [
      [34, 34],
      [37, 37],
    ],
  ],
  ['VISA', [[4, 4]]],
  [
    'MASTERCARD',
    [
      [51, 55],
      [2221, 2720],
    ],
  ],
  [
    'DISCOVER',
    [
      [6011, 6011],
      [644, 649],
      [65, 65],
      [622126, 622925],
    ],
  ],
];

function inRange(digits: string, [low, high]: Range): boolean {
  const length = String(low).length;
  if (digits.length < length) return false;
  const prefix = Number(digits.slice(0, length));
  return prefix >= low && prefix <= high;
}

/** The card network from the number's prefix (spaces and dashes ignored); `UNKNOWN` when none fits. */
export function detectNetwork(number: string): CardNetwork {
  const digits = number.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return 'UNKNOWN';
  for (const [network, ranges] of NETWORK_RANGES) {
    if (ranges.some((range) => inRange(digits, range))) return network;
  }
  return 'UNKNOWN';
}

/** Decrypted card fields, as the merchant sent them (v4 sends `MM` and `YY`). */
export interface CardInput {
  readonly number: string;
  readonly expiryMonth: string;
  readonly expiryYear: string;
  readonly cvv?: string;
}

/** What may be kept of a card once it is validated. */
export interface CardFacts {
  readonly first6: string;
  readonly last4: string;
  readonly expiryMonth: number; // 1–12
  readonly expiryYear: number; // four digits
  readonly network: CardNetwork;
}

/** The wire names of the card fields, so errors name what the merchant sent. */
export interface CardFieldNames {
  readonly number: string;
  readonly expiryMonth: string;
  readonly expiryYear: string;
  readonly cvv: string;
}

/** How far ahead an expiry year may be: issuers do not print cards valid for longer. */
export const MAX_EXPIRY_YEARS_AHEAD = 25;

/**
 * Validates decrypted card fields at `now` and returns the facts we may keep, or the first failing
 * rule as an error naming one field (number, month, year, expiry, then CVV). Messages describe the
 * rule only: they never quote the number or the CVV.
 */
export function validateCard(input: CardInput, now: Date, fields: CardFieldNames): Result<CardFacts> {
  const fail = (type: ErrorType, field: string, rule: string) =>
    err(appError(type, undefined, [{ field, message: `${field} ${rule}` }]));

  const digits = input.number.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) {
    return fail('INVALID_CARD_NUMBER', fields.number, 'must be 12 to 19 digits and pass the Luhn check');
  }

  if (!/^\d{1,2}$/.test(input.expiryMonth)) {
    return fail('CARD_EXPIRY_MONTH_OUT_OF_RANGE', fields.expiryMonth, 'must be a month from 01 to 12');
  }
  const month = Number(input.expiryMonth);
  if (month < 1 || month > 12) {
    return fail('CARD_EXPIRY_MONTH_OUT_OF_RANGE', fields.expiryMonth, 'must be a month from 01 to 12');
  }

  const thisYear = now.getUTCFullYear();
  const lastYear = thisYear + MAX_EXPIRY_YEARS_AHEAD;
  const yearRule = `must be a year up to ${lastYear}, as 2 (YY) or 4 (YYYY) digits`;
  if (!/^(\d{2}|\d{4})$/.test(input.expiryYear)) {
    return fail('CARD_EXPIRY_YEAR_OUT_OF_RANGE', fields.expiryYear, yearRule);
  }
  // Two digits are this century: a card printed "12/30" expires in 2030.
  const year = input.expiryYear.length === 2 ? 2000 + Number(input.expiryYear) : Number(input.expiryYear);
  if (year < 2000 || year > lastYear) {
    return fail('CARD_EXPIRY_YEAR_OUT_OF_RANGE', fields.expiryYear, yearRule);
  }

  // A card is good through the last day of its expiry month: it expires when the next month starts (UTC).
  if (year < thisYear || (year === thisYear && month < now.getUTCMonth() + 1)) {
    return fail(
      'CARD_EXPIRED',
      year < thisYear ? fields.expiryYear : fields.expiryMonth,
      `is in the past: the card expired at the end of ${String(month).padStart(2, '0')}/${year}`,
    );
  }

  const network = detectNetwork(digits);
  if (input.cvv !== undefined) {
    const length = network === 'AMERICAN EXPRESS' ? 4 : 3;
    if (!new RegExp(`^\\d{${length}}$`).test(input.cvv)) {
      const rule = `must be ${length} digits${network === 'AMERICAN EXPRESS' ? ' for American Express' : ''}`;
      return err(invalid([{ field: fields.cvv, message: `${fields.cvv} ${rule}` }]));
    }
  }

  return ok({
    first6: digits.slice(0, 6),
    last4: digits.slice(-4),
    expiryMonth: month,
    expiryYear: year,
    network,
  });
}

/**
 * A card for display: `4111 11•• •••• 1111`; American Express in its 4-6-5 grouping,
 * `3782 82•••• •0005`. Only first 6 and last 4 are kept, not the length, so other networks are
 * shown as 16 digits.
 */
export function maskCard(first6: string, last4: string, network: CardNetwork): string {
  const amex = network === 'AMERICAN EXPRESS';
  const full = `${first6}${'•'.repeat(amex ? 5 : 6)}${last4}`;
  const groups = amex ? [4, 6, 5] : [4, 4, 4, 4];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(full.slice(at, at + size));
    at += size;
  }
  return parts.join(' ');
}
