/** v4 transfer senders and bank branches, on both stores; other merchants' senders stay invisible. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANKS } from '../../../src/domain/reference/banks.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

const SENDER = {
  name: { first: 'Ada', last: 'Obi' },
  email: 'ada@example.com',
  phone: { country_code: '234', number: '8012345678' },
  address: { line1: '1 Marina', city: 'Lagos', state: 'Lagos', country: 'NG', postal_code: '100001' },
};

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 senders and branches (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice');
      bob = await gw.merchant('Bob');
    });
    afterAll(() => gw.close());
    const call = (m: TestMerchant, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
      gw.app.inject({
        method,
        url,
        headers: m.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    it('saves, lists, fetches and deletes senders, for their merchant only', async () => {
      const res = await call(alice, 'POST', '/transfers/senders', SENDER);
      expect(res.statusCode, res.body).toBe(201);
      expectOperationResponse('POST /transfers/senders', 201, res.json());
      const id = res.json().data.id as string;
      expect(id).toMatch(/^sdr_/);
      const got = await call(alice, 'GET', `/transfers/senders/${id}`);
      expectOperationResponse('GET /transfers/senders/{id}', 200, got.json());
      expectOperationResponse(
        'GET /transfers/senders',
        200,
        (await call(alice, 'GET', '/transfers/senders')).json(),
      );
      expect((await call(bob, 'GET', `/transfers/senders/${id}`)).statusCode).toBe(404);
      expect((await call(bob, 'DELETE', `/transfers/senders/${id}`)).statusCode).toBe(404);
      expect((await call(alice, 'DELETE', `/transfers/senders/${id}`)).statusCode).toBe(200);
      expect((await call(alice, 'GET', `/transfers/senders/${id}`)).statusCode).toBe(404);
      const bad = await call(alice, 'POST', '/transfers/senders', { ...SENDER, email: 'nope' });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('email');
    });

    it('lists a bank’s branches; an unknown bank is 404; anonymous callers 401', async () => {
      const bank = BANKS.NG[0];
      const res = await call(alice, 'GET', `/banks/${bank?.id ?? ''}/branches`);
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toHaveLength(2);
      expect(res.json().data[0]).toMatchObject({
        id: expect.stringMatching(/^brh_/),
        code: expect.any(String),
      });
      expect((await call(alice, 'GET', '/banks/bnk_nope/branches')).statusCode).toBe(404);
      expect((await gw.app.inject({ method: 'GET', url: '/transfers/senders' })).statusCode).toBe(401);
    });
  });
}
