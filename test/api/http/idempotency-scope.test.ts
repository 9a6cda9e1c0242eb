/**
 * X-Idempotency-Key is scoped to (merchant, method, route template, key). A community v4 SDK's suite,
 * run against the real sandbox, sends one key for a customer, then a payment method, then a charge:
 * each is a creation of its own. On one route template the key still means one request: the same
 * body replays, anything else — another body, or the same route for another path id — is 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { uniqueRef, v3Card, v3Headers } from '../../support/v3.js';

const wallet = {
  type: 'mobile_money',
  mobile_money: { country_code: '233', network: 'MTN', phone_number: '241234567' },
};

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`one X-Idempotency-Key on several routes, on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('SDK Suite');
    });
    afterAll(() => gw.close());

    const post = (url: string, key: string, payload: object, headers: Record<string, string> = m.headers) =>
      gw.app.inject({ method: 'POST', url, headers: { ...headers, 'x-idempotency-key': key }, payload });

    /** The three calls of the SDK's suite, all under `key`. */
    async function customerMethodCharge(key: string) {
      const customer = await post('/customers', key, { email: `${uniqueRef('sdk')}@example.com` });
      const method = await post('/payment-methods', key, { ...wallet, customer_id: customer.json().data.id });
      const chargeBody = {
        amount: 120,
        currency: 'GHS',
        reference: uniqueRef('sdk'),
        customer_id: customer.json().data.id,
        payment_method_id: method.json().data.id,
      };
      const charge = await post('/charges', key, chargeBody);
      return { customer, method, charge, chargeBody };
    }

    it('creates a customer, a payment method and a charge with the same key', async () => {
      const key = `shared-${uniqueRef()}`;
      const { customer, method, charge } = await customerMethodCharge(key);
      for (const [res, prefix] of [
        [customer, 'cus_'],
        [method, 'pmd_'],
        [charge, 'chg_'],
      ] as const) {
        expect(res.statusCode, res.body).toBe(201);
        expect(res.headers['x-idempotency-cache-hit']).toBeUndefined();
        expect(res.json().data.id).toMatch(new RegExp(`^${prefix}`));
      }
      expect(charge.json().data).toMatchObject({ status: 'pending', customer_id: customer.json().data.id });
    });

    it('still replays each route’s own first reply, and refuses another body on it', async () => {
      const key = `replay-${uniqueRef()}`;
      const { charge, chargeBody } = await customerMethodCharge(key);
      const again = await post('/charges', key, chargeBody);
      expect(again.statusCode).toBe(201);
      expect(again.headers['x-idempotency-cache-hit']).toBe('true');
      expect(again.body).toBe(charge.body);
      const other = await post('/charges', key, { ...chargeBody, amount: 121 });
      expect(other.statusCode).toBe(409);
      expect(other.json().error).toMatchObject({ type: 'RESOURCE_CONFLICT', code: '10409' });
    });

    it('creates on each route once when the routes race with one key', async () => {
      const key = `race-${uniqueRef()}`;
      const email = `${uniqueRef('race')}@example.com`;
      const replies = await Promise.all([
        ...Array.from({ length: 5 }, () => post('/customers', key, { email })),
        ...Array.from({ length: 5 }, () => post('/payment-methods', key, wallet)),
      ]);
      expect(replies.map((r) => r.statusCode)).toEqual(Array.from({ length: 10 }, () => 201));
      const firsts = replies.filter((r) => r.headers['x-idempotency-cache-hit'] === undefined);
      expect(firsts.map((r) => r.json().data.id.slice(0, 4)).sort()).toEqual(['cus_', 'pmd_']);
      const search = await gw.app.inject({
        method: 'POST',
        url: '/customers/search',
        headers: m.headers,
        payload: { email },
      });
      expect(search.json().meta.page_info.total).toBe(1);
    });

    it('counts a route template as one route: the key on another path id is a conflict', async () => {
      const v3 = v3Headers(m);
      const paid = async () => {
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v3/charges?type=card',
          headers: v3,
          payload: v3Card('5061460410120223210'),
        });
        expect(res.json().data.status).toBe('successful');
        return res.json().data.id as number;
      };
      const [a, b] = [await paid(), await paid()];
      const key = `refund-${uniqueRef()}`;
      const first = await post(`/v3/transactions/${String(a)}/refund`, key, { amount: 10 }, v3);
      expect(first.statusCode, first.body).toBe(200);
      const replayed = await post(`/v3/transactions/${String(a)}/refund`, key, { amount: 10 }, v3);
      expect(replayed.headers['x-idempotency-cache-hit']).toBe('true');
      expect(replayed.body).toBe(first.body);
      const elsewhere = await post(`/v3/transactions/${String(b)}/refund`, key, { amount: 10 }, v3);
      expect(elsewhere.statusCode).toBe(409);
      expect(elsewhere.json()).toMatchObject({ status: 'error', data: null });
      expect(elsewhere.json().message).toContain('different request');
      const refunds = await gw.app.inject({ method: 'GET', url: '/v3/refunds', headers: v3 });
      expect(refunds.json().data.map((r: { tx_id: number }) => r.tx_id)).toEqual([a]);
    });
  });
}
