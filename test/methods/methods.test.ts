/** The payment-method registry is data the dialects and docs trust: these tests keep it consistent. */
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/domain/errors.js';
import { CURRENCY_CODES } from '../../src/domain/money.js';
import type { PaymentMethodType } from '../../src/domain/payment-method.js';
import { MOBILE_NETWORKS, MOBILE_NETWORK_COUNTRIES } from '../../src/domain/reference/mobile-networks.js';
import {
  METHODS,
  methodByV3Type,
  methodOfType,
  mobileMoneyMethodOf,
  v4MethodOf,
} from '../../src/methods/index.js';
import { checkMethodCharge, checkMobileMoney } from '../../src/methods/method.js';
import { RAILS } from '../../src/rails/index.js';

describe('the methods registry', () => {
  it('gives every method a unique id, and every v3 type to one method', () => {
    expect(new Set(METHODS.map((m) => m.id)).size).toBe(METHODS.length);
    const v3Types = METHODS.flatMap((m) => (m.v3 ? [m.v3.type] : []));
    expect(new Set(v3Types).size).toBe(v3Types.length);
    for (const type of v3Types) expect(methodByV3Type(type)?.v3?.type).toBe(type);
    expect(methodByV3Type('toString')).toBeUndefined();
  });

  it('carries every payment-method type on a rail, and every rail type has a method', () => {
    const types = new Set(METHODS.map((m) => m.type));
    expect([...types].sort()).toEqual(Object.keys(RAILS).sort());
  });

  it('shows methods of one type alike: the type’s first method speaks for its v4 view and page', () => {
    for (const m of METHODS) {
      const first = methodOfType(m.type);
      expect(first?.v4View, m.id).toBe(m.v4View);
      expect(first?.page?.kind, m.id).toBe(m.page?.kind);
    }
  });

  it('names only real currencies, and minimums in those currencies', () => {
    for (const m of METHODS) {
      expect(m.currencies.length, m.id).toBeGreaterThan(0);
      for (const c of m.currencies) expect(CURRENCY_CODES, m.id).toContain(c);
      for (const [currency, minimum] of Object.entries(m.minimum)) {
        expect(m.currencies, `${m.id} minimum in ${currency}`).toContain(currency);
        expect(Number.isSafeInteger(minimum) && minimum > 0, `${m.id} ${currency}`).toBe(true);
      }
    }
  });

  it('serves each mobile-money dialling code from one method, in that market’s currency', () => {
    const markets = METHODS.flatMap((m) => (m.markets ?? []).map((market) => ({ m, market })));
    const codes = markets.map(({ market }) => market.dialCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { m, market } of markets) {
      expect(mobileMoneyMethodOf(market.dialCode)).toBe(m);
      expect(m.currencies).toContain(market.currency);
      expect(m.countries).toContain(market.country);
    }
  });

  it('takes exactly the networks GET /mobile-networks lists for each country it serves', () => {
    for (const m of METHODS) {
      for (const market of m.markets ?? []) {
        if (!(MOBILE_NETWORK_COUNTRIES as readonly string[]).includes(market.country)) continue;
        const listed = MOBILE_NETWORKS[market.country as (typeof MOBILE_NETWORK_COUNTRIES)[number]];
        expect([...market.networks].sort(), market.country).toEqual(listed.map((n) => n.network).sort());
      }
    }
    const served = new Set(METHODS.flatMap((m) => (m.markets ?? []).map((market) => market.country)));
    for (const country of MOBILE_NETWORK_COUNTRIES) expect(served.has(country), country).toBe(true);
  });

  it('finds the v4 method of each v4 type other than mobile money', () => {
    const v4Types: PaymentMethodType[] = ['card', 'ussd', 'opay', 'applepay', 'googlepay', 'bank_account'];
    for (const type of v4Types) expect(v4MethodOf(type)?.type, type).toBe(type);
    expect(v4MethodOf('enaira')).toBeUndefined();
  });

  it('maps aliases only to networks of the method’s own markets', () => {
    for (const m of METHODS) {
      const networks = new Set((m.markets ?? []).flatMap((market) => market.networks));
      for (const target of Object.values(m.v3?.networkAliases ?? {}))
        expect(networks.has(target), m.id).toBe(true);
    }
  });
});

describe('checks', () => {
  const ghana = mobileMoneyMethodOf('233');
  if (!ghana) throw new Error('no Ghana mobile money');

  it('refuses another currency, saying which are allowed', () => {
    const r = checkMethodCharge(ghana, { amount: 10_000, currency: 'NGN' });
    expect(r).toEqual({
      ok: false,
      error: {
        type: 'CURRENCY_NOT_SUPPORTED',
        message: 'Currency NGN is not supported for Ghana mobile money: use GHS',
        fields: [],
      },
    });
    expect(ERROR_CATALOGUE.CURRENCY_NOT_SUPPORTED.code).toBe('1125400');
  });

  it('refuses an amount under the minimum, giving the minimum', () => {
    const r = checkMethodCharge(ghana, { amount: 99, currency: 'GHS' });
    expect(r.ok || r.error).toMatchObject({
      type: 'AMOUNT_BELOW_MINIMUM',
      message: 'The smallest Ghana mobile money charge is GHS 1.00',
    });
    expect(checkMethodCharge(ghana, { amount: 100, currency: 'GHS' }).ok).toBe(true);
  });

  it('finds the market by dialling code or country, normalises the network and its aliases', () => {
    const r = checkMobileMoney(ghana, { dialCode: '233', network: 'tigo' }, ghana.v3?.networkAliases);
    expect(r).toMatchObject({ ok: true, value: { network: 'AIRTELTIGO', market: { country: 'GH' } } });
    expect(checkMobileMoney(ghana, { country: 'GH', network: 'mtn' })).toMatchObject({
      ok: true,
      value: { network: 'MTN' },
    });
  });

  it('refuses an unknown market or network, listing what there is', () => {
    expect(checkMobileMoney(ghana, { dialCode: '234', network: 'MTN' })).toMatchObject({
      ok: false,
      error: {
        type: 'MOBILE_MONEY_COUNTRY_CODE_NOT_SUPPORTED',
        message: 'Ghana mobile money is available in GH (+233)',
      },
    });
    expect(checkMobileMoney(ghana, { dialCode: '233', network: 'MPESA' })).toMatchObject({
      ok: false,
      error: {
        type: 'MOBILE_MONEY_NETWORK_NOT_SUPPORTED',
        message: 'Network MPESA is not supported for mobile money in GH: use MTN, VODAFONE, AIRTELTIGO',
      },
    });
  });
});
