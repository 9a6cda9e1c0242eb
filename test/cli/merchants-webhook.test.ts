/**
 * The v3 webhook endpoint from outside the process: `baobab merchants webhook set|show|unset` and
 * `BAOBAB_WEBHOOK_URL` at boot, on the embedded store, through the real CLI.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openReadyStore } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { unseal } from '../../src/crypto/sealed.js';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { findMerchantSecrets } from '../../src/store/merchants.js';
import { runBaobab, type BaobabProcess } from '../support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'baobab-webhook-cli-'));
const env = { BAOBAB_DATA_DIR: dir, PORT: '0' };
const running: BaobabProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

const start = (args: string[], extra: Record<string, string> = {}) => {
  const p = runBaobab(args, { ...env, ...extra });
  running.push(p);
  return p;
};

/** Runs one CLI command to its end. */
async function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = start(['merchants', 'webhook', ...args]);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

const sandbox = () =>
  JSON.parse(readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8')) as MerchantCredentials;

/** `key\tvalue` lines as an object. */
const fields = (out: string): Record<string, string> =>
  Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split('\t') as [string, string]),
  );

describe('BAOBAB_WEBHOOK_URL at boot', () => {
  it("sets the sandbox merchant's v3 endpoint on every boot, replacing the previous one", async () => {
    const first = start(['serve'], {
      BAOBAB_WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
      BAOBAB_WEBHOOK_FORMAT: 'legacy',
    });
    const logged = await first.waitForLog(/^sandbox merchant v3 webhook endpoint set$/);
    const { merchant_id: merchantId, webhook_secret_hash: hash } = sandbox();
    expect(logged).toMatchObject({
      merchant_id: merchantId,
      url: 'http://127.0.0.1:9/hooks',
      format: 'legacy',
      endpoint_id: expect.stringMatching(/^whe_/),
    });
    await first.listening(); // signal handlers are installed once it listens
    expect(await first.stop()).toBe(0);
    expect(first.stdout()).not.toContain(hash);

    const shown = await cli('show', merchantId);
    expect(shown.code).toBe(0);
    expect(fields(shown.out)).toEqual({
      url: 'http://127.0.0.1:9/hooks',
      format: 'legacy',
      endpoint_id: logged['endpoint_id'],
      secret_hash: `${hash.slice(0, 4)}********${hash.slice(-4)}`,
    });
    expect(shown.out).not.toContain(hash);

    const second = start(['serve'], { BAOBAB_WEBHOOK_URL: 'https://hooks.example.com/flw' });
    const relogged = await second.waitForLog(/^sandbox merchant v3 webhook endpoint set$/);
    expect(relogged).toMatchObject({ url: 'https://hooks.example.com/flw', format: 'envelope' });
    expect(relogged['endpoint_id']).toBe(logged['endpoint_id']);
    await second.listening();
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('refuses to start with an invalid URL or format, naming the variable', async () => {
    const bad = start(['serve'], { BAOBAB_WEBHOOK_URL: 'https://user:pw@hooks.example.com' });
    expect(await bad.exited).toBe(1);
    expect(bad.stderr()).toContain('BAOBAB_WEBHOOK_URL must not carry a user name or password');
    const format = start(['serve'], {
      BAOBAB_WEBHOOK_URL: 'https://hooks.example.com',
      BAOBAB_WEBHOOK_FORMAT: 'xml',
    });
    expect(await format.exited).toBe(1);
    expect(format.stderr()).toContain('BAOBAB_WEBHOOK_FORMAT must be envelope or legacy (got "xml")');
  }, 60_000);
});

describe('baobab merchants webhook', () => {
  it('sets, shows and unsets a merchant’s v3 endpoint and secret hash', async () => {
    const made = start(['merchants', 'create', '--name', 'Hooked']);
    expect(await made.exited).toBe(0);
    const { merchant_id: id } = JSON.parse(made.stdout()) as MerchantCredentials;

    const newHash = 'a-new-secret-hash-chosen-by-the-merchant';
    const set = await cli('set', id, '--url', 'https://hooked.example.com/flw', '--secret-hash', newHash);
    expect(set.code).toBe(0);
    expect(fields(set.out)).toMatchObject({
      url: 'https://hooked.example.com/flw',
      format: 'envelope',
      secret_hash: 'replaced',
    });
    expect(set.out + set.err).not.toContain(newHash);
    expect(fields((await cli('show', id)).out)['secret_hash']).toBe('a-ne********hant');

    // Deliveries read the hash from the store: it is the new one, sealed.
    const store = await openReadyStore(loadConfig(env), { warn: () => undefined });
    try {
      const sealed = (await findMerchantSecrets(store.db, id))?.webhookSecretHashSealed ?? '';
      expect(sealed).not.toContain(newHash);
      expect(unseal(store.keys.sealKey, sealed)).toBe(newHash);
    } finally {
      await store.db.close();
    }

    const legacy = await cli('set', id, '--url', 'https://hooked.example.com/v2', '--format', 'legacy');
    expect(fields(legacy.out)).toMatchObject({
      format: 'legacy',
      endpoint_id: fields(set.out)['endpoint_id'],
    });
    const unset = await cli('unset', id);
    expect(unset).toMatchObject({ code: 0, out: 'removed\thttps://hooked.example.com/v2\n' });
    const after = await cli('show', id);
    expect(fields(after.out)).toEqual({
      url: '(none: no v3 webhooks are sent)',
      secret_hash: 'a-ne********hant',
    });
  }, 120_000);

  it.each([
    [['set', 'mer_0000000000', '--url', 'https://x.example.com'], 1, 'Merchant mer_0000000000 not found'],
    [['set', 'MID', '--url', 'ftp://x.example.com'], 1, 'url must be an absolute http or https URL'],
    [
      ['set', 'MID', '--url', 'https://x.example.com', '--format', 'xml'],
      2,
      '--format must be envelope or legacy',
    ],
    [['set', 'MID'], 2, 'set needs --url'],
    [['remove', 'MID'], 2, 'expected "set", "show" or "unset"'],
  ])('%j exits %i saying what is wrong', { timeout: 60_000 }, async (args, code, message) => {
    const result = await cli(...args.map((a) => (a === 'MID' ? sandbox().merchant_id : a)));
    expect(result.code).toBe(code);
    expect(result.err).toContain(message);
  });
});
