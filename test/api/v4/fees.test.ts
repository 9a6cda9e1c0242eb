/** v4 GET /fees: the fees a charge would carry, from the pricing the charges use. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { chargeV4 } from '../../support/webhooks.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Fee Shop');
});
afterAll(() => gw.close());

const fees = (query: string, headers: Record<string, string> = m.headers) =>
  gw.app.inject({ method: 'GET', url: `/fees?${query}`, headers });

describe('GET /fees', () => {
  it('answers the fees a card charge of this amount carries, the same as the charge itself shows', async () => {
    const res = await fees('amount=1500&currency=NGN&payment_method=card');
    expect(res.statusCode).toBe(200);
    expectOperationResponse('GET /fees', 200, res.json());
    const charge = await chargeV4(gw, m); // NGN 1500 by card
    const shown = (
      await gw.app.inject({ method: 'GET', url: `/charges/${charge.id}`, headers: m.headers })
    ).json<{ data: { fees: { type: string; amount: number }[] } }>().data.fees;
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Fees fetched',
      data: { charge_amount: 1500, fee: shown },
    });
    expect(shown).toEqual([
      { type: 'vat', amount: 1.58 },
      { type: 'app', amount: 21 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 0 },
    ]);
  });

  it('applies caps, stamp duty and other methods and currencies; codes in any case', async () => {
    const big = (await fees('amount=200000&currency=ngn&payment_method=card&card6=539983&country=ng')).json();
    expect(big.data.fee).toEqual([
      { type: 'vat', amount: 150 },
      { type: 'app', amount: 2000 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 50 },
    ]);
    const momo = await fees('amount=100&currency=GHS&payment_method=mobile_money&network=MTN');
    expect(momo.statusCode).toBe(200);
    expectOperationResponse('GET /fees', 200, momo.json());
    expect(momo.json().data).toEqual({
      charge_amount: 100,
      fee: [
        { type: 'vat', amount: 0 },
        { type: 'app', amount: 2 },
        { type: 'merchant', amount: 0 },
        { type: 'stamp_duty', amount: 0 },
      ],
    });
  });

  it('refuses what it cannot price with a 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['currency=NGN&payment_method=card', 'amount'],
      ['amount=abc&currency=NGN&payment_method=card', 'amount'],
      ['amount=-5&currency=NGN&payment_method=card', 'amount'],
      ['amount=1.234&currency=NGN&payment_method=card', 'amount'],
      ['amount=10&payment_method=card', 'currency'],
      ['amount=10&currency=XYZ&payment_method=card', 'currency'],
      ['amount=10&currency=NGN', 'payment_method'],
      ['amount=10&currency=NGN&payment_method=barter', 'payment_method'],
      ['amount=10&currency=NGN&payment_method=card&card6=12', 'card6'],
    ];
    for (const [query, field] of cases) {
      const res = await fees(query);
      expect(res.statusCode, query).toBe(400);
      expectOperationResponse('GET /fees', 400, res.json());
      const named = res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name);
      expect(named, query).toContain(field);
    }
  });

  it('needs a merchant token', async () => {
    const res = await fees('amount=10&currency=NGN&payment_method=card', {});
    expect(res.statusCode).toBe(401);
  });
});
