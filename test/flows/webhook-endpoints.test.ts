import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringFrom } from '../../src/crypto/keyring.js';
import { unseal } from '../../src/crypto/sealed.js';
import {
  createMerchant,
  seedSandboxMerchant,
  type CreatedMerchant,
} from '../../src/flows/merchants/merchants.js';
import {
  setSandboxWebhook,
  setV3Endpoint,
  showV3Endpoint,
  unsetV3Endpoint,
} from '../../src/flows/webhooks/webhook-endpoints.js';
import { findMerchantSecrets } from '../../src/store/merchants.js';
import { ManualClock } from '../support/clock.js';
import { PGLITE, type TestStore } from '../support/stores.js';

let store: TestStore;
const clock = new ManualClock();
const keys = keyringFrom(randomBytes(32));
let deps: { db: TestStore['db']; clock: ManualClock; keys: typeof keys };
let shop: CreatedMerchant;

beforeAll(async () => {
  store = await PGLITE.open();
  deps = { db: store.db, clock, keys };
  shop = await createMerchant(deps, 'Shop');
});
afterAll(() => store.close());

const storedHash = async (merchantId: string) =>
  unseal(keys.sealKey, (await findMerchantSecrets(store.db, merchantId))?.webhookSecretHashSealed ?? '');

describe('the v3 endpoint of a merchant', () => {
  it('is set, shown with the secret hash masked, replaced and removed', async () => {
    const id = shop.merchant.id;
    const none = await showV3Endpoint(deps, id);
    const hash = shop.credentials.webhook_secret_hash;
    expect(none).toEqual({
      ok: true,
      value: { secretHashHint: `${hash.slice(0, 4)}********${hash.slice(-4)}` },
    });

    const set = await setV3Endpoint(deps, id, { url: 'https://shop.example.com/flw', format: 'envelope' });
    expect(set).toMatchObject({
      ok: true,
      value: { dialect: 'v3', url: 'https://shop.example.com/flw', mode: 'envelope', status: 'enabled' },
    });
    const again = await setV3Endpoint(deps, id, {
      url: 'https://shop.example.com/legacy',
      format: 'legacy',
      secretHash: 'my-own-secret-hash!',
    });
    expect(again.ok && set.ok && again.value.id === set.value.id).toBe(true);
    expect(await storedHash(id)).toBe('my-own-secret-hash!');
    const shown = await showV3Endpoint(deps, id);
    expect(shown).toMatchObject({
      ok: true,
      value: {
        endpoint: { url: 'https://shop.example.com/legacy', mode: 'legacy' },
        secretHashHint: '*'.repeat(12),
      },
    });

    expect(await unsetV3Endpoint(deps, id)).toMatchObject({
      ok: true,
      value: { url: 'https://shop.example.com/legacy' },
    });
    expect(await unsetV3Endpoint(deps, id)).toEqual({ ok: true, value: undefined });
    const after = await showV3Endpoint(deps, id);
    expect(after.ok && after.value.endpoint).toBeUndefined();
  });

  it('refuses an invalid URL or secret hash and changes nothing', async () => {
    const id = shop.merchant.id;
    const before = await storedHash(id);
    const badUrl = await setV3Endpoint(deps, id, { url: 'https://a@b.example.com', format: 'envelope' });
    expect(badUrl).toMatchObject({
      ok: false,
      error: { type: 'WEBHOOK_URL_INVALID', fields: [{ field: 'url' }] },
    });
    for (const secretHash of ['short', 'with space inside', 'x'.repeat(129), 'ünïcödé-hash']) {
      const bad = await setV3Endpoint(deps, id, {
        url: 'https://ok.example.com',
        format: 'envelope',
        secretHash,
      });
      expect(bad, secretHash).toMatchObject({ ok: false, error: { type: 'REQUEST_NOT_VALID' } });
    }
    expect(await storedHash(id)).toBe(before);
    const shown = await showV3Endpoint(deps, id);
    expect(shown.ok && shown.value.endpoint).toBeFalsy();
  });

  it('answers not found for an unknown merchant', async () => {
    for (const result of [
      await setV3Endpoint(deps, 'mer_0000000000', { url: 'https://ok.example.com', format: 'envelope' }),
      await showV3Endpoint(deps, 'mer_0000000000'),
      await unsetV3Endpoint(deps, 'mer_0000000000'),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { type: 'RESOURCE_NOT_FOUND' } });
    }
  });
});

describe('the sandbox merchant webhook at boot', () => {
  it('does nothing on a store without a sandbox merchant, then sets the seeded one', async () => {
    const other = await PGLITE.open();
    try {
      const d = { db: other.db, clock, keys };
      const setting = { url: 'http://127.0.0.1:9000/hooks', format: 'legacy' } as const;
      expect(await setSandboxWebhook(d, setting)).toBeUndefined();
      const seeded = await seedSandboxMerchant(d);
      const set = await setSandboxWebhook(d, setting);
      expect(set).toMatchObject({
        ok: true,
        value: { merchantId: seeded?.merchant.id, url: setting.url, mode: 'legacy', dialect: 'v3' },
      });
    } finally {
      await other.close();
    }
  });
});
