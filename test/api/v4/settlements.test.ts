/**
 * v4 settlements through the public API, on both stores: a day of charges (some refunded, one
 * disputed) settled by the sandbox control reconciles with the ledger to the minor unit, lists its
 * charges page by page, marks them settled, fits the official schemas, and other merchants see none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMismatches } from '../../../src/store/ledger.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { call, chargeOf, disputeOf, kobo, ledgerSums, refundOf } from '../../support/settlements.js';
import { STORES } from '../../support/stores.js';

interface SettlementData {
  id: string;
  net_amount: number;
  gross_amount: number;
  currency: string;
  status: string;
  fees: { type: string; amount: number }[];
  chargeback: number;
  refund: number;
  destination: string;
  charge_count: string;
  charges?: { id: string; charged_amount: number; settlement_amount: number }[];
  transaction_datetime: string;
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 settlements (${kind.name})`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    const settleNow = async (m: TestMerchant) => {
      const res = await call(gw, m, 'POST', '/sandbox/settlements');
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ data: SettlementData[] }>().data;
    };

    it('settles a day of charges net of fees, refunds and the dispute hold: the ledger’s totals to the minor unit', async () => {
      const m = await gw.merchant('Settling Shop');
      const charges = [];
      for (const amount of [1000, 2500.5, 700, 1200]) charges.push(await chargeOf(gw, m, amount));
      const [a, b, c, d] = charges.map((x) => x.id) as [string, string, string, string];
      const refunds = [await refundOf(gw, m, a, 300), await refundOf(gw, m, c, 700)];
      const dispute = await disputeOf(gw, m, b, 400.25);
      const made = await settleNow(m);
      expect(made).toHaveLength(1);
      const s = made[0] as SettlementData;
      expect(s.id).toMatch(/^stm_[A-Za-z0-9]{10}$/);

      const ledger = await ledgerSums(gw, [...charges.map((x) => x.id), ...refunds, dispute]);
      expect(ledger.gross).toBe(kobo(1000 + 2500.5 + 700 + 1200));
      expect(ledger.refund).toBe(kobo(1000));
      expect(ledger.chargeback).toBe(kobo(400.25));
      expect(ledger.fee).toBeGreaterThan(0);
      expect(kobo(s.gross_amount)).toBe(ledger.gross);
      expect(kobo(s.fees[0]?.amount ?? -1)).toBe(ledger.fee);
      expect(kobo(s.refund)).toBe(ledger.refund);
      expect(kobo(s.chargeback)).toBe(ledger.chargeback);
      expect(kobo(s.net_amount)).toBe(ledger.net);
      expect(ledger.net).toBe(ledger.gross - ledger.fee - ledger.refund - ledger.chargeback);
      expect(s).toMatchObject({
        currency: 'NGN',
        status: 'completed',
        destination: 'wallet',
        charge_count: '4',
      });
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);

      const got = await call(gw, m, 'GET', `/settlements/${s.id}`);
      expect(got.statusCode).toBe(200);
      expectOperationResponse('GET /settlements/{id}', 200, got.json());
      expect(got.json()).toMatchObject({
        status: 'success',
        message: 'Settlement fetched',
        meta: { page_info: { total: 4, current_page: 1, total_pages: 1 } },
      });
      const listed = got.json<{ data: SettlementData }>().data.charges ?? [];
      expect(listed.map((x) => x.id)).toEqual([a, b, c, d]);
      expect(listed.reduce((t, x) => t + kobo(x.charged_amount), 0)).toBe(ledger.gross);
      expect(listed.reduce((t, x) => t + kobo(x.settlement_amount), 0)).toBe(ledger.gross - ledger.fee);

      const page = await call(gw, m, 'GET', '/settlements');
      expect(page.statusCode).toBe(200);
      expectOperationResponse('GET /settlements', 200, page.json());
      expect(page.json()).toMatchObject({
        message: 'Settlements fetched',
        meta: { page_info: { total: 1, current_page: 1, total_pages: 1 } },
      });
      expect(page.json().data.map((x: SettlementData) => x.id)).toEqual([s.id]);

      for (const id of [a, b, c, d]) {
        const ch = await call(gw, m, 'GET', `/charges/${id}`);
        expectOperationResponse('GET /charges/{id}', 200, ch.json());
        expect(ch.json().data).toMatchObject({ settled: true, settlement_id: [s.id] });
      }
      // Nothing is left to settle: a second run makes nothing and settles nothing twice.
      expect(await settleNow(m)).toEqual([]);
    });

    it('pages a settlement’s charges with page and size; a later charge waits for the next settlement', async () => {
      const m = await gw.merchant('Busy Shop');
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await chargeOf(gw, m, 100 + i)).id);
      const [s] = await settleNow(m);
      const second = await call(gw, m, 'GET', `/settlements/${s?.id ?? ''}?page=2&size=10`);
      expect(second.statusCode).toBe(200);
      expectOperationResponse('GET /settlements/{id}', 200, second.json());
      expect(second.json().meta.page_info).toEqual({ total: 12, current_page: 2, total_pages: 2 });
      expect(second.json().data.charges.map((x: { id: string }) => x.id)).toEqual(ids.slice(10));

      const later = await chargeOf(gw, m, 50);
      const before = await call(gw, m, 'GET', `/charges/${later.id}`);
      expect(before.json().data).toMatchObject({ settled: false, settlement_id: [] });
      gw.clock.advance(60_000);
      const [next] = await settleNow(m);
      expect(next).toMatchObject({ charge_count: '1', gross_amount: 50 });
      const list = await call(gw, m, 'GET', '/settlements?page=1&size=10');
      expect(list.json().data.map((x: SettlementData) => x.id)).toEqual([next?.id, s?.id]);
    });

    it('answers a refund-only day with no settlement: the refund is deducted from the next one', async () => {
      let m = await gw.merchant('Refund Later Shop');
      const first = await chargeOf(gw, m, 900);
      expect(await settleNow(m)).toHaveLength(1);
      gw.clock.advance(86_400_000);
      m = await gw.login(m.credentials); // the access token has expired meanwhile
      const refund = await refundOf(gw, m, first.id, 200);
      expect(await settleNow(m)).toEqual([]);
      gw.clock.advance(86_400_000);
      m = await gw.login(m.credentials);
      const second = await chargeOf(gw, m, 500);
      const [s] = await settleNow(m);
      const ledger = await ledgerSums(gw, [second.id, refund]);
      expect(s).toMatchObject({ refund: 200, charge_count: '1', gross_amount: 500 });
      expect(kobo(s?.net_amount ?? 0)).toBe(ledger.net);
    });

    it('nets a dispute won the same day to nothing withheld: the hold and its release cancel out', async () => {
      const m = await gw.merchant('Dispute Won Shop');
      const c = await chargeOf(gw, m, 2000);
      const dispute = await disputeOf(gw, m, c.id, 750);
      const declined = await call(gw, m, 'PUT', `/chargebacks/${dispute}`, {
        status: 'declined',
        comment: 'Delivered, signed for',
      });
      expect(declined.statusCode, declined.body).toBe(200);
      const won = await call(gw, m, 'POST', `/sandbox/chargebacks/${dispute}/resolve`, { outcome: 'won' });
      expect(won.statusCode, won.body).toBe(200);
      const [s] = await settleNow(m);
      const ledger = await ledgerSums(gw, [c.id, dispute]);
      expect(ledger.chargeback).toBe(0);
      expect(s).toMatchObject({ chargeback: 0, refund: 0, gross_amount: 2000 });
      expect(kobo(s?.net_amount ?? 0)).toBe(ledger.net);
      const { rows } = await gw.deps.db.query<{ kind: string; charge_id: string }>(
        'SELECT kind, charge_id FROM settlement_items WHERE settlement_id = $1 ORDER BY seq',
        [s?.id],
      );
      expect(rows).toEqual([
        { kind: 'charge', charge_id: c.id },
        { kind: 'dispute_hold', charge_id: c.id },
        { kind: 'dispute_release', charge_id: c.id },
      ]);
    });

    it('refuses bad query parameters with 400 naming the field', async () => {
      const m = await gw.merchant('Query Shop');
      for (const [url, field] of [
        ['/settlements?size=5', 'size'],
        ['/settlements?size=51', 'size'],
        ['/settlements?page=0', 'page'],
        ['/settlements?page=abc', 'page'],
        ['/settlements?from=yesterday', 'from'],
        ['/settlements?to=2026-13-45', 'to'],
        ['/settlements/stm_x?size=2', 'size'],
      ] as const) {
        const res = await call(gw, m, 'GET', url);
        expect(res.statusCode, url).toBe(400);
        expectOperationResponse(
          url.startsWith('/settlements/') ? 'GET /settlements/{id}' : 'GET /settlements',
          400,
          res.json(),
        );
        expect(res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name)).toContain(
          field,
        );
      }
    });

    it('answers an unknown id, and another merchant’s settlement, with 404 SETTLEMENT_NOT_FOUND', async () => {
      const alice = await gw.merchant('Alice Settles');
      const bob = await gw.merchant('Bob Settles');
      await chargeOf(gw, alice, 1000);
      await chargeOf(gw, bob, 300);
      const [mine] = await settleNow(alice);
      for (const [who, id] of [
        [alice, 'stm_doesnotexist'],
        [bob, mine?.id ?? ''],
      ] as const) {
        const res = await call(gw, who, 'GET', `/settlements/${id}`);
        expect(res.statusCode).toBe(404);
        expectOperationResponse('GET /settlements/{id}', 404, res.json());
        expect(res.json().error).toMatchObject({ type: 'SETTLEMENT_NOT_FOUND', code: '1500404' });
      }
      const bobs = await call(gw, bob, 'GET', '/settlements');
      expect(bobs.json().data).toEqual([]);
      // Bob's control settles Bob's collections only.
      const [his] = await settleNow(bob);
      expect(his).toMatchObject({ gross_amount: 300, charge_count: '1' });
      expect(
        (await call(gw, alice, 'GET', '/settlements')).json().data.map((x: SettlementData) => x.id),
      ).toEqual([mine?.id]);
    });
  });
}
