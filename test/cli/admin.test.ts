/**
 * The store commands while a gateway runs on the embedded store: `serve` writes gateway.json (0600)
 * and the CLI sends `merchants …` through its admin API on loopback; once it stops, the file is gone
 * and the CLI opens the store itself again. Real processes, a free port, a temp data directory.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { runBaobab, type BaobabProcess } from '../support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'baobab-admin-cli-'));
const env = { BAOBAB_DATA_DIR: dir, PORT: '0' };
const file = join(dir, 'gateway.json');
const running: BaobabProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = runBaobab(args, env);
  running.push(p);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

const names = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => l.split('\t')[1]);

describe('merchant commands against a running gateway', () => {
  it('go through its admin API while it runs, and through the store once it stopped', async () => {
    const serve = runBaobab(['serve'], env);
    running.push(serve);
    const url = await serve.listening();

    // The file: the loopback URL it answers on and a token, readable by its owner only.
    const written = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string; pid: number };
    expect(written.url).toBe(url);
    expect(written.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(written.pid).toBe(serve.child.pid);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // Without the token, or with another, the admin API says no; it is not in the API description.
    expect((await fetch(`${url}/_admin/merchants`)).status).toBe(401);
    const wrong = await fetch(`${url}/_admin/merchants`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/_admin'))).toBe(false);

    const listed = await cli('merchants', 'list');
    expect(listed.err).toBe('');
    expect(listed.code).toBe(0);
    expect(names(listed.out)).toEqual(['Sandbox Merchant']);

    const made = await cli('merchants', 'create', '--name', 'Made While Running');
    expect(made.code).toBe(0);
    const credentials = JSON.parse(made.out) as MerchantCredentials;
    expect(made.err).toContain('Store these credentials now');
    // The running gateway knows the new merchant at once: its v4 client gets a token there.
    const token = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.v4.client_id,
        client_secret: credentials.v4.client_secret,
      }).toString(),
    });
    expect(token.status).toBe(200);
    expect(names((await cli('merchants', 'list')).out)).toEqual(['Sandbox Merchant', 'Made While Running']);

    const id = credentials.merchant_id;
    const set = await cli('merchants', 'webhook', 'set', id, '--url', 'https://hooks.example.com/flw');
    expect(set).toMatchObject({
      code: 0,
      out: expect.stringContaining('url\thttps://hooks.example.com/flw\n'),
    });
    const shown = await cli('merchants', 'webhook', 'show', id);
    expect(shown.out).toContain('format\tenvelope\n');
    const missing = await cli('merchants', 'webhook', 'show', 'mer_0000000000');
    expect(missing).toMatchObject({
      code: 1,
      err: 'baobab merchants webhook show: Merchant mer_0000000000 not found\n',
    });

    // reset goes through it as well: the customer made through the API is gone, the merchant stays.
    const customer = await fetch(`${url}/v3/charges?type=mpesa`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.v3.secret_key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        amount: 100,
        currency: 'KES',
        phone_number: '25454709929220',
        tx_ref: 'reset-me-1',
        email: 'ama@example.com',
      }),
    });
    expect(customer.status).toBe(200);
    const reset = await cli('reset', '--merchant', id);
    expect(reset.code).toBe(0);
    const wiped = Object.fromEntries(
      reset.out
        .trim()
        .split('\n')
        .map((l) => l.split('\t')),
    );
    expect(wiped).toMatchObject({ merchant_id: id, charges: '1', customers: '1', payment_methods: '1' });
    const unknown = await cli('reset', '--merchant', 'mer_0000000000');
    expect(unknown).toMatchObject({ code: 1, err: 'baobab reset: Merchant mer_0000000000 not found\n' });

    // The gateway is still the only one on the store: it answers as before.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await serve.stop()).toBe(0);
    expect(existsSync(file)).toBe(false);

    // Nobody serves the directory now: the commands open the store themselves, and see the same data.
    const after = await cli('merchants', 'list');
    expect(after.code).toBe(0);
    expect(names(after.out)).toEqual(['Sandbox Merchant', 'Made While Running']);
    const unset = await cli('merchants', 'webhook', 'unset', id);
    expect(unset).toMatchObject({ code: 0, out: 'removed\thttps://hooks.example.com/flw\n' });
    // reset on the store: the sandbox merchant's by default.
    const sandboxId = (
      JSON.parse(readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8')) as MerchantCredentials
    ).merchant_id;
    expect(await cli('reset')).toMatchObject({ code: 0, out: `merchant_id\t${sandboxId}\n` });
  }, 180_000);

  it('open the store when gateway.json is left by a gateway that no longer answers', async () => {
    writeFileSync(file, JSON.stringify({ url: 'http://127.0.0.1:9', token: 'stale', pid: 999999 }), {
      mode: 0o600,
    });
    const listed = await cli('merchants', 'list');
    expect(listed.code).toBe(0);
    expect(names(listed.out)).toContain('Sandbox Merchant');
  }, 60_000);

  // This machine's own address on a network interface: a peer that is not loopback, to the gateway.
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;

  it.skipIf(external === undefined)(
    'refuse a peer that is not on loopback, even with the token, when the gateway listens on every interface',
    async () => {
      const serve = runBaobab(['serve'], { ...env, HOST: '0.0.0.0' });
      running.push(serve);
      await serve.listening();
      const written = JSON.parse(readFileSync(file, 'utf8')) as { url: string; token: string };
      const port = new URL(written.url).port;
      expect(written.url).toBe(`http://127.0.0.1:${port}`);
      const headers = { authorization: `Bearer ${written.token}` };
      const far = await fetch(`http://${external ?? ''}:${port}/_admin/merchants`, { headers });
      expect(far.status).toBe(403);
      expect(((await far.json()) as { error: { type: string } }).error.type).toBe('FORBIDDEN');
      // The public API answers there as usual; the admin API answers on loopback.
      expect((await fetch(`http://${external ?? ''}:${port}/health`)).status).toBe(200);
      expect((await fetch(`${written.url}/_admin/merchants`, { headers })).status).toBe(200);
      expect(await serve.stop()).toBe(0);
    },
    120_000,
  );
});
