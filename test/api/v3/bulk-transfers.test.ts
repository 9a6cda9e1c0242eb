/**
 * v3 bulk transfers on both stores: the items are made by jobs, each with its own outcome and one
 * transfer event; a job run again pays nothing twice; other merchants see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkItem } from '../../../src/flows/payouts/bulk.js';
import { ledgerMismatches } from '../../../src/store/ledger.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 bulk transfers (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Bulk');
      bob = await gw.merchant('Bob Bulk');
    });
    afterAll(() => gw.close());
    const v3 = (m: TestMerchant, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      gw.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    it('queues the items, makes each transfer once by job, and reports per-item outcomes', async () => {
      const res = await v3(alice, 'POST', '/v3/bulk-transfers', {
        title: 'Payroll',
        bulk_data: [
          {
            bank_code: '044',
            account_number: '0690000040',
            amount: 500,
            currency: 'NGN',
            narration: 'a',
            reference: 'bulk-item-a1',
          },
          {
            bank_code: '044',
            account_number: '0690000031',
            amount: 700,
            currency: 'NGN',
            narration: 'b',
            reference: 'bulk-item-b1',
          },
          { bank_code: '044', account_number: '0690000033', amount: 900, currency: 'NGN', narration: 'c' },
        ],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'success',
        message: 'Bulk transfer queued',
        data: { approver: 'N/A' },
      });
      const id = res.json().data.id as number;
      const queued = await v3(alice, 'GET', `/v3/bulk-transfers/${String(id)}`);
      expect(queued.json().data.items.map((i: { status: string }) => i.status)).toEqual([
        'QUEUED',
        'QUEUED',
        'QUEUED',
      ]);
      await gw.runJobs();
      // A job that runs again (its node died after paying) finds its reference used: nothing twice.
      const { rows: jobs } = await gw.deps.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM jobs WHERE kind = 'transfer.bulk_item'",
      );
      expect(jobs[0]?.n).toBe(0);
      const batch = await gw.deps.db.query<{ id: string; items: unknown[] }>(
        'SELECT id, items FROM transfer_batches WHERE num_id = $1',
        [id],
      );
      await bulkItem(gw.deps, {
        merchantId: alice.credentials.merchant_id,
        batchId: batch.rows[0]?.id,
        index: 0,
        item: batch.rows[0]?.items[0],
      });
      const count = await gw.deps.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM transfers WHERE bulk_id = $1',
        [batch.rows[0]?.id],
      );
      expect(count.rows[0]?.n).toBe(3);
      gw.clock.advance(11_000);
      await gw.runJobs();
      const done = await v3(alice, 'GET', `/v3/bulk-transfers/${String(id)}`);
      expect(done.json().data).toMatchObject({ title: 'Payroll', total_items: 3 });
      expect(done.json().data.items.map((i: { status: string }) => i.status)).toEqual([
        'SUCCESSFUL',
        'FAILED',
        'SUCCESSFUL',
      ]);
      const events = await gw.deps.db.query<{ ref: string; n: number }>(
        `SELECT data -> 'transfer' ->> 'reference' AS ref, count(*)::int AS n FROM events
         WHERE data -> 'transfer' ->> 'bulkId' = $1 GROUP BY 1`,
        [batch.rows[0]?.id],
      );
      expect(events.rows.map((r) => r.n)).toEqual([1, 1, 1]);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
      expect((await v3(bob, 'GET', `/v3/bulk-transfers/${String(id)}`)).statusCode).toBe(404);
    });

    it('refuses bad items naming them, and anonymous callers', async () => {
      const bad = await v3(alice, 'POST', '/v3/bulk-transfers', {
        bulk_data: [{ bank_code: '044', account_number: '0690000040', amount: 'x', currency: 'NGN' }],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ status: 'error', data: null });
      expect(bad.json().message).toContain('amount');
      const empty = await v3(alice, 'POST', '/v3/bulk-transfers', { bulk_data: [] });
      expect(empty.statusCode).toBe(400);
      const anon = await gw.app.inject({
        method: 'POST',
        url: '/v3/bulk-transfers',
        payload: { bulk_data: [] },
      });
      expect(anon.statusCode).toBe(401);
    });
  });
}
