import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { MerchantCredentials } from '../src/domain/merchant.js';
import { runBaobab, type BaobabProcess } from './support/process.js';
import { POSTGRES, POSTGRES_URL } from './support/stores.js';

const dirs: string[] = [];
const running: BaobabProcess[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baobab-main-'));
  dirs.push(dir);
  return dir;
};
const start = (args: string[], env: Record<string, string | undefined>) => {
  const p = runBaobab(args, env);
  running.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const readCredentials = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8')) as MerchantCredentials;

async function tokenFor(url: string, c: MerchantCredentials): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.v4.client_id,
      client_secret: c.v4.client_secret,
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('baobab serve on the embedded store', () => {
  const dir = freshDir();
  const env = { BAOBAB_DATA_DIR: dir, PORT: '0' };

  it('seeds the sandbox merchant on first boot, prints its keys and writes them 0600', async () => {
    const server = start(['serve'], env);
    const url = await server.listening();
    const c = readCredentials(dir);
    expect(statSync(join(dir, 'sandbox-credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(c).toEqual({
      merchant_id: expect.stringMatching(/^mer_[A-Za-z0-9]{10}$/),
      v3: {
        public_key: expect.stringMatching(/^FLWPUBK_TEST-[0-9a-f]{32}-X$/),
        secret_key: expect.stringMatching(/^FLWSECK_TEST-[0-9a-f]{32}-X$/),
        encryption_key: expect.stringMatching(/^FLWSECK_TEST[0-9a-f]{12}$/),
      },
      v4: {
        client_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        client_secret: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
        encryption_key: expect.any(String),
      },
      webhook_secret_hash: expect.stringMatching(/^[A-Za-z0-9]{48}$/),
    });
    expect(Buffer.from(c.v4.encryption_key, 'base64')).toHaveLength(32);
    for (const value of [
      c.v4.client_id,
      c.v4.client_secret,
      c.v3.secret_key,
      c.v3.public_key,
      c.webhook_secret_hash,
    ]) {
      expect(server.stderr()).toContain(value);
    }
    // Logs are JSON lines and never carry the secrets the banner shows.
    for (const line of server.stdout().split('\n').filter(Boolean))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(server.stdout()).not.toContain(c.v4.client_secret);
    expect(server.stdout()).not.toContain(c.v3.secret_key);

    const token = await tokenFor(url, c);
    const created = await fetch(`${url}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boot@example.com' }),
    });
    expect(created.status).toBe(201);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stdout()).toContain('shutdown complete');
  });

  it('lets an in-flight request finish on SIGTERM, then exits 0', async () => {
    const server = start(['serve'], env);
    const url = new URL(await server.listening());
    const token = await tokenFor(url.origin, readCredentials(dir));
    const body = JSON.stringify({ email: 'inflight@example.com', name: { first: 'Slow', last: 'Sender' } });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/customers',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, text });
          });
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10)); // half a request is in flight…
      setTimeout(() => {
        server.child.kill('SIGTERM'); // …when the signal comes…
        setTimeout(() => req.end(body.slice(10)), 500); // …and the rest arrives afterwards.
      }, 300);
    });
    const { status, text } = await answer;
    expect(status).toBe(201);
    expect(text).toContain('inflight@example.com');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('shutting down');
  });

  it(
    'prints the same credentials on restart without seeding another merchant',
    { timeout: 120_000 },
    async () => {
      const before = readCredentials(dir);
      const server = start(['serve'], env);
      await server.listening();
      expect(server.stderr()).toContain(before.v4.client_secret);
      expect(readCredentials(dir)).toEqual(before);
      expect(server.stdout()).not.toContain('seeded the sandbox merchant');

      // While it runs, the CLI cannot open the same data directory: `migrate` is refused, and the
      // merchant commands go through the gateway instead (test/cli/admin.test.ts).
      const blocked = start(['migrate'], env);
      expect(await blocked.exited).toBe(1);
      expect(blocked.stderr()).toMatch(/data directory .* is in use by process \d+/);
      const through = start(['merchants', 'list'], env);
      expect(await through.exited).toBe(0);
      expect(through.stdout()).toContain(before.merchant_id);
      expect(await server.stop()).toBe(0);

      const listed = start(['merchants', 'list'], env);
      expect(await listed.exited).toBe(0);
      expect(listed.stdout().trim().split('\n')).toHaveLength(1);
      expect(listed.stdout()).toContain(before.merchant_id);
      expect(listed.stdout()).not.toContain(before.v3.secret_key);
    },
  );

  it('creates more merchants from the CLI whose credentials work', async () => {
    const made = start(['merchants', 'create', '--name', 'Acme Stores'], env);
    expect(await made.exited).toBe(0);
    const acme = JSON.parse(made.stdout()) as MerchantCredentials;
    expect(acme.merchant_id).not.toBe(readCredentials(dir).merchant_id);
    const server = start(['serve'], env);
    const url = await server.listening();
    expect(await tokenFor(url, acme)).toMatch(/\./);
    expect(await server.stop()).toBe(0);
  });

  it('refuses to start with a master key other than the one the store was set up with', async () => {
    const server = start(['serve'], { ...env, BAOBAB_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('master key does not match');
  });

  it('refuses an invalid configuration, naming the variable', async () => {
    const server = start(['serve'], { ...env, PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.stderr()).toContain('PORT must be an integer from 0 to 65535 (got "eighty")');
  });
});

describe.skipIf(!POSTGRES.available)('baobab serve on PostgreSQL', () => {
  it('two nodes booting together on an empty database seed one merchant, schedule one settlement run and accept each other’s tokens', async () => {
    const schema = `t_main_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const databaseUrl = `${String(POSTGRES_URL)}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const masterKey = Buffer.alloc(32, 3).toString('base64');
      const [dirA, dirB] = [freshDir(), freshDir()];
      const a = start(['serve'], {
        DATABASE_URL: databaseUrl,
        BAOBAB_MASTER_KEY: masterKey,
        BAOBAB_DATA_DIR: dirA,
        PORT: '0',
      });
      const b = start(['serve'], {
        DATABASE_URL: databaseUrl,
        BAOBAB_MASTER_KEY: masterKey,
        BAOBAB_DATA_DIR: dirB,
        PORT: '0',
      });
      const [urlA, urlB] = await Promise.all([a.listening(), b.listening()]);
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.merchants`);
      expect(rows[0]).toEqual({ n: 1 });
      // Both scheduled the daily settlement run (docs/sandbox.md "Settlements"): one job, at 01:00 UTC.
      const runs = await admin.query<{ run_at: Date }>(
        `SELECT run_at FROM ${schema}.jobs WHERE kind = 'settlement.daily'`,
      );
      expect(runs.rows).toHaveLength(1);
      const runAt = runs.rows[0]?.run_at ?? new Date(0);
      expect([runAt.getUTCHours(), runAt.getUTCMinutes()]).toEqual([1, 0]);
      expect(runAt.getTime() - Date.now()).toBeGreaterThan(0);
      expect(runAt.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
      const seededBy = [dirA, dirB].filter((d) => {
        try {
          readCredentials(d);
          return true;
        } catch {
          return false;
        }
      });
      expect(seededBy).toHaveLength(1);
      const token = await tokenFor(urlA, readCredentials(seededBy[0] ?? dirA));
      const health = (await fetch(`${urlB}/health`).then((r) => r.json())) as Record<string, unknown>;
      expect(health).toEqual({ status: 'ok', store: 'up', store_kind: 'postgres' });
      const res = await fetch(`${urlB}/customers`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
