/** The merchant and settings stores, and seeding the sandbox merchant (the setup is in ./merchants-customers-support.ts). */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedHash } from '../../src/crypto/hashing.js';
import { keyringFrom } from '../../src/crypto/keyring.js';
import { unseal } from '../../src/crypto/sealed.js';
import { newId } from '../../src/domain/ids.js';
import { createMerchant, seedSandboxMerchant } from '../../src/flows/merchants/merchants.js';
import { isUniqueViolation } from '../../src/store/db.js';
import {
  countMerchants,
  findMerchantByClientId,
  findMerchantBySecretKeyHash,
  insertMerchant,
  listMerchants,
} from '../../src/store/merchants.js';
import { getSetting, initSetting } from '../../src/store/settings.js';
import { ManualClock } from '../support/clock.js';
import { POSTGRES, STORES, type TestStore } from '../support/stores.js';
import { rejection } from '../support/async.js';
import { secretsOf, db, keys, clock, make, onEachStore } from './merchants-customers-support.js';

onEachStore(() => {
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
});

for (const kind of STORES) {
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
