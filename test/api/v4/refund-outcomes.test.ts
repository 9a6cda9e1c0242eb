/**
 * Pending v4 refunds (scenario:refund_pending): completed by their timer, or decided by the sandbox
 * controls POST /sandbox/refunds/{id}/approve|decline, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { chargeV4 } from '../../support/webhooks.js';

const PENDING = { 'x-scenario-key': 'scenario:refund_pending' };

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`pending v4 refunds on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Pending Kiosk');
    });
    afterAll(() => gw.close());

    const post = (url: string, payload: object, headers: Record<string, string> = {}, who = m) =>
      gw.app.inject({ method: 'POST', url, headers: { ...who.headers, ...headers }, payload });
    const get = (url: string, who = m) => gw.app.inject({ method: 'GET', url, headers: who.headers });
    const refundEvents = async (chargeId: string) =>
      (await get(`/events?type=refund.completed&charge_id=${chargeId}`)).json().data.length as number;
    const balance = async () =>
      (await get('/wallets/balances/NGN')).json<{ data: { available_balance: number } }>().data
        .available_balance;
    const pendingRefund = async (amount = 1500) => {
      const charge = await chargeV4(gw, m);
      const res = await post(
        '/refunds',
        { amount, charge_id: charge.id, reason: 'requested_by_customer' },
        PENDING,
      );
      expect(res.statusCode).toBe(201);
      expectOperationResponse('POST /refunds', 201, res.json());
      expect(res.json().data.status).toBe('pending');
      return { chargeId: charge.id, refundId: res.json<{ data: { id: string } }>().data.id };
    };

    it('a pending refund holds its amount against the charge, then its timer completes it', async () => {
      const before = await balance();
      const { chargeId, refundId } = await pendingRefund(1000);
      // Pending: the amount is taken (no other refund may have it), the wallet is not debited yet.
      const over = await post('/refunds', { amount: 600, charge_id: chargeId, reason: 'duplicate' });
      expect(over.json().error.message).toBe(
        'Refund amount is more than what can still be refunded: NGN 500.00',
      );
      expect(await balance()).toBe(before + 1500 - 22.58);
      expect(await refundEvents(chargeId)).toBe(0);

      gw.clock.advance(10_000);
      expect(await gw.runJobs()).toBeGreaterThan(0);
      const fetched = await get(`/refunds/${refundId}`);
      expectOperationResponse('GET /refunds/{id}', 200, fetched.json());
      expect(fetched.json().data.status).toBe('succeeded');
      expect(await balance()).toBe(before + 1500 - 22.58 - 1000);
      expect(await refundEvents(chargeId)).toBe(1);
      // The timer ran once: another pass changes nothing.
      gw.clock.advance(60_000);
      await gw.runJobs();
      expect(await refundEvents(chargeId)).toBe(1);
    });

    it('the approve control completes a pending refund now; the timer then leaves it alone', async () => {
      const { chargeId, refundId } = await pendingRefund();
      const res = await post(`/sandbox/refunds/${refundId}/approve`, {});
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'success', message: 'Refund updated' });
      expect(res.json().data.status).toBe('succeeded');
      expect((await get(`/charges/${chargeId}`)).json().data.refunded).toBe(true);
      gw.clock.advance(10_000);
      await gw.runJobs();
      expect(await refundEvents(chargeId)).toBe(1);
      const again = await post(`/sandbox/refunds/${refundId}/decline`, {});
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toBe('This refund is not pending: it is completed');
    });

    it('the decline control fails it: no money moves, and the amount is refundable again', async () => {
      const before = await balance();
      const { chargeId, refundId } = await pendingRefund();
      const res = await gw.app.inject({
        method: 'POST',
        url: `/sandbox/refunds/${refundId}/decline`,
        headers: m.headers,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().data.status).toBe('failed');
      gw.clock.advance(10_000);
      await gw.runJobs();
      expect((await get(`/refunds/${refundId}`)).json().data.status).toBe('failed');
      expect(await refundEvents(chargeId)).toBe(0);
      expect(await balance()).toBe(before + 1500 - 22.58);
      const full = await post('/refunds', { amount: 1500, charge_id: chargeId, reason: 'duplicate' });
      expect(full.statusCode).toBe(201);
      expect(full.json().data.status).toBe('succeeded');
    });

    it("the controls answer 404 for another merchant's refund and for none", async () => {
      const { refundId } = await pendingRefund();
      const nosy = await gw.merchant('Nosy Pending');
      const res = await post(`/sandbox/refunds/${refundId}/approve`, {}, {}, nosy);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.type).toBe('REFUND_NOT_FOUND');
      expect((await post('/sandbox/refunds/rfd_nothing/decline', {})).statusCode).toBe(404);
      expect((await get(`/refunds/${refundId}`)).json().data.status).toBe('pending');
    });
  });
}
