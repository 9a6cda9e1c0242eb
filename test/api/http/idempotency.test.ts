import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { POSTGRES, POSTGRES_URL, STORES, type TestStore } from '../../support/stores.js';

const body = (email: string) => ({ email, name: { first: 'Ada', last: 'Lovelace' } });

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`X-Idempotency-Key on ${kind.name}`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice');
    });
    afterAll(() => gw.close());
    // Some cases move the clock by a day; keep the token fresh whatever ran before.
    beforeEach(async () => {
      alice = await gw.login(alice.credentials);
    });

    const post = (m: TestMerchant, key: string | undefined, payload: unknown, url = '/customers') =>
      gw.app.inject({
        method: 'POST',
        url,
        headers: { ...m.headers, ...(key === undefined ? {} : { 'x-idempotency-key': key }) },
        payload: payload as object,
      });

    const count = async (m: TestMerchant, email: string) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/customers/search',
        headers: m.headers,
        payload: { email },
      });
      return res.json<{ meta: { page_info: { total: number } } }>().meta.page_info.total;
    };

    it('replays the first reply byte for byte, flagged with X-Idempotency-Cache-Hit, creating nothing', async () => {
      const first = await post(alice, 'key-replay-000001', body('replay@example.com'));
      expect(first.statusCode).toBe(201);
      expect(first.headers['x-idempotency-cache-hit']).toBeUndefined();
      gw.clock.advance(5000);
      const second = await post(alice, 'key-replay-000001', body('replay@example.com'));
      expect(second.statusCode).toBe(201);
      expect(second.headers['x-idempotency-cache-hit']).toBe('true');
      expect(second.body).toBe(first.body);
      expectOperationResponse('POST /customers', 201, second.json());
      expect(await count(alice, 'replay@example.com')).toBe(1);
    });

    it('treats the same fields in another order as the same request', async () => {
      const first = await post(alice, 'key-order-0000001', {
        email: 'order@example.com',
        meta: { a: '1', b: '2' },
      });
      const second = await post(alice, 'key-order-0000001', {
        meta: { b: '2', a: '1' },
        email: 'order@example.com',
      });
      expect(second.headers['x-idempotency-cache-hit']).toBe('true');
      expect(second.body).toBe(first.body);
    });

    it('creates exactly one customer when 20 identical requests race, and answers all of them alike', async () => {
      const replies = await Promise.all(
        Array.from({ length: 20 }, () => post(alice, 'key-race-00000001', body('race@example.com'))),
      );
      expect(new Set(replies.map((r) => r.statusCode))).toEqual(new Set([201]));
      expect(new Set(replies.map((r) => r.body)).size).toBe(1);
      expect(replies.filter((r) => r.headers['x-idempotency-cache-hit'] === undefined)).toHaveLength(1);
      expect(await count(alice, 'race@example.com')).toBe(1);
    });

    it('answers 409 when the key comes back with another body on its route, and changes nothing', async () => {
      await post(alice, 'key-conflict-0001', body('conflict@example.com'));
      const other = await post(alice, 'key-conflict-0001', body('someone-else@example.com'));
      expect(other.statusCode).toBe(409);
      expectOperationResponse('POST /customers', 409, other.json());
      expect(other.json().error).toMatchObject({ type: 'RESOURCE_CONFLICT', code: '10409' });
      expect(other.json().error.message).toContain('different request');
      const route = await post(
        alice,
        'key-conflict-0001',
        { email: 'conflict@example.com' },
        '/customers/search',
      );
      expect(route.statusCode).toBe(200); // search is not a creation: keys are ignored there
      expect(await count(alice, 'someone-else@example.com')).toBe(0);
    });

    it('scopes keys to the merchant: another merchant reusing a key gets its own customer', async () => {
      const bob = await gw.merchant('Bob');
      const a = await post(alice, 'key-shared-000001', body('shared@example.com'));
      const b = await post(bob, 'key-shared-000001', body('shared@example.com'));
      expect(b.statusCode).toBe(201);
      expect(b.headers['x-idempotency-cache-hit']).toBeUndefined();
      expect(b.json().data.id).not.toBe(a.json().data.id);
    });

    it('forgets a key after 24 hours', async () => {
      const first = await post(alice, 'key-expiry-000001', body('expiry@example.com'));
      gw.clock.advance(24 * 3_600_000 - 1000);
      alice = await gw.login(alice.credentials);
      expect(
        (await post(alice, 'key-expiry-000001', body('expiry@example.com'))).headers[
          'x-idempotency-cache-hit'
        ],
      ).toBe('true');
      gw.clock.advance(2000);
      alice = await gw.login(alice.credentials);
      const later = await post(alice, 'key-expiry-000001', body('expiry@example.com'));
      expect(later.statusCode).toBe(201);
      expect(later.headers['x-idempotency-cache-hit']).toBeUndefined();
      expect(later.json().data.id).not.toBe(first.json().data.id);
    });

    it('does not remember a rejected request: the same key then works with a valid body', async () => {
      const bad = await post(alice, 'key-invalid-00001', { email: 'nope' });
      expect(bad.statusCode).toBe(400);
      const good = await post(alice, 'key-invalid-00001', body('valid@example.com'));
      expect(good.statusCode).toBe(201);
      expect(good.headers['x-idempotency-cache-hit']).toBeUndefined();
    });

    it('rejects a key that is too short, too long or not printable ASCII, naming the header', async () => {
      for (const key of ['short', 'x'.repeat(256), 'has spaces in it!']) {
        const res = await post(alice, key, body('badkey@example.com'));
        expect(res.statusCode, key).toBe(400);
        expect(res.json().error.validation_errors).toEqual([
          { field_name: 'X-Idempotency-Key', message: expect.stringContaining('12 to 255') },
        ]);
      }
      expect(await count(alice, 'badkey@example.com')).toBe(0);
    });
  });
}

describe.skipIf(!POSTGRES.available)('X-Idempotency-Key across nodes on PostgreSQL', () => {
  let store: TestStore;
  let schema: string;
  let nodeA: TestGateway;
  let nodeB: TestGateway;

  beforeAll(async () => {
    store = await POSTGRES.open({ lockTimeoutMs: 300 });
    nodeA = await startGateway(POSTGRES, { db: store.db });
    schema = (await store.db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    const reopened = store.reopen;
    if (!reopened) throw new Error('PostgreSQL test store must support reopen');
    nodeB = await startGateway(POSTGRES, { db: await reopened(), keys: nodeA.keys, clock: nodeA.clock });
  });
  afterAll(async () => {
    await nodeA.app.close();
    await nodeB.app.close();
    await store.close();
  });

  it('creates one customer when two nodes race on one key, every reply identical', async () => {
    const alice = await nodeA.merchant('Alice');
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? nodeA : nodeB).app.inject({
          method: 'POST',
          url: '/customers',
          headers: { ...alice.headers, 'x-idempotency-key': 'two-nodes-key-0001' },
          payload: body('two-nodes@example.com'),
        }),
      ),
    );
    expect(new Set(replies.map((r) => r.statusCode))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    const { rows } = await store.db.query(
      `SELECT count(*)::int AS n FROM customers WHERE email = 'two-nodes@example.com'`,
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('answers 409 IDEMPOTENCY_REQUEST_IN_PROGRESS while another request holds the key, then proceeds', async () => {
    const alice = await nodeA.merchant('Holder');
    const key = 'held-key-00000001';
    // Play the first request still running elsewhere: its reply row is inserted but not committed.
    const holder = new pg.Client({ connectionString: POSTGRES_URL });
    await holder.connect();
    await holder.query(`SET search_path = ${schema}`);
    await holder.query('BEGIN');
    await holder.query(
      `INSERT INTO idempotency_keys (merchant_id, scope, key, fingerprint, response_status, response_body, created_at, expires_at)
       VALUES ($1, 'POST /customers', $2, 'elsewhere', 201, '{}', now(), now() + interval '1 day')`,
      [alice.credentials.merchant_id, key],
    );
    const request = () =>
      nodeA.app.inject({
        method: 'POST',
        url: '/customers',
        headers: { ...alice.headers, 'x-idempotency-key': key },
        payload: body('held@example.com'),
      });
    const blocked = await request();
    expect(blocked.statusCode).toBe(409);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.json().error).toMatchObject({ type: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', code: '10409' });
    expectOperationResponse('POST /customers', 409, blocked.json());
    await holder.query('ROLLBACK'); // the first request failed after all…
    await holder.end();
    const after = await request(); // …so this one now does the work
    expect(after.statusCode).toBe(201);
    expect(after.headers['x-idempotency-cache-hit']).toBeUndefined();
  });
});
