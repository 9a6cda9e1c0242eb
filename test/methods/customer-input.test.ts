import { describe, expect, it } from 'vitest';
import { customerDetails, nameOf, parsePhone, splitPhone } from '../../src/methods/customer-input.js';

describe('one phone parser for every dialect and the checkout', () => {
  it('splits a number by any dialling code the methods serve, Malawi (+265) included', () => {
    expect(parsePhone('+265991234567')).toEqual({ countryCode: '265', number: '991234567' });
    expect(parsePhone('2348012345678')).toEqual({ countryCode: '234', number: '8012345678' });
    expect(parsePhone('+447700900123')).toEqual({ countryCode: '44', number: '7700900123' });
  });

  it('reads a local number as the method country’s, and leaves out what it cannot split', () => {
    expect(parsePhone('0241234567', 'GH')).toEqual({ countryCode: '233', number: '241234567' });
    expect(parsePhone('0241234567')).toBeUndefined();
    expect(parsePhone(undefined, 'NG')).toBeUndefined();
    expect(splitPhone('12', '233')).toBeUndefined();
  });
});

describe('one customer-name reader', () => {
  it('reads the first word as the first name and the rest as the last', () => {
    expect(nameOf('  Ada   King Lovelace ')).toEqual({ first: 'Ada', last: 'King Lovelace' });
    expect(nameOf('Ada')).toEqual({ first: 'Ada' });
    expect(nameOf('   ')).toBeUndefined();
    expect(nameOf(undefined)).toBeUndefined();
  });

  it('builds the customer with only what was given', () => {
    expect(customerDetails({ email: 'a@x.io' })).toEqual({ email: 'a@x.io', meta: {} });
    expect(
      customerDetails({ email: 'a@x.io', fullname: 'Ada L', phone: parsePhone('+265991234567') }),
    ).toEqual({
      email: 'a@x.io',
      meta: {},
      name: { first: 'Ada', last: 'L' },
      phone: { countryCode: '265', number: '991234567' },
    });
  });
});
