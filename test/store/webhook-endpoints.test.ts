import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringFrom } from '../../src/crypto/keyring.js';
import { newId } from '../../src/domain/ids.js';
import type { WebhookEndpoint } from '../../src/domain/webhooks.js';
import { createMerchant } from '../../src/flows/merchants/merchants.js';
import type { Db } from '../../src/store/db.js';
import { writeAll } from '../../src/store/statement.js';
import {
  deleteEndpoint,
  deleteV3Endpoint,
  endpointInsert,
  findSealedEndpoint,
  findV3Endpoint,
  listEndpoints,
  updateEndpoint,
  upsertV3Endpoint,
} from '../../src/store/webhook-endpoints.js';
import { ManualClock } from '../support/clock.js';
import { STORES, type TestStore, onPostgres } from '../support/stores.js';

const v4Endpoint = (merchantId: string, at: Date, extra: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: newId('webhookEndpoint'),
  merchantId,
  dialect: 'v4',
  url: 'https://hooks.example.com/v4',
  status: 'enabled',
  mode: 'hmac',
  meta: {},
  createdAt: at,
  updatedAt: at,
  ...extra,
});

const v3Endpoint = (merchantId: string, at: Date, url: string, mode: 'envelope' | 'legacy') =>
  ({
    id: newId('webhookEndpoint'),
    merchantId,
    dialect: 'v3',
    url,
    status: 'enabled',
    mode,
    meta: {},
    createdAt: at,
    updatedAt: at,
  }) satisfies WebhookEndpoint;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`webhook endpoint store on ${kind.name}`, () => {
    let store: TestStore;
    let db: Db;
    const clock = new ManualClock();
    const keys = keyringFrom(randomBytes(32));
    const merchant = async () => (await createMerchant({ db, clock, keys }, 'Hooks')).merchant.id;

    beforeAll(async () => {
      store = await kind.open();
      db = store.db;
    });
    afterAll(() => store.close());

    it('lists live endpoints of one dialect, most recent first, with their sealed secrets', async () => {
      const m = await merchant();
      const other = await merchant();
      const at = (s: number) => new Date(clock.now().getTime() + s * 1000);
      const a = v4Endpoint(m, at(1));
      const b = v4Endpoint(m, at(2), {
        eventTypes: ['refund.completed'],
        description: 'B',
        meta: { k: 'v' },
      });
      const gone = v4Endpoint(m, at(3));
      await writeAll(db, [
        endpointInsert(a, 'sealed-a'),
        endpointInsert(b, 'sealed-b'),
        endpointInsert(gone, 'sealed-gone'),
        endpointInsert(v4Endpoint(other, at(4)), 'sealed-other'),
      ]);
      await upsertV3Endpoint(db, v3Endpoint(m, at(5), 'https://hooks.example.com/v3', 'envelope'));
      expect(await deleteEndpoint(db, m, gone.id, 'v4', at(6))).toMatchObject({ endpoint: { id: gone.id } });

      const page = await listEndpoints(db, m, 'v4', { page: 1, size: 10 });
      expect(page.total).toBe(2);
      expect(page.items).toEqual([
        { endpoint: b, secretSealed: 'sealed-b' },
        { endpoint: a, secretSealed: 'sealed-a' },
      ]);
      expect((await listEndpoints(db, m, 'v3', { page: 1, size: 10 })).total).toBe(1);
      expect((await listEndpoints(db, m, 'v4', { page: 2, size: 10 })).items).toEqual([]);
    });

    it('finds, updates and soft-deletes an endpoint only within its merchant and dialect', async () => {
      const m = await merchant();
      const e = v4Endpoint(m, clock.now());
      await writeAll(db, [endpointInsert(e, 'sealed-1')]);
      expect(await findSealedEndpoint(db, 'mer_0000000000', e.id, 'v4')).toBeUndefined();
      expect(await findSealedEndpoint(db, m, e.id, 'v3')).toBeUndefined();

      const later = new Date(clock.now().getTime() + 60_000);
      const changed: WebhookEndpoint = {
        ...e,
        url: 'https://new.example.com',
        eventTypes: ['charge.completed'],
        status: 'disabled',
        mode: 'plain',
        description: 'Changed',
        meta: { a: 'b' },
        updatedAt: later,
      };
      expect(await updateEndpoint(db, changed, 'sealed-2')).toEqual({
        endpoint: changed,
        secretSealed: 'sealed-2',
      });
      expect(await findSealedEndpoint(db, m, e.id, 'v4')).toEqual({
        endpoint: changed,
        secretSealed: 'sealed-2',
      });

      expect(await deleteEndpoint(db, m, e.id, 'v3', later)).toBeUndefined();
      expect(await deleteEndpoint(db, 'mer_0000000000', e.id, 'v4', later)).toBeUndefined();
      expect(await deleteEndpoint(db, m, e.id, 'v4', later)).toBeDefined();
      expect(await deleteEndpoint(db, m, e.id, 'v4', later)).toBeUndefined();
      expect(await findSealedEndpoint(db, m, e.id, 'v4')).toBeUndefined();
      expect(await updateEndpoint(db, changed, 'sealed-3')).toBeUndefined();
    });

    it('keeps one live v3 endpoint per merchant: a second set replaces the first in place', async () => {
      const m = await merchant();
      const first = await upsertV3Endpoint(
        db,
        v3Endpoint(m, clock.now(), 'https://a.example.com', 'envelope'),
      );
      expect(first).toMatchObject({ dialect: 'v3', url: 'https://a.example.com', mode: 'envelope' });
      expect(first).not.toHaveProperty('eventTypes');

      const later = new Date(clock.now().getTime() + 1000);
      const second = await upsertV3Endpoint(db, v3Endpoint(m, later, 'https://b.example.com', 'legacy'));
      expect(second).toEqual({
        ...first,
        url: 'https://b.example.com',
        mode: 'legacy',
        updatedAt: later,
      });
      expect(await findV3Endpoint(db, m)).toEqual(second);

      expect(await deleteV3Endpoint(db, m, later)).toEqual(second);
      expect(await findV3Endpoint(db, m)).toBeUndefined();
      expect(await deleteV3Endpoint(db, m, later)).toBeUndefined();
      // After a delete, the next set is a new endpoint.
      const third = await upsertV3Endpoint(db, v3Endpoint(m, later, 'https://c.example.com', 'envelope'));
      expect(third.id).not.toBe(first.id);
      const { rows } = await db.query('SELECT id FROM webhook_endpoints WHERE merchant_id = $1', [m]);
      expect(rows).toHaveLength(2);
    });

    onPostgres(kind, () => {
      it('makes one v3 endpoint when several nodes set it at once', async () => {
        const m = await merchant();
        const others = await Promise.all([1, 2, 3].map(() => store.reopen?.() ?? Promise.resolve(db)));
        const set = await Promise.all(
          [db, ...others].map((node, i) =>
            upsertV3Endpoint(
              node,
              v3Endpoint(m, clock.now(), `https://n${String(i)}.example.com`, 'envelope'),
            ),
          ),
        );
        expect(new Set(set.map((e) => e.id)).size).toBe(1);
        const { rows } = await db.query(
          `SELECT id FROM webhook_endpoints WHERE merchant_id = $1 AND deleted_at IS NULL`,
          [m],
        );
        expect(rows).toHaveLength(1);
      });
    });
  });
}
