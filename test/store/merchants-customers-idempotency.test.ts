/** The idempotency reply store (the setup is in ./merchants-customers-support.ts). */
import { describe, expect, it } from 'vitest';
import { customerInsert, findCustomer } from '../../src/store/customers.js';
import { writeAll } from '../../src/store/statement.js';
import { isLockTimeout, isUniqueViolation } from '../../src/store/db.js';
import {
  clearExpiredReply,
  findReply,
  IDEMPOTENCY_KEY_CONSTRAINT,
  purgeExpiredReplies,
  replyInsert,
  type StoredReply,
} from '../../src/store/idempotency.js';
import { onPostgres } from '../support/stores.js';
import { deferred, rejection } from '../support/async.js';
import { HOUR, SCOPE, reply, customer, db, clock, make, onEachStore } from './merchants-customers-support.js';

onEachStore((kind) => {
  describe('idempotency replies', () => {
    const save = (merchantId: string, key: string, r: StoredReply, createdAt: Date, expiresAt: Date) =>
      writeAll(db, [replyInsert({ ...r, merchantId, scope: SCOPE, key, createdAt, expiresAt })]);

    it('stores a reply once: any second insert for the key is a unique violation on its primary key', async () => {
      const { merchant } = await make('Idem Live');
      const now = clock.now();
      await save(merchant.id, 'k-live', reply('first'), now, new Date(now.getTime() + 24 * HOUR));
      const later = new Date(now.getTime() + HOUR);
      const error = await rejection(save(merchant.id, 'k-live', reply('second'), later, later));
      expect(isUniqueViolation(error, IDEMPOTENCY_KEY_CONSTRAINT)).toBe(true);
      expect(await findReply(db, merchant.id, SCOPE, 'k-live', later)).toEqual(reply('first'));
    });

    it('clears a reply whose time has run out, and only such a reply', async () => {
      const { merchant } = await make('Idem Expired');
      const now = clock.now();
      const expires = new Date(now.getTime() + HOUR);
      await save(merchant.id, 'k-exp', reply('old'), now, expires);
      expect(await clearExpiredReply(db, merchant.id, SCOPE, 'k-exp', new Date(expires.getTime() - 1))).toBe(
        false,
      );
      // At the very instant of expiry the old reply no longer counts.
      expect(await clearExpiredReply(db, merchant.id, SCOPE, 'k-exp', expires)).toBe(true);
      await save(merchant.id, 'k-exp', reply('new'), expires, new Date(expires.getTime() + HOUR));
      expect(await findReply(db, merchant.id, SCOPE, 'k-exp', expires)).toEqual(reply('new'));
    });

    it('finds a reply until it expires and not from the expiry instant on', async () => {
      const { merchant } = await make('Idem Find');
      const now = clock.now();
      const expires = new Date(now.getTime() + HOUR);
      await save(merchant.id, 'k-find', reply('body', 'fp-1'), now, expires);
      expect(await findReply(db, merchant.id, SCOPE, 'k-find', new Date(expires.getTime() - 1))).toEqual({
        fingerprint: 'fp-1',
        status: 201,
        body: 'body',
      });
      expect(await findReply(db, merchant.id, SCOPE, 'k-find', expires)).toBeUndefined();
      expect(await findReply(db, merchant.id, SCOPE, 'k-other', now)).toBeUndefined();
    });

    it('keeps keys apart per merchant', async () => {
      const a = await make('Idem A');
      const b = await make('Idem B');
      const now = clock.now();
      const expires = new Date(now.getTime() + HOUR);
      await save(a.merchant.id, 'shared-key', reply('for-a'), now, expires);
      expect(await findReply(db, b.merchant.id, SCOPE, 'shared-key', now)).toBeUndefined();
      await save(b.merchant.id, 'shared-key', reply('for-b'), now, expires);
      expect(await findReply(db, a.merchant.id, SCOPE, 'shared-key', now)).toEqual(reply('for-a'));
      expect(await findReply(db, b.merchant.id, SCOPE, 'shared-key', now)).toEqual(reply('for-b'));
    });

    it('purges only the expired replies and says how many it deleted', async () => {
      const { merchant } = await make('Idem Purge');
      // Years before every other case's dates, so the purge cannot touch their rows.
      const base = Date.parse('2020-03-01T00:00:00.000Z');
      const at = (hours: number) => new Date(base + hours * HOUR);
      await save(merchant.id, 'p-expired-1', reply('e1'), at(0), at(1));
      await save(merchant.id, 'p-expired-2', reply('e2'), at(0), at(2));
      await save(merchant.id, 'p-live-1', reply('l1'), at(0), at(2) /* same instant as the purge */);
      await save(merchant.id, 'p-live-2', reply('l2'), at(0), at(3));
      // p-live-1 expires exactly at the purge instant: expired (findReply agrees), so it goes too.
      expect(await purgeExpiredReplies(db, at(2))).toBe(3);
      const { rows } = await db.query<{ key: string }>(
        'SELECT key FROM idempotency_keys WHERE merchant_id = $1 ORDER BY key',
        [merchant.id],
      );
      expect(rows.map((r) => r.key)).toEqual(['p-live-2']);
      expect(await findReply(db, merchant.id, SCOPE, 'p-live-2', at(2))).toEqual(reply('l2'));
      expect(await purgeExpiredReplies(db, at(2))).toBe(0);
    });

    it('writes a customer and its reply all or nothing', async () => {
      const { merchant } = await make('Idem Atomic');
      const now = clock.now();
      await save(merchant.id, 'atomic-key', reply('first'), now, new Date(now.getTime() + HOUR));
      const c = customer(merchant.id, 'atomic@example.com', now);
      const error = await rejection(
        writeAll(db, [
          customerInsert(c),
          replyInsert({
            ...reply('dup'),
            merchantId: merchant.id,
            scope: SCOPE,
            key: 'atomic-key',
            createdAt: now,
            expiresAt: now,
          }),
        ]),
      );
      expect(isUniqueViolation(error, IDEMPOTENCY_KEY_CONSTRAINT)).toBe(true);
      expect(await findCustomer(db, merchant.id, c.id)).toBeUndefined();
    });

    onPostgres(kind, () => {
      it('makes a second insert of a key wait for the first: lock timeout while it runs, unique violation once it commits', async () => {
        const { merchant } = await make('Idem Contention');
        const now = clock.now();
        const expires = new Date(now.getTime() + HOUR);
        const row = (key: string) => ({
          ...reply('x'),
          merchantId: merchant.id,
          scope: SCOPE,
          key,
          createdAt: now,
          expiresAt: expires,
        });
        const { promise: released, resolve: release } = deferred();
        const { promise: holding, resolve: inserted } = deferred();
        const holder = db.transaction(async (tx) => {
          await writeAll(tx, [replyInsert(row('busy-key'))]);
          inserted();
          await released;
        });
        try {
          await holding;
          const waiting = await rejection(
            db.transaction(async (tx) => {
              await tx.query(`SET LOCAL lock_timeout = '50ms'`);
              await writeAll(tx, [replyInsert(row('busy-key'))]);
            }),
          );
          expect(isLockTimeout(waiting)).toBe(true);
          await writeAll(db, [replyInsert(row('free-key'))]);
        } finally {
          release();
          await holder;
        }
        const after = await rejection(writeAll(db, [replyInsert(row('busy-key'))]));
        expect(isUniqueViolation(after, IDEMPOTENCY_KEY_CONSTRAINT)).toBe(true);
      });
    });
  });
});
