import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK, numericIds } from '../../src/store/numeric-ids.js';
import { POSTGRES, STORES, type TestStore } from '../support/stores.js';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`numeric ids on ${kind.name}`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await kind.open();
    });
    afterAll(() => store.close());

    it('hands out consecutive ids within a block, and a new block after it', async () => {
      const ids = numericIds(store.db);
      const first = await ids.next();
      const block = await Promise.all(Array.from({ length: BLOCK - 1 }, () => ids.next()));
      expect(block).toEqual(Array.from({ length: BLOCK - 1 }, (_, i) => first + i + 1));
      const next = await ids.next();
      expect(next).toBeGreaterThanOrEqual(first + BLOCK);
      expect((next - first) % BLOCK).toBe(0);
    });

    it('never gives the same id twice, however many callers race, and shares one refill', async () => {
      const ids = numericIds(store.db);
      const drawn = await Promise.all(Array.from({ length: 1000 }, () => ids.next()));
      expect(new Set(drawn).size).toBe(1000);
      const { rows } = await store.db.query<{ last: number }>(
        'SELECT last_value::int AS last FROM numeric_ids',
      );
      // 1000 ids need exactly 10 blocks of 100 (or 11, when the first block started part-used).
      expect(Math.max(...drawn)).toBeLessThan((rows[0]?.last ?? 0) + BLOCK);
    });
  });
}

describe.skipIf(!POSTGRES.available)('numeric ids from two nodes (PostgreSQL)', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await POSTGRES.open();
  });
  afterAll(() => store.close());

  it('never collide', async () => {
    const reopen = store.reopen;
    if (!reopen) throw new Error('PostgreSQL test store must support reopen');
    const a = numericIds(store.db);
    const b = numericIds(await reopen());
    const drawn = await Promise.all(Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? a : b).next()));
    expect(new Set(drawn).size).toBe(600);
  });
});
