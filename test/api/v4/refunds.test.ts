/** v4 refunds through the public API: POST /refunds, GET /refunds, GET /refunds/{id}, on both stores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { chargeV4 } from '../../support/webhooks.js';

type RefundData = {
  id: string;
  amount_refunded: number;
  meta: Record<string, string>;
  reason: string;
  status: string;
  charge_id: string;
  created_datetime: string;
};

let seq = 0;
const key = () => `refund-key-${Date.now().toString(36)}-${(seq++).toString(36)}`;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 refunds on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Refund Kiosk');
    });
    afterAll(() => gw.close());

    const refund = (payload: object, headers: Record<string, string> = {}, who: TestMerchant = m) =>
      gw.app.inject({ method: 'POST', url: '/refunds', headers: { ...who.headers, ...headers }, payload });
    const get = (url: string, who: TestMerchant = m) =>
      gw.app.inject({ method: 'GET', url, headers: who.headers });
    const charged = async () => (await chargeV4(gw, m)).id; // NGN 1500, succeeded

    it('refunds a charge in full: 201 "Refund Initiated", succeeded, the charge marked refunded', async () => {
      const chargeId = await charged();
      const body = { amount: 1500, charge_id: chargeId, reason: 'duplicate', meta: { ticket: 'T-1' } };
      expectValidRequest('POST /refunds', body);
      const res = await refund(body);
      expect(res.statusCode).toBe(201);
      expectOperationResponse('POST /refunds', 201, res.json());
      expect(res.json()).toEqual({
        status: 'success',
        message: 'Refund Initiated',
        data: {
          id: expect.stringMatching(/^rfd_/),
          amount_refunded: 1500,
          meta: { ticket: 'T-1' },
          reason: 'duplicate',
          status: 'succeeded',
          charge_id: chargeId,
          created_datetime: gw.clock.now().toISOString(),
        },
      });
      const data = res.json<{ data: RefundData }>().data;
      const fetched = await get(`/refunds/${data.id}`);
      expect(fetched.statusCode).toBe(200);
      expectOperationResponse('GET /refunds/{id}', 200, fetched.json());
      expect(fetched.json()).toEqual({ status: 'success', message: 'Refund fetched', data });
      const charge = (await get(`/charges/${chargeId}`)).json<{ data: { refunded: boolean } }>().data;
      expect(charge.refunded).toBe(true);
      const again = await refund({ amount: 1, charge_id: chargeId, reason: 'duplicate' });
      expect(again.statusCode).toBe(400);
      expectOperationResponse('POST /refunds', 400, again.json());
      expect(again.json().error.type).toBe('REFUND_ALREADY_COMPLETED');
    });

    it('partial refunds add up to the amount and never more; the over-refund names what is left', async () => {
      const chargeId = await charged();
      const first = await refund({ amount: 1000.5, charge_id: chargeId, reason: 'requested_by_customer' });
      expect(first.statusCode).toBe(201);
      expect(first.json().data.amount_refunded).toBe(1000.5);
      expect((await get(`/charges/${chargeId}`)).json().data.refunded).toBe(false);
      const over = await refund({ amount: 500, charge_id: chargeId, reason: 'requested_by_customer' });
      expect(over.statusCode).toBe(400);
      expectOperationResponse('POST /refunds', 400, over.json());
      expect(over.json().error).toMatchObject({
        type: 'REFUND_AMOUNT_INVALID',
        code: '1402400',
        message: 'Refund amount is more than what can still be refunded: NGN 499.50',
      });
      const rest = await refund({ amount: 499.5, charge_id: chargeId, reason: 'requested_by_customer' });
      expect(rest.statusCode).toBe(201);
      expect((await get(`/charges/${chargeId}`)).json().data.refunded).toBe(true);
    });

    it('refuses a failed charge, an unknown one and ill-formed bodies, naming the field', async () => {
      const failed = await chargeV4(gw, m, 'insufficient_funds');
      const notOk = await refund({ amount: 10, charge_id: failed.id, reason: 'fraudulent' });
      expect(notOk.statusCode).toBe(400);
      expect(notOk.json().error.type).toBe('REFUND_CREATION_FAILED');
      const unknown = await refund({ amount: 10, charge_id: 'chg_nothing', reason: 'fraudulent' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.type).toBe('CHARGE_NOT_FOUND');

      const chargeId = await charged();
      const cases: [object, string][] = [
        [{ amount: 10, charge_id: chargeId }, 'reason'],
        [{ amount: 10, charge_id: chargeId, reason: 'bored' }, 'reason'],
        [{ charge_id: chargeId, reason: 'duplicate' }, 'amount'],
        [{ amount: 0, charge_id: chargeId, reason: 'duplicate' }, 'amount'],
        [{ amount: 1.234, charge_id: chargeId, reason: 'duplicate' }, 'amount'],
        [{ amount: 10, reason: 'duplicate' }, 'charge_id'],
        [{ amount: 10, charge_id: chargeId, reason: 'duplicate', meta: { n: 1 } }, 'meta.n'],
      ];
      for (const [payload, field] of cases) {
        const res = await refund(payload);
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expectOperationResponse('POST /refunds', 400, res.json());
        const fields = res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name);
        expect(fields, JSON.stringify(payload)).toContain(field);
      }
      expect((await get(`/charges/${chargeId}`)).json().data.refunded).toBe(false);
    });

    it('is idempotent under X-Idempotency-Key: a replay answers the same refund and refunds once', async () => {
      const chargeId = await charged();
      const headers = { 'x-idempotency-key': key() };
      const payload = { amount: 100, charge_id: chargeId, reason: 'duplicate' };
      const a = await refund(payload, headers);
      const b = await refund(payload, headers);
      expect(a.statusCode).toBe(201);
      expect(b.statusCode).toBe(201);
      expect(b.headers['x-idempotency-cache-hit']).toBe('true');
      expect(b.json()).toEqual(a.json());
      const reused = await refund({ ...payload, amount: 200 }, headers);
      expect(reused.statusCode).toBe(409);
      const { rows } = await gw.deps.db.query<{ n: unknown }>(
        'SELECT count(*) AS n FROM refunds WHERE charge_id = $1',
        [chargeId],
      );
      expect(Number(rows[0]?.n)).toBe(1);
    });

    it('writes a refund.completed event for a succeeded refund', async () => {
      const chargeId = await charged();
      const res = await refund({ amount: 20, charge_id: chargeId, reason: 'duplicate' });
      expect(res.statusCode).toBe(201);
      const events = await get(`/events?type=refund.completed&charge_id=${chargeId}`);
      expect(events.json().data).toHaveLength(1);
    });

    it('scenario:refund_failed answers a failed refund that moves no money and writes no event', async () => {
      const chargeId = await charged();
      const res = await refund(
        { amount: 1500, charge_id: chargeId, reason: 'duplicate' },
        { 'x-scenario-key': 'scenario:refund_failed' },
      );
      expect(res.statusCode).toBe(201);
      expectOperationResponse('POST /refunds', 201, res.json());
      expect(res.json().data).toMatchObject({ status: 'failed', amount_refunded: 1500 });
      const fetched = await get(`/refunds/${res.json().data.id}`);
      expect(fetched.json().data.status).toBe('failed');
      expect((await get(`/charges/${chargeId}`)).json().data.refunded).toBe(false);
      const events = await get(`/events?type=refund.completed&charge_id=${chargeId}`);
      expect(events.json().data).toHaveLength(0);
      // The whole amount is still refundable.
      const real = await refund({ amount: 1500, charge_id: chargeId, reason: 'duplicate' });
      expect(real.statusCode).toBe(201);
      expect(real.json().data.status).toBe('succeeded');
    });

    it('lists refunds most recent first, at most 10 a page, filtered by from/to', async () => {
      const other = await gw.merchant('List Kiosk');
      const charge = await chargeV4(gw, other);
      const made: string[] = [];
      for (let i = 0; i < 12; i++) {
        gw.clock.advance(1000);
        const res = await refund({ amount: 1, charge_id: charge.id, reason: 'duplicate' }, {}, other);
        made.push(res.json().data.id);
      }
      const page = await get('/refunds?size=50', other);
      expect(page.statusCode).toBe(200);
      expectOperationResponse('GET /refunds', 200, page.json());
      expect(page.json().meta.page_info).toEqual({ total: 12, current_page: 1, total_pages: 2 });
      expect(page.json().data.map((r: RefundData) => r.id)).toEqual(made.slice(2).reverse());
      const second = await get('/refunds?page=2', other);
      expect(second.json().data.map((r: RefundData) => r.id)).toEqual(made.slice(0, 2).reverse());
      const last = (await get(`/refunds/${made[11]}`, other)).json().data.created_datetime;
      const since = await get(`/refunds?from=${encodeURIComponent(last)}`, other);
      expect(since.json().data.map((r: RefundData) => r.id)).toEqual([made[11]]);
      const until = await get(`/refunds?to=${encodeURIComponent(last)}`, other);
      expect(until.json().meta.page_info.total).toBe(12);
      const bad = await get('/refunds?from=yesterday', other);
      expect(bad.statusCode).toBe(400);
      expectOperationResponse('GET /refunds', 400, bad.json());
      expect(bad.json().error.validation_errors[0].field_name).toBe('from');
      const small = await get('/refunds?size=5', other);
      expect(small.statusCode).toBe(400);
    });

    it("another merchant can neither refund, list nor fetch this merchant's refunds", async () => {
      const chargeId = await charged();
      const mine = (await refund({ amount: 5, charge_id: chargeId, reason: 'duplicate' })).json().data;
      const nosy = await gw.merchant('Nosy Kiosk');
      const refused = await refund({ amount: 5, charge_id: chargeId, reason: 'duplicate' }, {}, nosy);
      expect(refused.statusCode).toBe(404);
      expect((await get('/refunds', nosy)).json().meta.page_info.total).toBe(0);
      const fetched = await get(`/refunds/${mine.id}`, nosy);
      expect(fetched.statusCode).toBe(404);
      expect(fetched.json().error.type).toBe('REFUND_NOT_FOUND');
      expect((await get(`/refunds/rfd_nothing`)).statusCode).toBe(404);
      const anonymous = await gw.app.inject({ method: 'GET', url: '/refunds' });
      expect(anonymous.statusCode).toBe(401);
    });
  });
}
