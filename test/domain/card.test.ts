import { describe, expect, it } from 'vitest';
import {
  MAX_EXPIRY_YEARS_AHEAD,
  detectNetwork,
  luhnValid,
  maskCard,
  validateCard,
  type CardInput,
} from '../../src/domain/card.js';
import type { ErrorType } from '../../src/domain/errors.js';
import type { CardNetwork } from '../../src/domain/payment-method.js';

const FIELDS = {
  number: 'card.encrypted_card_number',
  expiryMonth: 'card.encrypted_expiry_month',
  expiryYear: 'card.encrypted_expiry_year',
  cvv: 'card.encrypted_cvv',
} as const;

const NOW = new Date('2026-03-15T12:00:00Z');
const VISA = '4111111111111111';
const AMEX = '378282246310005';

const card = (overrides: Partial<CardInput> = {}): CardInput => ({
  number: VISA,
  expiryMonth: '09',
  expiryYear: '32',
  cvv: '564',
  ...overrides,
});

/** Pads a prefix to a 16-digit number with a valid Luhn check digit. */
function withLuhn(prefix: string, length = 16): string {
  const body = prefix.padEnd(length - 1, '0');
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}

/** The error's type and its one field error, or the facts when valid. */
function outcome(input: CardInput, now = NOW) {
  const result = validateCard(input, now, FIELDS);
  if (result.ok) return result.value;
  expect(result.error.fields).toHaveLength(1);
  const [fieldError] = result.error.fields;
  expect(fieldError?.message.startsWith(`${fieldError.field} `)).toBe(true);
  return { type: result.error.type, field: fieldError?.field };
}

describe('luhnValid', () => {
  it.each([
    '4111111111111111',
    '5531886652142950',
    '5399838383838381',
    '4187427415564246',
    '5061460410120223210',
    '378282246310005',
    '6011111111111117',
    '4242424242424242',
    '5555555555554444',
    '0',
  ])('accepts the valid number %s', (digits) => {
    expect(luhnValid(digits)).toBe(true);
  });

  it.each([
    '4111111111111112',
    '5531886652142951',
    '4187427415564247',
    '5061460410120223211',
    '378282246310006',
    '6011111111111118',
    '1',
    '',
    '4111 1111 1111 1111',
    '411111111111111a',
    '٤١١١١١١١١١١١١١١١',
  ])('rejects %j', (digits) => {
    expect(luhnValid(digits)).toBe(false);
  });

  it('catches every single-digit change of a valid number', () => {
    for (let i = 0; i < VISA.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = `${VISA.slice(0, i)}${d}${VISA.slice(i + 1)}`;
        if (changed !== VISA) expect(luhnValid(changed), changed).toBe(false);
      }
    }
  });
});

describe('detectNetwork', () => {
  it.each([
    // Verve: three six-digit ranges, checked before Mastercard and Discover.
    ['506099', 'VERVE'],
    ['506150', 'VERVE'],
    ['506198', 'VERVE'],
    ['506098', 'UNKNOWN'],
    ['506199', 'UNKNOWN'],
    ['650002', 'VERVE'],
    ['650027', 'VERVE'],
    ['650001', 'DISCOVER'],
    ['650028', 'DISCOVER'],
    ['507865', 'VERVE'],
    ['507964', 'VERVE'],
    ['507864', 'UNKNOWN'],
    ['507965', 'UNKNOWN'],
    ['5061460410120223210', 'VERVE'],
    // AfriGO (sandbox ranges).
    ['5640', 'AFRIGO'],
    ['5649', 'AFRIGO'],
    ['5639', 'UNKNOWN'],
    ['5650', 'UNKNOWN'],
    // American Express.
    ['34', 'AMERICAN EXPRESS'],
    ['37', 'AMERICAN EXPRESS'],
    ['33', 'UNKNOWN'],
    ['35', 'UNKNOWN'],
    ['36', 'UNKNOWN'],
    ['38', 'UNKNOWN'],
    [AMEX, 'AMERICAN EXPRESS'],
    // Visa.
    ['4', 'VISA'],
    [VISA, 'VISA'],
    ['4187427415564246', 'VISA'],
    // Mastercard: 51–55 and 2221–2720.
    ['51', 'MASTERCARD'],
    ['55', 'MASTERCARD'],
    ['50', 'UNKNOWN'],
    ['56', 'UNKNOWN'],
    ['2221', 'MASTERCARD'],
    ['2720', 'MASTERCARD'],
    ['2220', 'UNKNOWN'],
    ['2721', 'UNKNOWN'],
    ['5531886652142950', 'MASTERCARD'],
    ['5399838383838381', 'MASTERCARD'],
    // Discover: 6011, 644–649, 65, 622126–622925.
    ['6011', 'DISCOVER'],
    ['6010', 'UNKNOWN'],
    ['6012', 'UNKNOWN'],
    ['644', 'DISCOVER'],
    ['649', 'DISCOVER'],
    ['643', 'UNKNOWN'],
    ['65', 'DISCOVER'],
    ['622126', 'DISCOVER'],
    ['622925', 'DISCOVER'],
    ['622125', 'UNKNOWN'],
    ['622926', 'UNKNOWN'],
    ['6011111111111117', 'DISCOVER'],
    // Neither.
    ['1234567890123456', 'UNKNOWN'],
    ['9', 'UNKNOWN'],
    ['', 'UNKNOWN'],
    ['abcd', 'UNKNOWN'],
  ] as const)('sees %s as %s', (number, network: CardNetwork) => {
    expect(detectNetwork(number)).toBe(network);
  });

  it('ignores spaces and dashes', () => {
    expect(detectNetwork('4111 1111 1111 1111')).toBe('VISA');
    expect(detectNetwork('5061-4604-1012-0223-210')).toBe('VERVE');
  });
});

describe('validateCard: valid cards', () => {
  it('keeps only first 6, last 4, the expiry as numbers and the network', () => {
    expect(validateCard(card(), NOW, FIELDS)).toStrictEqual({
      ok: true,
      value: { first6: '411111', last4: '1111', expiryMonth: 9, expiryYear: 2032, network: 'VISA' },
    });
  });

  it.each([
    ['5531886652142950', 'MASTERCARD', '553188', '2950'],
    ['5399838383838381', 'MASTERCARD', '539983', '8381'],
    ['4187427415564246', 'VISA', '418742', '4246'],
    ['5061460410120223210', 'VERVE', '506146', '3210'],
    ['6011111111111117', 'DISCOVER', '601111', '1117'],
    [withLuhn('5640'), 'AFRIGO', '564000', withLuhn('5640').slice(-4)],
    [withLuhn('', 12), 'UNKNOWN', '000000', withLuhn('', 12).slice(-4)],
    [withLuhn('4', 19), 'VISA', '400000', withLuhn('4', 19).slice(-4)],
    ['4111 1111 1111 1111', 'VISA', '411111', '1111'],
    ['4111-1111-1111-1111', 'VISA', '411111', '1111'],
  ])('accepts %s as %s', (number, network, first6, last4) => {
    expect(outcome(card({ number }))).toMatchObject({ first6, last4, network });
  });

  it('accepts an American Express card with a 4-digit CVV', () => {
    expect(outcome(card({ number: AMEX, cvv: '1234' }))).toMatchObject({ network: 'AMERICAN EXPRESS' });
  });

  it('accepts a card without a CVV (card on file, tokenised charges)', () => {
    expect(outcome({ number: VISA, expiryMonth: '09', expiryYear: '32' })).toMatchObject({ network: 'VISA' });
  });
});

describe('validateCard: number', () => {
  it.each([
    ['Luhn failure', '4111111111111112'],
    ['11 digits', withLuhn('4', 11)],
    ['20 digits', withLuhn('4', 20)],
    ['empty', ''],
    ['letters', '4111abcd11111111'],
    ['dots', '4111.1111.1111.1111'],
    ['non-ASCII digits', '٤١١١١١١١١١١١١١١١'],
  ])('rejects a number with %s as INVALID_CARD_NUMBER', (_label, number) => {
    expect(outcome(card({ number }))).toEqual({ type: 'INVALID_CARD_NUMBER', field: FIELDS.number });
  });

  it('accepts the 12- and 19-digit boundaries', () => {
    expect(outcome(card({ number: withLuhn('4', 12) }))).toMatchObject({ network: 'VISA' });
    expect(outcome(card({ number: withLuhn('4', 19) }))).toMatchObject({ network: 'VISA' });
  });
});

describe('validateCard: expiry', () => {
  const expiry = (expiryMonth: string, expiryYear: string, now: Date) =>
    outcome(card({ expiryMonth, expiryYear }), now);
  const valid = (month: number, year: number) => ({ expiryMonth: month, expiryYear: year });
  const failure = (type: ErrorType, field: string) => ({ type, field });

  it.each([
    ['09', '32', NOW, valid(9, 2032)],
    ['9', '2032', NOW, valid(9, 2032)],
    ['12', '2026', NOW, valid(12, 2026)],
    ['03', '26', NOW, valid(3, 2026)],
    // Good through the last moment of its month, UTC.
    ['03', '26', new Date('2026-03-31T23:59:59.999Z'), valid(3, 2026)],
    ['02', '28', new Date('2028-02-29T23:59:59.999Z'), valid(2, 2028)],
    ['12', '26', new Date('2026-12-31T23:59:59.999Z'), valid(12, 2026)],
    // The latest year allowed: this year + 25.
    ['01', '51', NOW, valid(1, 2051)],
    ['01', '2051', NOW, valid(1, 2051)],
    ['12', '2051', NOW, valid(12, 2051)],
  ])('accepts %s/%s at %s', (month, year, now, expected) => {
    expect(expiry(month, year, now)).toMatchObject(expected);
  });

  it.each([
    // Expired: the month after the expiry month has started (UTC, whatever the local time zone).
    ['02', '26', NOW, failure('CARD_EXPIRED', FIELDS.expiryMonth)],
    ['03', '26', new Date('2026-04-01T00:00:00Z'), failure('CARD_EXPIRED', FIELDS.expiryMonth)],
    ['02', '28', new Date('2028-03-01T00:00:00Z'), failure('CARD_EXPIRED', FIELDS.expiryMonth)],
    ['01', '2026', NOW, failure('CARD_EXPIRED', FIELDS.expiryMonth)],
    // December expiry: good all December, expired with the year (a past year names the year field).
    ['12', '26', new Date('2027-01-01T00:00:00Z'), failure('CARD_EXPIRED', FIELDS.expiryYear)],
    ['11', '26', new Date('2026-12-01T00:00:00Z'), failure('CARD_EXPIRED', FIELDS.expiryMonth)],
    // An earlier year is an expired card, not an impossible year.
    ['12', '25', NOW, failure('CARD_EXPIRED', FIELDS.expiryYear)],
    ['12', '2025', NOW, failure('CARD_EXPIRED', FIELDS.expiryYear)],
    // Years no card can have: before 2000, more than 25 years ahead, or not 2 or 4 digits.
    ['01', '1999', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '52', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '2052', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '99', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '3', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '203', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '20300', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', '3a', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    ['01', ' 30', NOW, failure('CARD_EXPIRY_YEAR_OUT_OF_RANGE', FIELDS.expiryYear)],
    // Month outside 1–12 or not 1–2 digits; checked before the year.
    ['00', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['0', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['13', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['99', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['012', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['1a', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['-1', '30', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
    ['13', '99', NOW, failure('CARD_EXPIRY_MONTH_OUT_OF_RANGE', FIELDS.expiryMonth)],
  ])('rejects %s/%s at %s', (month, year, now, expected) => {
    expect(expiry(month, year, now)).toEqual(expected);
  });

  it('says the latest year allowed, counted from the given time', () => {
    const result = validateCard(card({ expiryYear: '2099' }), NOW, FIELDS);
    expect(result.ok ? undefined : result.error.fields[0]?.message).toBe(
      `${FIELDS.expiryYear} must be a year up to ${2026 + MAX_EXPIRY_YEARS_AHEAD}, as 2 (YY) or 4 (YYYY) digits`,
    );
  });

  it('uses the catalogue message and type for each failure', () => {
    const result = validateCard(card({ expiryMonth: '01', expiryYear: '26' }), NOW, FIELDS);
    expect(result.ok ? undefined : result.error).toStrictEqual({
      type: 'CARD_EXPIRED',
      message: 'Card has expired',
      fields: [
        {
          field: FIELDS.expiryMonth,
          message: `${FIELDS.expiryMonth} is in the past: the card expired at the end of 01/2026`,
        },
      ],
    });
  });
});

describe('validateCard: CVV', () => {
  it.each([
    [VISA, '000'],
    [VISA, '999'],
    [AMEX, '0000'],
    ['5061460410120223210', '123'],
  ])('accepts %s with CVV %s', (number, cvv) => {
    expect(validateCard(card({ number, cvv }), NOW, FIELDS).ok).toBe(true);
  });

  it.each([
    [VISA, '12', 'must be 3 digits'],
    [VISA, '1234', 'must be 3 digits'],
    [VISA, '', 'must be 3 digits'],
    [VISA, '12a', 'must be 3 digits'],
    [VISA, ' 123', 'must be 3 digits'],
    [AMEX, '123', 'must be 4 digits for American Express'],
    [AMEX, '12345', 'must be 4 digits for American Express'],
  ])('rejects %s with CVV %j as REQUEST_NOT_VALID', (number, cvv, rule) => {
    expect(validateCard(card({ number, cvv }), NOW, FIELDS)).toStrictEqual({
      ok: false,
      error: {
        type: 'REQUEST_NOT_VALID',
        message: 'Request is not valid',
        fields: [{ field: FIELDS.cvv, message: `${FIELDS.cvv} ${rule}` }],
      },
    });
  });
});

describe('validateCard: no card data in errors', () => {
  // Every kind of failure, with a recognisable PAN and CVV; none of their digits runs may leak.
  const number = '5531886652142950';
  const cvv = '7391';
  const failing: readonly (readonly [ErrorType, CardInput])[] = [
    ['INVALID_CARD_NUMBER', { number: '5531886652142951', expiryMonth: '09', expiryYear: '32', cvv }],
    ['INVALID_CARD_NUMBER', { number: `${number}0`, expiryMonth: '09', expiryYear: '32', cvv: '739' }],
    ['CARD_EXPIRY_MONTH_OUT_OF_RANGE', { number, expiryMonth: '13', expiryYear: '32', cvv }],
    ['CARD_EXPIRY_YEAR_OUT_OF_RANGE', { number, expiryMonth: '09', expiryYear: '99', cvv }],
    ['CARD_EXPIRED', { number, expiryMonth: '01', expiryYear: '26', cvv }],
    ['REQUEST_NOT_VALID', { number, expiryMonth: '09', expiryYear: '32', cvv }],
  ];

  it.each(failing)('%s quotes neither PAN nor CVV', (type, input) => {
    const result = validateCard(input, NOW, FIELDS);
    expect(result.ok ? undefined : result.error.type).toBe(type);
    const text = JSON.stringify(result);
    // No 4-digit run of the PAN (so neither first 6 nor last 4), and not the CVV.
    const pan = input.number;
    for (let i = 0; i + 4 <= pan.length; i++) expect(text).not.toContain(pan.slice(i, i + 4));
    expect(text).not.toContain(input.cvv);
  });
});

describe('maskCard', () => {
  it.each([
    ['411111', '1111', 'VISA', '4111 11•• •••• 1111'],
    ['553188', '2950', 'MASTERCARD', '5531 88•• •••• 2950'],
    ['378282', '0005', 'AMERICAN EXPRESS', '3782 82•••• •0005'],
    ['506146', '3210', 'VERVE', '5061 46•• •••• 3210'],
  ] as const)('shows %s…%s (%s) as %s', (first6, last4, network, masked) => {
    expect(maskCard(first6, last4, network)).toBe(masked);
  });
});
