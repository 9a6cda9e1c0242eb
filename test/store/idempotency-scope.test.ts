/**
 * Idempotency replies are kept per (merchant, key, scope), the scope being the method and route
 * template (migration 0010): one key may answer several routes, and replies stored before scopes
 * existed (the empty scope) answer none of them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringFrom } from '../../src/crypto/keyring.js';
import { createMerchant } from '../../src/flows/merchants/merchants.js';
import { isUniqueViolation, type Db } from '../../src/store/db.js';
import {
  clearExpiredReply,
  findReply,
  IDEMPOTENCY_KEY_CONSTRAINT,
  replyInsert,
} from '../../src/store/idempotency.js';
import { writeAll } from '../../src/store/statement.js';
import { rejection } from '../support/async.js';
import { ManualClock } from '../support/clock.js';
import { STORES, type TestStore } from '../support/stores.js';

const HOUR = 3_600_000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`idempotency scopes on ${kind.name}`, () => {
    let store: TestStore;
    let db: Db;
    let merchantId: string;
    const clock = new ManualClock();
    const now = clock.now();
    const expires = new Date(now.getTime() + HOUR);
    const save = (scope: string, key: string, body: string) =>
      writeAll(db, [
        replyInsert({
          merchantId,
          scope,
          key,
          fingerprint: `fp-${body}`,
          status: 201,
          body,
          createdAt: now,
          expiresAt: expires,
        }),
      ]);

    beforeAll(async () => {
      store = await kind.open();
      db = store.db;
      merchantId = (await createMerchant({ db, clock, keys: keyringFrom(randomBytes(32)) }, 'Scopes'))
        .merchant.id;
    });
    afterAll(() => store.close());

    it('keeps one reply per scope for the same key', async () => {
      await save('POST /customers', 'one-key', 'customer');
      await save('POST /payment-methods', 'one-key', 'method');
      await save('POST /charges', 'one-key', 'charge');
      expect((await findReply(db, merchantId, 'POST /customers', 'one-key', now))?.body).toBe('customer');
      expect((await findReply(db, merchantId, 'POST /payment-methods', 'one-key', now))?.body).toBe('method');
      expect((await findReply(db, merchantId, 'POST /charges', 'one-key', now))?.body).toBe('charge');
      expect(await findReply(db, merchantId, 'POST /refunds', 'one-key', now)).toBeUndefined();
    });

    it('refuses a second reply for the key within one scope, on its primary key', async () => {
      await save('POST /customers', 'taken-key', 'first');
      const error = await rejection(save('POST /customers', 'taken-key', 'second'));
      expect(isUniqueViolation(error, IDEMPOTENCY_KEY_CONSTRAINT)).toBe(true);
    });

    it('clears an expired reply in its own scope only', async () => {
      await save('POST /customers', 'expiring-key', 'c');
      await save('POST /charges', 'expiring-key', 'x');
      expect(await clearExpiredReply(db, merchantId, 'POST /customers', 'expiring-key', expires)).toBe(true);
      expect(await findReply(db, merchantId, 'POST /charges', 'expiring-key', now)).toBeDefined();
    });

    it('matches no scope with a reply stored before scopes existed', async () => {
      await db.query(
        `INSERT INTO idempotency_keys (merchant_id, key, fingerprint, response_status, response_body, created_at, expires_at)
         VALUES ($1, 'legacy-key', 'fp', 201, 'old', $2, $3)`,
        [merchantId, now, expires],
      );
      expect(await findReply(db, merchantId, 'POST /customers', 'legacy-key', now)).toBeUndefined();
      await save('POST /customers', 'legacy-key', 'new');
      expect((await findReply(db, merchantId, 'POST /customers', 'legacy-key', now))?.body).toBe('new');
    });
  });
}
