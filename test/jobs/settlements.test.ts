/**
 * The daily settlement job (`settlement.daily`), on both stores: it runs at 01:00 UTC by the app clock,
 * settles the previous UTC day's collections (not today's), schedules the next run, settles each missed
 * day on its own after a clock jump, and — run twice, or racing itself — never settles a charge twice:
 * the store refuses a second item for one movement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runSettlements,
  scheduleSettlements,
  settleMerchant,
  SETTLEMENT_JOB,
} from '../../src/flows/settlements/settlements.js';
import { isUniqueViolation } from '../../src/store/db.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { call, chargeOf } from '../support/settlements.js';
import { STORES } from '../support/stores.js';

const HOUR = 3_600_000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`settlement job (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind); // the clock starts at 2026-01-15T09:00Z
      m = await gw.merchant('Daily Shop');
    });
    afterAll(() => gw.close());

    /** A fresh token each time: the tests move the clock by hours and days. */
    const as = async () => (m = await gw.login(m.credentials));
    const settlements = async () => {
      const res = await call(gw, await as(), 'GET', '/settlements?size=10');
      return res.json<{ data: { id: string; charge_count: string; transaction_datetime: string }[] }>().data;
    };
    const itemsOf = async () => {
      const { rows } = await gw.deps.db.query<{ kind: string; source_id: string; n: unknown }>(
        `SELECT kind, source_id, count(*) AS n FROM settlement_items WHERE merchant_id = $1 GROUP BY kind, source_id`,
        [m.credentials.merchant_id],
      );
      return rows;
    };
    const nextRuns = async () => {
      const { rows } = await gw.deps.db.query<{ run_at: Date }>(
        'SELECT run_at FROM jobs WHERE kind = $1 ORDER BY run_at',
        [SETTLEMENT_JOB],
      );
      return rows.map((r) => r.run_at.toISOString());
    };

    it('runs at 01:00 UTC for the previous day, leaves today’s charges, and schedules the next run', async () => {
      expect((await scheduleSettlements(gw.deps)).toISOString()).toBe('2026-01-16T01:00:00.000Z');
      await scheduleSettlements(gw.deps); // another node booting: still one job
      expect(await nextRuns()).toEqual(['2026-01-16T01:00:00.000Z']);
      const yesterday = [await chargeOf(gw, m, 1000), await chargeOf(gw, m, 250)];
      gw.clock.advance(15.5 * HOUR); // 2026-01-16T00:30Z
      const today = await chargeOf(gw, await as(), 75);
      await gw.runJobs();
      expect(await settlements()).toEqual([]);
      gw.clock.advance(0.5 * HOUR); // 01:00
      await gw.runJobs();
      const [s] = await settlements();
      expect(s).toMatchObject({ charge_count: '2', transaction_datetime: '2026-01-15T00:00:00.000Z' });
      const got = await call(gw, await as(), 'GET', `/settlements/${s?.id ?? ''}`);
      expect(got.json().data.charges.map((c: { id: string }) => c.id)).toEqual(yesterday.map((c) => c.id));
      expect(await nextRuns()).toEqual(['2026-01-17T01:00:00.000Z']);
      const t = await call(gw, await as(), 'GET', `/charges/${today.id}`);
      expect(t.json().data.settled).toBe(false);
    });

    it('run again, or racing itself, settles nothing twice', async () => {
      const before = await itemsOf();
      await runSettlements(gw.deps);
      await runSettlements(gw.deps);
      expect(await itemsOf()).toEqual(before);
      expect(await settlements()).toHaveLength(1);

      gw.clock.advance(2 * HOUR); // 03:00 on the 16th: settle the 16th so far, twice at once
      await chargeOf(gw, await as(), 40);
      const until = new Date(gw.clock.now().getTime() + 1);
      const raced = await Promise.all([
        settleMerchant(gw.deps, m.credentials.merchant_id, until),
        settleMerchant(gw.deps, m.credentials.merchant_id, until),
        settleMerchant(gw.deps, m.credentials.merchant_id, until),
      ]);
      expect(raced.flat()).toHaveLength(1);
      const items = await itemsOf();
      expect(items.every((i) => Number(i.n) === 1)).toBe(true);
      expect(items).toHaveLength(4);
    });

    it('refuses a second settlement item for one movement (the store’s constraint)', async () => {
      const [one] = await settlements();
      const { rows } = await gw.deps.db.query<{ source_id: string }>(
        `SELECT source_id FROM settlement_items WHERE settlement_id = $1 LIMIT 1`,
        [one?.id],
      );
      const again = gw.deps.db.query(
        `INSERT INTO settlement_items (settlement_id, merchant_id, kind, source_id, charge_id, amount, at)
         VALUES ($1, $2, 'charge', $3, $3, 1, $4)`,
        [one?.id, m.credentials.merchant_id, rows[0]?.source_id, gw.clock.now()],
      );
      await expect(again).rejects.toSatisfy((e: unknown) => isUniqueViolation(e, 'settlement_items_once'));
    });

    it('after a clock jump, settles each missed day on its own', async () => {
      gw.clock.advance(22 * HOUR); // 2026-01-17T01:00Z: the run for the 16th is due
      await chargeOf(gw, await as(), 60); // a charge on the 17th…
      gw.clock.advance(24 * HOUR);
      await chargeOf(gw, await as(), 70); // …and one on the 18th, before any run
      gw.clock.advance(48 * HOUR); // 2026-01-20T01:00Z
      await gw.runJobs();
      const days = (await settlements()).map((s) => [s.transaction_datetime, s.charge_count]);
      // The one run due (the 17th's, three days late) settled the 17th and the 18th apart.
      expect(days).toEqual([
        ['2026-01-18T00:00:00.000Z', '1'],
        ['2026-01-17T00:00:00.000Z', '1'],
        ['2026-01-16T00:00:00.000Z', '2'],
        ['2026-01-15T00:00:00.000Z', '2'],
      ]);
      expect(await nextRuns()).toEqual(['2026-01-21T01:00:00.000Z']);
    });
  });
}
