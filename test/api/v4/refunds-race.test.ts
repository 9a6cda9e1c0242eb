/**
 * v4 refunds racing across two nodes on one PostgreSQL (PGlite is one process): whatever the
 * interleaving, a charge is never refunded more than was paid, and every refund counted is a row with
 * its ledger debit and its event. Skipped visibly without TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { POSTGRES, type TestStore } from '../../support/stores.js';
import { chargeV4 } from '../../support/webhooks.js';

if (!POSTGRES.available) {
  console.warn(
    '\n  ⚠  test/api/v4/refunds-race.test.ts: TEST_DATABASE_URL is not set (or empty) — the two-node ' +
      'refund race is SKIPPED.\n',
  );
}

describe.skipIf(!POSTGRES.available)('v4 refunds racing on two nodes of one PostgreSQL', () => {
  let store: TestStore;
  let a: TestGateway;
  let b: TestGateway;
  let onA: TestMerchant;
  let onB: TestMerchant;

  beforeAll(async () => {
    store = await POSTGRES.open();
    const reopen = store.reopen;
    if (!reopen) throw new Error('PostgreSQL test store must support reopen');
    a = await startGateway(POSTGRES, { db: store.db });
    b = await startGateway(POSTGRES, { db: await reopen(), keys: a.keys, clock: a.clock });
    onA = await a.merchant('Race Kiosk');
    onB = await b.login(onA.credentials);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await store.close();
  });

  const refund = (gw: TestGateway, who: TestMerchant, chargeId: string, amount: number) =>
    gw.app.inject({
      method: 'POST',
      url: '/refunds',
      headers: who.headers,
      payload: { amount, charge_id: chargeId, reason: 'duplicate' },
    });

  const totals = async (chargeId: string) => {
    const { rows } = await store.db.query<Record<string, unknown>>(
      `SELECT c.amount, c.amount_refunded AS refunded,
         (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.charge_id = c.id) AS rows,
         (SELECT coalesce(sum(l.amount), 0) FROM ledger_entries l JOIN refunds r ON l.source_id = r.id
            WHERE r.charge_id = c.id AND l.kind = 'refund' AND l.account = 'refunds') AS ledger,
         (SELECT count(*) FROM events e WHERE e.charge_id = c.id AND e.type = 'refund.completed') AS events
       FROM charges c WHERE c.id = $1`,
      [chargeId],
    );
    const row = rows[0] ?? {};
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  };

  it('30 partial refunds split across both nodes never take more than the amount', async () => {
    const charge = await chargeV4(a, onA); // NGN 1500
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 2 === 0 ? refund(a, onA, charge.id, 70) : refund(b, onB, charge.id, 70),
      ),
    );
    const won = replies.filter((r) => r.statusCode === 201);
    expect(won).toHaveLength(21); // 21 × 70 = 1470 ≤ 1500 < 22 × 70
    for (const r of replies.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(400);
      expect(r.json().error.type).toBe('REFUND_AMOUNT_INVALID');
    }
    expect(await totals(charge.id)).toEqual({
      amount: 150_000,
      refunded: 147_000,
      rows: 147_000,
      ledger: 147_000,
      events: 21,
    });
  });

  it('full refunds from both nodes at once: exactly one wins', async () => {
    const charge = await chargeV4(a, onA);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? refund(a, onA, charge.id, 1500) : refund(b, onB, charge.id, 1500),
      ),
    );
    expect(replies.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of replies.filter((x) => x.statusCode !== 201)) {
      expect(['REFUND_ALREADY_COMPLETED', 'REFUND_AMOUNT_INVALID']).toContain(r.json().error.type);
    }
    expect(await totals(charge.id)).toMatchObject({ refunded: 150_000, rows: 150_000, events: 1 });
  });
});
