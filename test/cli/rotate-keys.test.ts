/**
 * `baobab merchants rotate-keys`, through the real CLI on the embedded store: a merchant made before
 * encryption keys were derived keeps its stored key until it rotates; then it has a new secret key
 * and the encryption key a client derives from it, and the old secret key is refused.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openReadyStore } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { seal } from '../../src/crypto/sealed.js';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { runBaobab, type BaobabProcess } from '../support/process.js';
import { v3Card } from '../support/v3.js';

const dir = mkdtempSync(join(tmpdir(), 'baobab-rotate-keys-'));
const env = { BAOBAB_DATA_DIR: dir, PORT: '0' };
const running: BaobabProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

const start = (args: string[]) => {
  const p = runBaobab(args, env);
  running.push(p);
  return p;
};
async function cli(...args: string[]) {
  const p = start(['merchants', ...args]);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

const file = join(dir, 'sandbox-credentials.json');
const sandbox = () => JSON.parse(readFileSync(file, 'utf8')) as MerchantCredentials;

/** Flutterwave's getKey, as a client computes it. */
const getKey = (secret: string) =>
  secret.replace('FLWSECK-', '').slice(0, 12) + createHash('md5').update(secret).digest('hex').slice(-12);
const encrypt = (key: string, data: string) => {
  const cipher = createCipheriv('des-ede3', Buffer.from(key, 'utf8'), null);
  return Buffer.concat([cipher.update(data, 'utf8'), cipher.final()]).toString('base64');
};

/** A v3 card charge against the running gateway, encrypted with `key`. */
const charge = (url: string, secret: string, key: string) =>
  fetch(`${url}/v3/charges?type=card`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ client: encrypt(key, JSON.stringify(v3Card('5061460410120223210'))) }),
  });

describe('baobab merchants rotate-keys', () => {
  it('gives an older merchant a new secret key and its derived encryption key, once', async () => {
    const seed = start(['serve']);
    await seed.listening();
    expect(await seed.stop()).toBe(0);

    // An older data directory: the encryption key was random, not derived from the secret key.
    const legacyKey = randomBytes(12).toString('hex');
    const before = { ...sandbox(), v3: { ...sandbox().v3, encryption_key: legacyKey } };
    writeFileSync(file, `${JSON.stringify(before, null, 2)}\n`, { mode: 0o600 });
    const store = await openReadyStore(loadConfig(env), { warn: () => undefined });
    try {
      await store.db.query('UPDATE merchants SET v3_encryption_key_sealed = $2 WHERE id = $1', [
        before.merchant_id,
        seal(store.keys.sealKey, legacyKey),
      ]);
    } finally {
      await store.db.close();
    }

    const old = start(['serve']);
    const oldUrl = await old.listening();
    expect((await charge(oldUrl, before.v3.secret_key, legacyKey)).status).toBe(200); // the stored key stays
    expect(await old.stop()).toBe(0);

    const rotated = await cli('rotate-keys', before.merchant_id);
    expect(rotated.code).toBe(0);
    const printed = JSON.parse(rotated.out) as Pick<MerchantCredentials, 'merchant_id' | 'v3'>;
    expect(printed.merchant_id).toBe(before.merchant_id);
    expect(printed.v3.public_key).toBe(before.v3.public_key);
    expect(printed.v3.secret_key).toMatch(/^FLWSECK_TEST-[0-9a-f]{32}-X$/);
    expect(printed.v3.secret_key).not.toBe(before.v3.secret_key);
    expect(printed.v3.encryption_key).toBe(getKey(printed.v3.secret_key));
    expect(rotated.err).toContain('cannot be shown again');
    expect(rotated.err).toContain(`Updated ${file}`);
    // The sandbox file now holds the new v3 keys and everything else as it was.
    expect(sandbox()).toEqual({ ...before, v3: printed.v3 });

    const now = start(['serve']);
    const url = await now.listening();
    const fresh = await charge(url, printed.v3.secret_key, getKey(printed.v3.secret_key));
    expect(fresh.status).toBe(200);
    expect(((await fresh.json()) as { data: { status: string } }).data.status).toBe('successful');
    const refused = await charge(url, before.v3.secret_key, legacyKey);
    expect(refused.status).toBe(401);
    expect(await now.stop()).toBe(0);
  }, 180_000);

  it('names an unknown merchant, and wants exactly one id', async () => {
    const unknown = await cli('rotate-keys', 'mer_nosuchmerch');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Merchant mer_nosuchmerch not found');
    for (const args of [[], ['a', 'b']]) {
      const wrong = await cli('rotate-keys', ...args);
      expect(wrong.code, args.join(' ')).toBe(2);
      expect(wrong.err).toContain('takes one merchant id');
    }
  }, 120_000);
});
