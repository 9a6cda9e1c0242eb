import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHash } from '../../src/crypto/hashing.js';
import { keyringFrom, type Keyring } from '../../src/crypto/keyring.js';
import { unseal } from '../../src/crypto/sealed.js';
import type { Customer, CustomerDetails } from '../../src/domain/customer.js';
import { newId } from '../../src/domain/ids.js';
import {
  createMerchant,
  seedSandboxMerchant,
  type CreatedMerchant,
} from '../../src/flows/merchants/merchants.js';
import { customerInsert, findCustomer, listCustomers, updateCustomer } from '../../src/store/customers.js';
import { writeAll } from '../../src/store/statement.js';
import { isLockTimeout, isUniqueViolation, type Db } from '../../src/store/db.js';
import {
  clearExpiredReply,
  findReply,
  IDEMPOTENCY_KEY_CONSTRAINT,
  purgeExpiredReplies,
  replyInsert,
  type StoredReply,
} from '../../src/store/idempotency.js';
import {
  countMerchants,
  findMerchantByClientId,
  findMerchantBySecretKeyHash,
  insertMerchant,
  listMerchants,
} from '../../src/store/merchants.js';
import { getSetting, initSetting } from '../../src/store/settings.js';
import { ManualClock } from '../support/clock.js';
import { POSTGRES, STORES, type TestStore, onPostgres } from '../support/stores.js';
import { deferred, rejection } from '../support/async.js';

const HOUR = 3_600_000;
/** The route every idempotency case here uses (scopes are tested in idempotency-scope.test.ts). */
const SCOPE = 'POST /customers';

const secretsOf = (created: CreatedMerchant): string[] => [
  created.credentials.v3.secret_key,
  created.credentials.v3.encryption_key,
  created.credentials.v4.client_secret,
  created.credentials.v4.encryption_key,
  created.credentials.webhook_secret_hash,
];

const reply = (body: string, fingerprint = `fp-${body}`): StoredReply => ({ fingerprint, status: 201, body });
let numbered = 0;
const customer = (merchantId: string, email: string, at: Date, extra: Partial<CustomerDetails> = {}) =>
  ({
    id: newId('customer'),
    numId: ++numbered,
    merchantId,
    email,
    meta: {},
    ...extra,
    createdAt: at,
    updatedAt: at,
  }) satisfies Customer;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(
    `merchant, customer, idempotency and settings stores on ${kind.name}`,
    () => {
      let store: TestStore;
      let db: Db;
      let keys: Keyring;
      const clock = new ManualClock();
      const make = (name: string): Promise<CreatedMerchant> => createMerchant({ db, clock, keys }, name);

      beforeAll(async () => {
        store = await kind.open();
        db = store.db;
        keys = keyringFrom(randomBytes(32));
      });
      afterAll(() => store.close());

      describe('merchants', () => {
        it('finds a merchant by its v4 client id, with the keyed hash of its client secret', async () => {
          const created = await make('Client Id Ltd');
          const found = await findMerchantByClientId(db, created.credentials.v4.client_id);
          expect(found).toEqual({
            merchant: created.merchant,
            clientSecretHash: keyedHash(keys.hashKey, created.credentials.v4.client_secret),
          });
          expect(found?.merchant).toMatchObject({
            id: created.credentials.merchant_id,
            name: 'Client Id Ltd',
            v3PublicKey: created.credentials.v3.public_key,
            v4ClientId: created.credentials.v4.client_id,
            createdAt: clock.now(),
          });
          expect(await findMerchantByClientId(db, randomUUID())).toBeUndefined();
        });

        it('finds a merchant by the keyed hash of its v3 secret key, and by nothing else', async () => {
          const created = await make('Secret Key Ltd');
          const other = await make('Other Ltd');
          const hash = keyedHash(keys.hashKey, created.credentials.v3.secret_key);
          expect(await findMerchantBySecretKeyHash(db, hash)).toEqual(created.merchant);
          expect(await findMerchantBySecretKeyHash(db, created.credentials.v3.secret_key)).toBeUndefined();
          const otherKeys = keyringFrom(randomBytes(32));
          expect(
            await findMerchantBySecretKeyHash(
              db,
              keyedHash(otherKeys.hashKey, created.credentials.v3.secret_key),
            ),
          ).toBeUndefined();
          expect(
            await findMerchantBySecretKeyHash(db, keyedHash(keys.hashKey, other.credentials.v3.secret_key)),
          ).toEqual(other.merchant);
        });

        it('numbers accounts from 100001 upwards as JS numbers and lists merchants in that order', async () => {
          const a = await make('Numbered A');
          const b = await make('Numbered B');
          expect(typeof a.merchant.accountId).toBe('number');
          expect(a.merchant.accountId).toBeGreaterThanOrEqual(100001);
          expect(b.merchant.accountId).toBeGreaterThan(a.merchant.accountId);
          const listed = await listMerchants(db);
          const ids = listed.map((m) => m.accountId);
          expect(ids).toEqual([...ids].sort((x, y) => x - y));
          expect(listed).toContainEqual(a.merchant);
          expect(await countMerchants(db)).toBe(listed.length);
        });

        it('refuses a second merchant with the same v4 client id, naming the unique constraint', async () => {
          const created = await make('Original');
          const error = await rejection(
            insertMerchant(db, {
              id: newId('merchant'),
              name: 'Impostor',
              v3PublicKey: `FLWPUBK_TEST-${randomBytes(16).toString('hex')}-X`,
              v3SecretKeyHash: 'h1',
              v3SecretKeyPrefix: 'p1',
              v3EncryptionKeySealed: 's1',
              v4ClientId: created.credentials.v4.client_id,
              v4ClientSecretHash: 'h2',
              v4ClientSecretPrefix: 'p2',
              v4EncryptionKeySealed: 's2',
              webhookSecretHashSealed: 's3',
              sandboxSeed: false,
              createdAt: clock.now(),
            }),
          );
          expect(isUniqueViolation(error, 'merchants_v4_client_id_key')).toBe(true);
        });

        it('never stores a clear secret: hashes and sealed values only, which open with the instance keys', async () => {
          const created = await make('Secretive Ltd');
          const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM merchants WHERE id = $1', [
            created.merchant.id,
          ]);
          const row = rows[0];
          if (!row) throw new Error('merchant row missing');
          const dump = JSON.stringify(row);
          for (const secret of secretsOf(created)) {
            expect(dump).not.toContain(secret);
            // Not even the random part after the visible prefix.
            expect(dump).not.toContain(secret.slice(-20));
          }
          expect(row['v3_secret_key_hash']).toBe(keyedHash(keys.hashKey, created.credentials.v3.secret_key));
          expect(row['v4_client_secret_hash']).toBe(
            keyedHash(keys.hashKey, created.credentials.v4.client_secret),
          );
          expect(row['v3_secret_key_prefix']).toBe(created.credentials.v3.secret_key.slice(0, 19));
          expect(row['v4_client_secret_prefix']).toBe(created.credentials.v4.client_secret.slice(0, 6));
          const sealed = (column: string): string => {
            const value = row[column];
            if (typeof value !== 'string') throw new Error(`${column} is not text`);
            return value;
          };
          expect(unseal(keys.sealKey, sealed('v3_encryption_key_sealed'))).toBe(
            created.credentials.v3.encryption_key,
          );
          expect(unseal(keys.sealKey, sealed('v4_encryption_key_sealed'))).toBe(
            created.credentials.v4.encryption_key,
          );
          expect(unseal(keys.sealKey, sealed('webhook_secret_hash_sealed'))).toBe(
            created.credentials.webhook_secret_hash,
          );
          expect(() =>
            unseal(keyringFrom(randomBytes(32)).sealKey, sealed('webhook_secret_hash_sealed')),
          ).toThrow();
          expect(row['sandbox_seed']).toBe(false);
        });
      });

      describe('customers', () => {
        it('reads back every field it stored, and leaves absent optional fields absent', async () => {
          const { merchant } = await make('Roundtrip');
          const full = customer(merchant.id, 'full@example.com', clock.now(), {
            name: { first: 'Ada', middle: 'King', last: 'Lovelace' },
            phone: { countryCode: '234', number: '8012345678' },
            address: {
              line1: '1 Marina',
              line2: 'Floor 2',
              city: 'Lagos',
              state: 'Lagos',
              country: 'NG',
              postalCode: '101001',
            },
            meta: { plan: 'gold', 'ref-id': '42' },
          });
          const bare = customer(merchant.id, 'bare@example.com', clock.now());
          await writeAll(db, [customerInsert(full)]);
          await writeAll(db, [customerInsert(bare)]);
          expect(await findCustomer(db, merchant.id, full.id)).toStrictEqual(full);
          expect(await findCustomer(db, merchant.id, bare.id)).toStrictEqual(bare);
          expect(
            await db.transaction((tx) => findCustomer(tx, merchant.id, bare.id, { forUpdate: true })),
          ).toEqual(bare);
        });

        it("does not find, update or list another merchant's customer", async () => {
          const alice = await make('Alice');
          const mallory = await make('Mallory');
          const c = customer(alice.merchant.id, 'private@example.com', clock.now(), {
            meta: { secret: 'yes' },
          });
          await writeAll(db, [customerInsert(c)]);
          expect(await findCustomer(db, mallory.merchant.id, c.id)).toBeUndefined();
          expect(
            await updateCustomer(
              db,
              mallory.merchant.id,
              c.id,
              { email: 'stolen@example.com', meta: {} },
              clock.now(),
            ),
          ).toBeUndefined();
          expect(await findCustomer(db, alice.merchant.id, c.id)).toStrictEqual(c);
          const page = await listCustomers(db, mallory.merchant.id, { page: 1, size: 10 });
          expect(page).toEqual({ items: [], total: 0, page: 1, size: 10 });
          expect(
            (
              await listCustomers(
                db,
                mallory.merchant.id,
                { page: 1, size: 10 },
                { email: 'private@example.com' },
              )
            ).total,
          ).toBe(0);
        });

        it('updates every detail of its own customer, dropping the ones left out, and keeps createdAt', async () => {
          const { merchant } = await make('Updater');
          const created = clock.now();
          const c = customer(merchant.id, 'before@example.com', created, {
            name: { first: 'Before' },
            phone: { countryCode: '254', number: '700000000' },
            meta: { a: '1' },
          });
          await writeAll(db, [customerInsert(c)]);
          const later = new Date(created.getTime() + 60_000);
          const updated = await updateCustomer(
            db,
            merchant.id,
            c.id,
            { email: 'after@example.com', name: { first: 'After', last: 'Wards' }, meta: { b: '2' } },
            later,
          );
          const expected: Customer = {
            id: c.id,
            numId: c.numId,
            merchantId: merchant.id,
            email: 'after@example.com',
            name: { first: 'After', last: 'Wards' },
            meta: { b: '2' },
            createdAt: created,
            updatedAt: later,
          };
          expect(updated).toStrictEqual(expected);
          expect(await findCustomer(db, merchant.id, c.id)).toStrictEqual(expected);
          expect(
            await updateCustomer(db, merchant.id, newId('customer'), { email: 'x@y.z', meta: {} }, later),
          ).toBe(undefined);
        });

        it('lists most recent first, ties in insertion order (last inserted first), counts and pages', async () => {
          const { merchant } = await make('Lister');
          const { merchant: neighbour } = await make('Neighbour');
          const t0 = clock.now().getTime();
          const at = (offsetMs: number) => new Date(t0 + offsetMs);
          const c1 = customer(merchant.id, 'c1@example.com', at(0));
          const c2 = customer(merchant.id, 'c2@example.com', at(0));
          const c3 = customer(merchant.id, 'c3@example.com', at(1000));
          const c4 = customer(merchant.id, 'c4@example.com', at(2000));
          const c0 = customer(merchant.id, 'c0@example.com', at(-1000));
          const c5 = customer(merchant.id, 'c5@example.com', at(0));
          // Inserted out of time order on purpose: the order comes from created_at, then insertion.
          for (const c of [c1, c3, c2, c0, c4, c5]) await writeAll(db, [customerInsert(c)]);
          await writeAll(db, [customerInsert(customer(neighbour.id, 'c9@example.com', at(5000)))]);

          const emails = async (page: number, size: number) => {
            const result = await listCustomers(db, merchant.id, { page, size });
            expect(result.total).toBe(6);
            expect(result.page).toBe(page);
            expect(result.size).toBe(size);
            return result.items.map((c) => c.email);
          };
          expect(await emails(1, 10)).toEqual([
            'c4@example.com',
            'c3@example.com',
            'c5@example.com',
            'c2@example.com',
            'c1@example.com',
            'c0@example.com',
          ]);
          expect(await emails(1, 4)).toEqual([
            'c4@example.com',
            'c3@example.com',
            'c5@example.com',
            'c2@example.com',
          ]);
          expect(await emails(2, 4)).toEqual(['c1@example.com', 'c0@example.com']);
          expect(await emails(3, 4)).toEqual([]);
          const first = (await listCustomers(db, merchant.id, { page: 1, size: 1 })).items[0];
          expect(first).toStrictEqual(c4);
        });

        it('filters by email case-insensitively and exactly, counting only the matches', async () => {
          const { merchant } = await make('Filterer');
          const t0 = clock.now().getTime();
          const mixed = customer(merchant.id, 'Ada@Example.com', new Date(t0));
          const lower = customer(merchant.id, 'ada@example.com', new Date(t0 + 1));
          const other = customer(merchant.id, 'bob@example.com', new Date(t0 + 2));
          const similar = customer(merchant.id, 'ada@example.co', new Date(t0 + 3));
          for (const c of [mixed, lower, other, similar]) await writeAll(db, [customerInsert(c)]);

          const found = await listCustomers(
            db,
            merchant.id,
            { page: 1, size: 10 },
            { email: 'ADA@example.COM' },
          );
          expect(found.total).toBe(2);
          expect(found.items.map((c) => c.id)).toEqual([lower.id, mixed.id]);
          const paged = await listCustomers(
            db,
            merchant.id,
            { page: 2, size: 1 },
            { email: 'ada@example.com' },
          );
          expect(paged.total).toBe(2);
          expect(paged.items.map((c) => c.id)).toEqual([mixed.id]);
          for (const pattern of ['%@example.com', 'ada@example.%', 'ada@example.co_', 'nobody@example.com']) {
            const none = await listCustomers(db, merchant.id, { page: 1, size: 10 }, { email: pattern });
            expect({ pattern, total: none.total, items: none.items }).toEqual({
              pattern,
              total: 0,
              items: [],
            });
          }
        });
      });

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
          expect(
            await clearExpiredReply(db, merchant.id, SCOPE, 'k-exp', new Date(expires.getTime() - 1)),
          ).toBe(false);
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

      describe('instance settings', () => {
        it('keeps the first value written and reports it to later writers', async () => {
          expect(await getSetting(db, 'probe.first-wins')).toBeUndefined();
          expect(await initSetting(db, 'probe.first-wins', 'one')).toBe('one');
          expect(await initSetting(db, 'probe.first-wins', 'two')).toBe('one');
          expect(await db.transaction((tx) => initSetting(tx, 'probe.first-wins', 'three'))).toBe('one');
          expect(await getSetting(db, 'probe.first-wins')).toBe('one');
          expect(await getSetting(db, 'probe.never-set')).toBeUndefined();
        });
      });
    },
  );

  describe.skipIf(!kind.available)(`seeding the sandbox merchant on ${kind.name}`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await kind.open();
    });
    afterAll(() => store.close());

    it('seeds one sandbox merchant on an empty store and nothing afterwards', async () => {
      const deps = { db: store.db, clock: new ManualClock(), keys: keyringFrom(randomBytes(32)) };
      expect(await countMerchants(store.db)).toBe(0);
      const seeded = await seedSandboxMerchant(deps);
      if (!seeded) throw new Error('an empty store gets the sandbox merchant');
      expect(seeded.merchant.name).toBe('Sandbox Merchant');
      expect(seeded.merchant.id).toBe(seeded.credentials.merchant_id);
      const { rows } = await store.db.query<{ id: string; sandbox_seed: boolean }>(
        'SELECT id, sandbox_seed FROM merchants',
      );
      expect(rows).toEqual([{ id: seeded.merchant.id, sandbox_seed: true }]);
      expect(
        await findMerchantBySecretKeyHash(
          store.db,
          keyedHash(deps.keys.hashKey, seeded.credentials.v3.secret_key),
        ),
      ).toEqual(seeded.merchant);

      expect(await seedSandboxMerchant(deps)).toBeUndefined();
      await createMerchant(deps, 'Ordinary');
      expect(await seedSandboxMerchant(deps)).toBeUndefined();
      expect(await countMerchants(store.db)).toBe(2);
    });
  });
}

describe.skipIf(!POSTGRES.available)('seeding the sandbox merchant from several nodes on postgres', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await POSTGRES.open();
  });
  afterAll(() => store.close());

  it('seeds exactly one merchant when several handles seed an empty store at once', async () => {
    const reopen = store.reopen;
    if (!reopen) throw new Error('the PostgreSQL test store can reopen');
    const handles = [store.db, ...(await Promise.all([reopen(), reopen(), reopen()]))];
    const keys = keyringFrom(randomBytes(32));
    const results = await Promise.all(
      handles.map((db) => seedSandboxMerchant({ db, clock: new ManualClock(), keys })),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    const { rows } = await store.db.query<{ n: number; seeds: number }>(
      'SELECT count(*) AS n, count(*) FILTER (WHERE sandbox_seed) AS seeds FROM merchants',
    );
    expect(rows).toEqual([{ n: 1, seeds: 1 }]);
  });
});
