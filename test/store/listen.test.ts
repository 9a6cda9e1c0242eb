/**
 * `Db.listen`: a worker hears that events were committed — by this node or another — instead of
 * waiting for its next poll (store/migrations/0009_event_notify.sql).
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { STORES } from '../support/stores.js';

const insertEvent = (db: Db, id: string) =>
  db.query(
    `INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
     VALUES ($1, 'mer_x', 'charge.completed', 'chg_x', '{}'::jsonb, now())`,
    [id],
  );

/** Resolves with how many notifications arrived within `ms`. */
const heardWithin = async (count: () => number, ms: number) => {
  const deadline = Date.now() + ms;
  while (count() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return count();
};

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`listen on ${kind.name}`, () => {
    it('hears a committed event, not a rolled-back one, and nothing once stopped', async () => {
      const store = await kind.open();
      try {
        let heard = 0;
        const stop = await store.db.listen('baobab_events', () => {
          heard++;
        });

        await store.db
          .transaction(async (tx) => {
            await tx.query(
              `INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
               VALUES ('wbk_rolled_back', 'mer_x', 'charge.completed', 'chg_x', '{}'::jsonb, now())`,
            );
            throw new Error('roll back');
          })
          .catch(() => undefined);
        expect(await heardWithin(() => heard, 300)).toBe(0);

        await insertEvent(store.db, 'wbk_committed');
        expect(await heardWithin(() => heard, 3_000)).toBeGreaterThan(0);

        await stop();
        const before = heard;
        await insertEvent(store.db, 'wbk_after_stop');
        await new Promise((r) => setTimeout(r, 300));
        expect(heard).toBe(before);
      } finally {
        await store.close();
      }
    });
  });
}
