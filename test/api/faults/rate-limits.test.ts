/**
 * Rate limits (docs/sandbox.md "Rate limits"): a token bucket per merchant and route group, 429 with
 * Retry-After in the dialect's envelope, refilled on the gateway's clock (no sleeping), and shared by
 * nodes on one PostgreSQL database within the documented tolerance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimits } from '../../../src/domain/rate-limits.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { POSTGRES, STORES, type TestStore } from '../../support/stores.js';
import { expectEnvelope, read, write } from './support.js';

const LIMITS: RateLimits = {
  charges: { perSecond: 1, burst: 3 },
  transfers: { perSecond: 1, burst: 1 },
  reads: { perSecond: 0.25, burst: 2 },
  other: { perSecond: 0, burst: 0 },
};

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`rate limits (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind, { rateLimits: LIMITS });
      m = await gw.merchant('Busy Stores');
    });
    afterAll(() => gw.close());

    it('a burst beyond the bucket gets 429 with Retry-After in each dialect, and the bucket refills on the clock', async () => {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await write(gw, m, i % 2 === 0 ? 'v4' : 'v3')).statusCode);
      expect(codes.every((c) => c < 300)).toBe(true);
      // Both dialects draw on the merchant's one "charges" bucket.
      const v4 = await write(gw, m, 'v4');
      expect(v4.statusCode).toBe(429);
      expect(v4.headers['retry-after']).toBe('1');
      expectEnvelope('v4', v4.json(), 'TOO_MANY_REQUESTS', '10429');
      const v3 = await write(gw, m, 'v3');
      expect(v3.statusCode).toBe(429);
      expect(v3.headers['retry-after']).toBe('1');
      expectEnvelope('v3', v3.json(), 'TOO_MANY_REQUESTS', '10429');
      // Reads are a bucket of their own.
      expect((await read(gw, m, 'v4')).statusCode).toBe(200);
      gw.clock.advance(1_000);
      expect((await write(gw, m, 'v4')).statusCode).toBe(201);
      expect((await write(gw, m, 'v4')).statusCode).toBe(429);
    });

    it('Retry-After says when the next token comes: 4 s at a quarter of a request a second', async () => {
      const who = await gw.merchant('Slow Reader');
      expect((await read(gw, who, 'v3')).statusCode).toBe(200);
      expect((await read(gw, who, 'v3')).statusCode).toBe(200);
      const limited = await read(gw, who, 'v3');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('4');
      gw.clock.advance(3_000);
      expect((await read(gw, who, 'v3')).headers['retry-after']).toBe('1');
      gw.clock.advance(1_000);
      expect((await read(gw, who, 'v3')).statusCode).toBe(200);
    });

    it('each merchant has its own buckets; a group at 0 is not limited; anonymous requests are not counted', async () => {
      const a = await gw.merchant('A');
      const b = await gw.merchant('B');
      for (let i = 0; i < 3; i++) await write(gw, a, 'v4');
      expect((await write(gw, a, 'v4')).statusCode).toBe(429);
      expect((await write(gw, b, 'v4')).statusCode).toBe(201);
      // "other" (PUT /sandbox/faults) has no limit here.
      for (let i = 0; i < 10; i++) {
        const res = await gw.app.inject({
          method: 'PUT',
          url: '/sandbox/faults',
          headers: a.headers,
          payload: { seed: i, rates: {} },
        });
        expect(res.statusCode).toBe(200);
      }
      for (let i = 0; i < 5; i++) {
        const res = await gw.app.inject({
          method: 'GET',
          url: '/customers',
          headers: { authorization: 'Bearer x' },
        });
        expect(res.statusCode).toBe(401);
      }
      expect((await read(gw, b, 'v4')).statusCode).toBe(200);
    });

    it('a sync writes the buckets to the store and keeps what they hold', async () => {
      const who = await gw.merchant('Synced');
      await write(gw, who, 'v4');
      await gw.rateLimiter.sync();
      const { rows } = await gw.deps.db.query<{ tokens: number }>(
        "SELECT tokens FROM rate_limit_buckets WHERE merchant_id = $1 AND route_group = 'charges'",
        [who.credentials.merchant_id],
      );
      expect(rows.map((r) => r.tokens)).toEqual([2]);
      await write(gw, who, 'v4');
      await write(gw, who, 'v4');
      await gw.rateLimiter.sync();
      expect((await write(gw, who, 'v4')).statusCode).toBe(429);
    });
  });
}

describe.skipIf(!POSTGRES.available)('rate limits across two nodes on one database (PostgreSQL)', () => {
  let store: TestStore;
  let a: TestGateway;
  let b: TestGateway;
  const limits: RateLimits = { ...LIMITS, charges: { perSecond: 10, burst: 10 } };
  beforeAll(async () => {
    store = await POSTGRES.open();
    a = await startGateway(POSTGRES, { db: store.db, rateLimits: limits });
    const other = await store.reopen?.();
    if (!other) throw new Error('no second node');
    b = await startGateway(POSTGRES, { db: other, keys: a.keys, clock: a.clock, rateLimits: limits });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await store.close();
  });
  const syncBoth = async () => {
    await a.rateLimiter.sync();
    await b.rateLimiter.sync();
  };

  it('what one node spent, the other knows after a sync', async () => {
    const m = await a.merchant('Two Nodes');
    for (let i = 0; i < 10; i++) expect((await write(a, m, 'v4')).statusCode).toBe(201);
    expect((await write(a, m, 'v4')).statusCode).toBe(429);
    await syncBoth();
    const res = await write(b, m, 'v3');
    expect(res.statusCode).toBe(429);
    expectEnvelope('v3', res.json(), 'TOO_MANY_REQUESTS', '10429');
  });

  it('429s come at the configured rate across both nodes, within the documented tolerance', async () => {
    const m = await a.merchant('Steady Load');
    let admitted = 0;
    let limited = 0;
    // 10 s of load at 24 requests a second, shared by the two nodes, synced every 250 ms.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 6; i++) {
        const res = await write(i % 2 === 0 ? a : b, m, i % 4 < 2 ? 'v4' : 'v3');
        if (res.statusCode === 429) limited++;
        else admitted++;
      }
      a.clock.advance(250);
      await syncBoth();
    }
    // The bucket allows burst + 10 s × 10/s = 110. Between two syncs the other node may spend what its
    // copy holds: at most (nodes − 1) × (burst + rate × sync interval) = 12.5 more.
    expect(admitted).toBeGreaterThanOrEqual(105);
    expect(admitted).toBeLessThanOrEqual(110 + 12);
    expect(limited).toBe(240 - admitted);
  });
});
