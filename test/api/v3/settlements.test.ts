/**
 * v3 settlements through the public API, on both stores: the official field names and messages, the
 * transactions, refunds and chargebacks each settlement took, totals equal to the ledger's, 400s
 * naming the field, 404s for unknown and other merchants' settlements.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { chargeOf, kobo, ledgerSums } from '../../support/settlements.js';
import { STORES } from '../../support/stores.js';
import { v3Headers } from '../../support/v3.js';

interface V3Settlement {
  id: number;
  gross_amount: number;
  app_fee: number;
  refund: number;
  chargeback: number;
  net_amount: number;
  transaction_count: number;
  meta: number[] | string;
  refund_meta: number[];
  chargeback_meta: number[];
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 settlements (${kind.name})`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    const v3 = (m: TestMerchant, method: 'GET' | 'POST', url: string, payload?: object) =>
      gw.app.inject({ method, url, headers: v3Headers(m), ...(payload ? { payload } : {}) });

    it('settles, lists and fetches with the v3 names: transactions, refunds and the chargeback it took', async () => {
      const m = await gw.merchant('V3 Settling Shop');
      const a = await chargeOf(gw, m, 1000);
      const b = await chargeOf(gw, m, 3000);
      const refunded = await v3(m, 'POST', `/v3/transactions/${a.txId}/refund`, { amount: 250 });
      expect(refunded.statusCode, refunded.body).toBe(200);
      const refund = refunded.json<{ data: { id: number } }>().data.id;
      const disputed = await v3(m, 'POST', '/v3/sandbox/chargebacks', { flw_ref: b.flwRef, amount: 500 });
      expect(disputed.statusCode, disputed.body).toBe(200);
      const chargeback = disputed.json<{ data: { id: number } }>().data.id;

      const made = await v3(m, 'POST', '/v3/sandbox/settlements');
      expect(made.statusCode, made.body).toBe(200);
      expect(made.json()).toMatchObject({ status: 'success', message: 'Settlements created' });
      const [created] = made.json<{ data: V3Settlement[] }>().data;

      const list = await v3(m, 'GET', '/v3/settlements');
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({
        status: 'success',
        message: 'Settlements fetched',
        meta: { page_info: { total: 1, current_page: 1, total_pages: 1, page_size: 20 } },
      });
      const [s] = list.json<{ data: V3Settlement[] }>().data;
      expect(s).toEqual(created);
      expect(s).toMatchObject({
        id: expect.any(Number),
        merchant_name: 'V3 Settling Shop',
        status: 'completed',
        currency: 'NGN',
        is_local: true,
        destination: 'autowallet',
        transaction_count: 2,
        meta: [a.txId, b.txId],
        refund_meta: [refund],
        chargeback_meta: [chargeback],
        refund: 250,
        chargeback: 500,
        merchant_fee: 0,
        stampduty_charge: 0,
      });
      const sources = [a.id, b.id];
      const { rows } = await gw.deps.db.query<{ id: string }>(
        `SELECT id FROM refunds WHERE num_id = $1 UNION ALL SELECT id FROM chargebacks WHERE num_id = $2`,
        [refund, chargeback],
      );
      const ledger = await ledgerSums(gw, [...sources, ...rows.map((r) => r.id)]);
      expect(
        [s?.gross_amount, s?.app_fee, s?.refund, s?.chargeback, s?.net_amount].map((x) => kobo(x ?? 0)),
      ).toEqual([ledger.gross, ledger.fee, ledger.refund, ledger.chargeback, ledger.net]);

      const got = await v3(m, 'GET', `/v3/settlements/${s?.id ?? 0}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({
        status: 'success',
        message: 'Settlement fetched',
        data: { id: s?.id, is_local: 1, meta: JSON.stringify([a.txId, b.txId]), net_amount: s?.net_amount },
      });
      const txs = got.json<{ data: { transactions: Record<string, unknown>[] } }>().data.transactions;
      expect(txs).toEqual([
        expect.objectContaining({
          id: a.txId,
          flw_ref: a.flwRef,
          tx_ref: a.reference,
          customer_email: 'ada@example.com',
          charged_amount: 1000,
          status: 'successful',
          payment_entity: 'card',
          currency: 'NGN',
          transaction_date: gw.clock.now().toISOString().slice(0, 10),
        }),
        expect.objectContaining({ id: b.txId, charged_amount: 3000 }),
      ]);
      const settledSum = txs.reduce((t, x) => t + kobo(x['settlement_amount'] as number), 0);
      expect(settledSum).toBe(ledger.gross - ledger.fee);
    });

    it('narrows by from/to days; a subaccount_id has no settlements (no split subaccounts)', async () => {
      const m = await gw.merchant('V3 Filter Shop');
      await chargeOf(gw, m, 400);
      await v3(m, 'POST', '/v3/sandbox/settlements');
      const today = gw.clock.now().toISOString().slice(0, 10);
      const count = async (q: string) =>
        (await v3(m, 'GET', `/v3/settlements?${q}`)).json<{ data: unknown[] }>().data.length;
      expect(await count(`from=${today}&to=${today}`)).toBe(1);
      expect(await count(`to=2020-01-01`)).toBe(0);
      expect(await count(`from=2099-01-01T00:00:00Z`)).toBe(0);
      expect(await count(`subaccount_id=RS_0A6C260E1A70934DE6EF2F8CEE46BBB6`)).toBe(0);
    });

    it('refuses bad query parameters with 400 naming the field', async () => {
      const m = await gw.merchant('V3 Query Shop');
      for (const [url, field] of [
        ['/v3/settlements?page=0', 'page'],
        ['/v3/settlements?page=x', 'page'],
        ['/v3/settlements?from=last-week', 'from'],
        ['/v3/settlements?to=2026-02-31T25:00', 'to'],
        ['/v3/settlements/12?from=soon', 'from'],
      ] as const) {
        const res = await v3(m, 'GET', url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json()).toMatchObject({ status: 'error', data: null });
        expect(res.json().message, url).toContain(field);
      }
    });

    it('answers an unknown id, and another merchant’s settlement, with 404', async () => {
      const alice = await gw.merchant('V3 Alice');
      const bob = await gw.merchant('V3 Bob');
      await chargeOf(gw, alice, 800);
      const [mine] = (await v3(alice, 'POST', '/v3/sandbox/settlements')).json<{ data: V3Settlement[] }>()
        .data;
      for (const [who, id] of [
        [alice, '999999999'],
        [alice, 'stm_abc'],
        [bob, String(mine?.id)],
      ] as const) {
        const res = await v3(who, 'GET', `/v3/settlements/${id}`);
        expect(res.statusCode, id).toBe(404);
        expect(res.json()).toEqual({
          status: 'error',
          message: 'No settlement was found for this id',
          data: null,
        });
      }
      expect((await v3(bob, 'GET', '/v3/settlements')).json().data).toEqual([]);
      expect((await v3(bob, 'POST', '/v3/sandbox/settlements')).json().data).toEqual([]);
    });
  });
}
