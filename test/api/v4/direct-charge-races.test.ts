import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, encryptCard } from '../../support/cards.js';
import { startGateway, type TestGateway } from '../../support/gateway.js';
import { POSTGRES, STORES, type TestStore } from '../../support/stores.js';

const counts = async (gw: TestGateway, merchantId: string) => {
  const { rows } = await gw.deps.db.query<{ charges: number; customers: number; methods: number }>(
    `SELECT (SELECT count(*)::int FROM charges WHERE merchant_id = $1) AS charges,
            (SELECT count(*)::int FROM customers WHERE merchant_id = $1) AS customers,
            (SELECT count(*)::int FROM payment_methods WHERE merchant_id = $1) AS methods`,
    [merchantId],
  );
  return rows[0];
};

const body = (key: string) => ({
  amount: 500,
  currency: 'NGN',
  reference: 'race-reference-01',
  customer: { email: 'race@example.com' },
  payment_method: { type: 'card', card: encryptCard(key, { number: CARDS.visa }) },
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(
    `20 identical direct charges with one idempotency key on ${kind.name}`,
    () => {
      let gw: TestGateway;
      beforeAll(async () => {
        gw = await startGateway(kind);
      });
      afterAll(() => gw.close());

      it('create exactly one charge, one customer and one payment method, and answer alike', async () => {
        const m = await gw.merchant('Racer');
        const payload = body(m.credentials.v4.encryption_key);
        const replies = await Promise.all(
          Array.from({ length: 20 }, () =>
            gw.app.inject({
              method: 'POST',
              url: '/orchestration/direct-charges',
              headers: {
                ...m.headers,
                'x-idempotency-key': 'race-direct-key-1',
                'x-scenario-key': 'scenario:auth_pin',
              },
              payload,
            }),
          ),
        );
        expect(new Set(replies.map((r) => r.statusCode))).toEqual(new Set([201]));
        expect(new Set(replies.map((r) => r.body)).size).toBe(1);
        expect(await counts(gw, m.credentials.merchant_id)).toEqual({ charges: 1, customers: 1, methods: 1 });
      });
    },
  );
}

describe.skipIf(!POSTGRES.available)('identical direct charges racing on two nodes (PostgreSQL)', () => {
  let store: TestStore;
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    store = await POSTGRES.open();
    a = await startGateway(POSTGRES, { db: store.db });
    const reopen = store.reopen;
    if (!reopen) throw new Error('PostgreSQL test store must support reopen');
    b = await startGateway(POSTGRES, { db: await reopen(), keys: a.keys, clock: a.clock });
  });
  afterAll(async () => {
    await a.app.close();
    await b.app.close();
    await store.close();
  });

  it('still create one of each', async () => {
    const m = await a.merchant('Two nodes');
    const payload = body(m.credentials.v4.encryption_key);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).app.inject({
          method: 'POST',
          url: '/orchestration/direct-charges',
          headers: { ...m.headers, 'x-idempotency-key': 'race-two-nodes-01' },
          payload,
        }),
      ),
    );
    expect(new Set(replies.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect(await counts(a, m.credentials.merchant_id)).toEqual({ charges: 1, customers: 1, methods: 1 });
  });
});
