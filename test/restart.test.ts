/**
 * "A restart while a mobile-money charge is pending still completes it on time": the sandbox's timer
 * is a job row written with the charge, so it outlives the gateway that wrote it. Proved in process
 * on both stores (a new gateway on the same store, the clock moved by hand), and with the real
 * `baobab serve` stopped by SIGTERM and started again on the same data directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyringFrom } from '../src/crypto/keyring.js';
import type { MerchantCredentials } from '../src/domain/merchant.js';
import type { Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openPglite } from '../src/store/pglite.js';
import { ManualClock } from './support/clock.js';
import { startGateway, type TestMerchant } from './support/gateway.js';
import { runBaobab, type BaobabProcess } from './support/process.js';
import { PGLITE, STORES, type StoreKind } from './support/stores.js';

const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baobab-restart-'));
  dirs.push(dir);
  return dir;
};
const running: BaobabProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const wallet = (reference: string) => ({
  amount: 150,
  currency: 'GHS',
  reference,
  customer: { email: 'abena@example.com' },
  payment_method: {
    type: 'mobile_money',
    mobile_money: { country_code: '233', network: 'MTN', phone_number: '241234567' },
  },
});

/** A store that can be "restarted": closed and opened again (PGlite), or reached by a new adapter (pg). */
interface Restartable {
  readonly db: Db;
  restart(): Promise<Db>;
  close(): Promise<void>;
}

async function restartable(kind: StoreKind): Promise<Restartable> {
  if (kind === PGLITE) {
    const dir = freshDir();
    let current = await openPglite(dir);
    await migrate(current);
    return {
      db: current,
      async restart() {
        await current.close();
        current = await openPglite(dir);
        return current;
      },
      close: () => current.close(),
    };
  }
  // PostgreSQL: the first node's pool stays open but unused, as a node that went away leaves it.
  const store = await kind.open();
  const reopen = store.reopen;
  if (!reopen) throw new Error(`${kind.name} cannot be reopened`);
  return { db: store.db, restart: reopen, close: () => store.close() };
}

describe.each(STORES)('a pending mobile-money charge across a restart ($name)', (kind) => {
  it.skipIf(!kind.available)('is completed on time by the new gateway, once', async () => {
    const store = await restartable(kind);
    const keys = keyringFrom(randomBytes(32));
    const clock = new ManualClock();
    try {
      const before = await startGateway(kind, { db: store.db, keys, clock, autoCompleteMs: 10_000 });
      let m: TestMerchant = await before.merchant('Tamale Traders');
      const created = await before.app.inject({
        method: 'POST',
        url: '/orchestration/direct-charges',
        headers: m.headers,
        payload: wallet(`restart-${kind.name}-${Date.now().toString(36)}`),
      });
      expect(created.statusCode, created.body).toBe(201);
      const { id } = created.json().data;
      expect(created.json().data).toMatchObject({
        status: 'pending',
        next_action: { type: 'payment_instruction' },
      });
      clock.advance(4_000);
      await before.close();

      const after = await startGateway(kind, {
        db: await store.restart(),
        keys,
        clock,
        autoCompleteMs: 10_000,
      });
      try {
        m = await after.login(m.credentials);
        const read = () => after.app.inject({ method: 'GET', url: `/charges/${id}`, headers: m.headers });
        const events = async () =>
          (await after.deps.db.query('SELECT type FROM events WHERE charge_id = $1', [id])).rows;

        expect((await read()).json().data.status).toBe('pending');
        clock.advance(5_999); // 9 999 ms after creation: not yet
        await after.runJobs();
        expect((await read()).json().data.status).toBe('pending');
        clock.advance(2); // 10 001 ms: due
        expect(await after.runJobs()).toBe(1);
        expect((await read()).json().data).toMatchObject({
          status: 'succeeded',
          processor_response: { type: 'approved', code: '00' },
        });
        expect(await events()).toEqual([{ type: 'charge.completed' }]);
        // Nothing left to run, and running again changes nothing.
        clock.advance(60_000);
        expect(await after.runJobs()).toBe(0);
        expect(await events()).toHaveLength(1);
      } finally {
        await after.close();
      }
    } finally {
      await store.close();
    }
  });
});

describe('baobab serve restarted while a mobile-money charge is pending', () => {
  // Long enough that the server is normally up again well before the charge is due (a start takes
  // about 6 s here). On a slower machine the charge may already be due at the restart: the bounds on
  // when it completed still hold, only the "still pending right after restart" check is skipped.
  const WAIT_MS = 12_000;
  // How late after its time (or after the restart, if later) the charge may complete: polls are 50 ms
  // apart; the rest is slack for a busy machine.
  const MARGIN_MS = 3_000;

  it(
    'completes the charge after the wait, not before, and writes one event',
    { timeout: 90_000 },
    async () => {
      const dir = freshDir();
      const env = {
        BAOBAB_DATA_DIR: dir,
        PORT: '0',
        BAOBAB_SANDBOX_AUTO_COMPLETE_MS: String(WAIT_MS),
        BAOBAB_JOB_POLL_MS: '50',
      };
      const start = () => {
        const p = runBaobab(['serve'], env);
        running.push(p);
        return p;
      };

      const first = start();
      let url = await first.listening();
      const credentials = JSON.parse(
        readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8'),
      ) as MerchantCredentials;
      const token = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.v4.client_id,
          client_secret: credentials.v4.client_secret,
        }),
      }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const res = await fetch(`${url}/orchestration/direct-charges`, {
        method: 'POST',
        headers,
        body: JSON.stringify(wallet(`restart-process-${Date.now().toString(36)}`)),
      });
      expect(res.status).toBe(201);
      const charge = (
        (await res.json()) as { data: { id: string; status: string; created_datetime: string } }
      ).data;
      expect(charge.status).toBe('pending');
      const due = Date.parse(charge.created_datetime) + WAIT_MS;

      expect(await first.stop('SIGTERM')).toBe(0);
      // Stopped before the timer was due, so only the next process can complete the charge.
      expect(Date.now()).toBeLessThan(due);

      const second = start();
      url = await second.listening();
      const restartedAt = Date.now();
      const status = async () => {
        const r = await fetch(`${url}/charges/${charge.id}`, { headers });
        return ((await r.json()) as { data: { status: string } }).data.status;
      };
      if (Date.now() < due - 500) expect(await status()).toBe('pending');

      const deadline = Math.max(due, restartedAt) + 15_000;
      let seen = await status();
      while (seen === 'pending' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await status();
      }
      expect(seen).toBe('succeeded');
      expect(await second.stop('SIGTERM')).toBe(0);

      // When it completed, by the server's own record (the data directory is free again once it stopped).
      const db = await openPglite(dir);
      try {
        const { rows } = await db.query<{ updated_at: Date }>(
          'SELECT updated_at FROM charges WHERE id = $1',
          [charge.id],
        );
        const completedAt = rows[0]?.updated_at.getTime() ?? Number.NaN;
        expect(completedAt).toBeGreaterThanOrEqual(due);
        expect(completedAt).toBeLessThanOrEqual(Math.max(due, restartedAt) + MARGIN_MS);
        const events = await db.query('SELECT type FROM events WHERE charge_id = $1', [charge.id]);
        expect(events.rows).toEqual([{ type: 'charge.completed' }]);
        const jobs = await db.query("SELECT id FROM jobs WHERE kind = 'charge.auto_complete'");
        expect(jobs.rows).toEqual([]);
      } finally {
        await db.close();
      }
    },
  );
});
