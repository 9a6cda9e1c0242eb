/**
 * Webhook delivery on a fleet (PostgreSQL only: PGlite is one process). Two nodes relaying and
 * delivering from one database, each with a polling worker and passes run back to back, send every
 * event exactly once when nothing fails. A real node killed with SIGKILL while its deliveries wait on
 * the receiver leaves them to another node, which closes the dead node's attempts as interrupted and
 * delivers every event: at least once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import type { Deps } from '../../src/flows/deps.js';
import { DELIVER_JOB, relayEvents } from '../../src/flows/webhooks/webhook-relay.js';
import { createWorker, type JobHandler } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/postgres.js';
import { CARDS, CVVS, encryptCard } from '../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { runBaobab, type BaobabProcess } from '../support/process.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { POSTGRES, POSTGRES_URL, type TestStore } from '../support/stores.js';
import { uniqueRef } from '../support/v3.js';

const SECRET = 'whsec-nodes-0123456789abcdefghijklmnopqrstu';

if (!POSTGRES.available) {
  process.stderr.write(
    '\n  ⚠  test/webhooks/nodes.test.ts: TEST_DATABASE_URL is not set — the two-node and kill -9 webhook ' +
      'delivery tests are SKIPPED.\n\n',
  );
}

const chargeBody = (encryptionKey: string) => ({
  amount: 1500,
  currency: 'NGN',
  reference: uniqueRef('nodes'),
  customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
  payment_method: {
    type: 'card',
    card: encryptCard(encryptionKey, { number: CARDS.mastercard, cvv: CVVS.mastercard }),
  },
});

/** How many requests carried each `webhook-id`. */
function countsById(receiver: Receiver): Map<string, number> {
  const counts = new Map<string, number>();
  for (const hit of receiver.received) {
    const id = String(hit.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Runs `work` on `items`, `width` at a time; resolves with every outcome. */
async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        results.push({ status: 'fulfilled', value: await work(item) });
      } catch (reason) {
        results.push({ status: 'rejected', reason });
      }
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

type DeliveryState = { event_id: string; status: string; attempts: number; n: number };

/** Every event of the merchant with its deliveries (`n` of them) and the state of the first. */
async function deliveriesByEvent(db: Db, merchantId: string): Promise<DeliveryState[]> {
  const { rows } = await db.query<DeliveryState>(
    `SELECT e.id AS event_id, min(d.status) AS status, min(d.attempts)::int AS attempts, count(d.id)::int AS n
     FROM events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id
     WHERE e.merchant_id = $1 GROUP BY e.id`,
    [merchantId],
  );
  return rows;
}

describe.skipIf(!POSTGRES.available)('webhook delivery from two nodes on one PostgreSQL', () => {
  const EVENTS = 200;
  let store: TestStore;
  let a: TestGateway;
  let b: TestGateway;
  let receiver: Receiver;

  beforeAll(async () => {
    store = await POSTGRES.open();
    const reopen = store.reopen;
    if (!reopen) throw new Error('PostgreSQL test store must support reopen');
    a = await startGateway(POSTGRES, { db: store.db });
    // A second pool on the same schema: another node, sharing only the database (and the master key).
    b = await startGateway(POSTGRES, { db: await reopen(), keys: a.keys, clock: a.clock });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await a.close();
    await b.close();
    await store.close();
  });

  it(
    `sends each of ${String(EVENTS)} events exactly once while both relay and deliver side by side`,
    { timeout: 120_000 },
    async () => {
      const m: TestMerchant = await a.merchant('Two Node Foods');
      const created = await a.app.inject({
        method: 'POST',
        url: '/profile/webhook-endpoints',
        headers: m.headers,
        payload: { url: receiver.url, secret: SECRET },
      });
      expect(created.statusCode, created.body).toBe(200);

      // On each node, a started worker as `serve` runs it (polls, and refills a slot when a job ends)
      // and a loop of passes back to back, while charges are made on both nodes: relays race for
      // events and workers race for jobs. Every handler run is counted, by node.
      let charging = true;
      const ran = { a: 0, b: 0 };
      const counted = (gw: TestGateway, node: 'a' | 'b'): Record<string, JobHandler> =>
        Object.fromEntries(
          Object.entries(gw.handlers).map(([kind, handler]) => [
            kind,
            async (deps: Deps, payload: unknown) => {
              ran[node]++;
              await handler(deps, payload);
            },
          ]),
        );
      const log = { warn: console.warn, error: console.error };
      const workers = [
        createWorker(a.deps, counted(a, 'a'), { pollMs: 5, beforePass: relayEvents, log }),
        createWorker(b.deps, counted(b, 'b'), { pollMs: 5, beforePass: relayEvents, log }),
      ];
      for (const w of workers) w.start();
      const pendingOrUndispatched = async () => {
        const { rows } = await a.deps.db.query<{ n: number }>(
          `SELECT (SELECT count(*)::int FROM events WHERE dispatched_at IS NULL)
             + (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS n`,
        );
        return rows[0]?.n ?? 0;
      };
      const loop = async (gw: TestGateway, node: 'a' | 'b') => {
        for (;;) {
          // Not `ran[node] += await …`: that reads the count before the pass, losing the worker's.
          const n = await gw.runJobs();
          ran[node] += n;
          if (!charging && (await pendingOrUndispatched()) === 0) return;
          await sleep(Math.random() * 5);
        }
      };
      const loops = Promise.all([loop(a, 'a'), loop(b, 'b')]);

      const charges = await inParallel(
        Array.from({ length: EVENTS }, (_, i) => (i % 2 === 0 ? a : b)),
        8,
        async (gw) => {
          const res = await gw.app.inject({
            method: 'POST',
            url: '/orchestration/direct-charges',
            headers: m.headers,
            payload: chargeBody(m.credentials.v4.encryption_key),
          });
          if (res.statusCode !== 201)
            throw new Error(`charge answered ${String(res.statusCode)}: ${res.body}`);
          return res.json<{ data: { status: string } }>().data.status;
        },
      );
      expect(charges.filter((c) => c.status === 'fulfilled' && c.value === 'succeeded')).toHaveLength(EVENTS);
      charging = false;
      await loops;
      await Promise.all(workers.map((w) => w.stop()));

      // Nothing is left for either node to run, and a last pass on each sends nothing more.
      expect(await a.runJobs()).toBe(0);
      expect(await b.runJobs()).toBe(0);
      await sleep(200);

      const seen = countsById(receiver);
      expect(seen.size).toBe(EVENTS);
      expect([...seen.values()].filter((n) => n !== 1)).toEqual([]);
      // Every job ran once in all: no claim handed a job to both nodes. Both nodes did part of the work.
      expect(ran.a + ran.b).toBe(EVENTS);
      expect(ran.a).toBeGreaterThan(0);
      expect(ran.b).toBeGreaterThan(0);

      const events = await deliveriesByEvent(a.deps.db, m.credentials.merchant_id);
      expect(events).toHaveLength(EVENTS);
      expect(new Set(events.map((e) => e.event_id))).toEqual(new Set(seen.keys()));
      expect(events.filter((e) => e.n !== 1 || e.status !== 'delivered' || e.attempts !== 1)).toEqual([]);
      const attempts = await a.deps.db.query<{ attempts: number; delivered: number }>(
        `SELECT count(*)::int AS attempts,
           count(*) FILTER (WHERE attempt = 1 AND status_code = 200 AND error IS NULL
             AND finished_at IS NOT NULL)::int AS delivered
         FROM webhook_attempts`,
      );
      expect(attempts.rows).toEqual([{ attempts: EVENTS, delivered: EVENTS }]);
      const jobs = await a.deps.db.query('SELECT id FROM jobs WHERE kind = $1', [DELIVER_JOB]);
      expect(jobs.rows).toEqual([]);
    },
  );
});

describe.skipIf(!POSTGRES.available)('a node killed with deliveries in flight (real processes)', () => {
  const CHARGES = 50;
  const LEASE_MS = 2_000;
  const TIMEOUT_MS = 1_500;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = POSTGRES_URL ?? '';
  const databaseUrl = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const masterKey = randomBytes(32).toString('base64');
  const dirs: string[] = [];
  const nodes: BaobabProcess[] = [];
  let db: Db | undefined;
  let receiver: Receiver | undefined;

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const startNode = () => {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-nodes-'));
    dirs.push(dir);
    const node = runBaobab(['serve'], {
      DATABASE_URL: databaseUrl,
      BAOBAB_DB_POOL_SIZE: '5',
      BAOBAB_MASTER_KEY: masterKey,
      BAOBAB_DATA_DIR: dir,
      PORT: '0',
      BAOBAB_JOB_LEASE_MS: String(LEASE_MS),
      BAOBAB_WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      BAOBAB_JOB_POLL_MS: '50',
      BAOBAB_WEBHOOK_RETRY_SCHEDULE: '0.2,0.5,1',
    });
    nodes.push(node);
    return { node, dir };
  };

  beforeAll(async () => {
    await admin(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
    await receiver?.close();
    await db?.close();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'leaves its deliveries to another node, which closes them as interrupted and delivers every event',
    { timeout: 120_000 },
    async () => {
      receiver = await startReceiver();
      const first = startNode();
      const base = await first.node.listening();
      const store = await openPostgres({ url, schema, poolSize: 2 });
      db = store;

      const credentials = JSON.parse(
        readFileSync(join(first.dir, 'sandbox-credentials.json'), 'utf8'),
      ) as MerchantCredentials;
      const token = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.v4.client_id,
          client_secret: credentials.v4.client_secret,
        }),
      }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const endpoint = await fetch(`${base}/profile/webhook-endpoints`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ url: receiver.url, secret: SECRET }),
      });
      expect(endpoint.status, await endpoint.clone().text()).toBe(200);

      // The receiver holds every answer: node A's attempts stay in flight until it dies.
      receiver.delay(60_000);
      const charging = inParallel(Array.from({ length: CHARGES }), 6, async () => {
        const res = await fetch(`${base}/orchestration/direct-charges`, {
          method: 'POST',
          headers,
          body: JSON.stringify(chargeBody(credentials.v4.encryption_key)),
        });
        if (res.status !== 201) throw new Error(`charge answered ${String(res.status)}`);
      });

      const made = (await charging).filter((c) => c.status === 'fulfilled').length;
      expect(made).toBe(CHARGES);
      // Kill node A once all its slots (10) hold an attempt begun and not finished: POSTs waiting on
      // the receiver, well before they would time out.
      const inFlight = async () =>
        (
          await store.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM webhook_attempts WHERE finished_at IS NULL',
          )
        ).rows[0]?.n ?? 0;
      await until('attempts in flight on node A', async () => (await inFlight()) >= 10, 10_000, 5);
      first.node.child.kill('SIGKILL');
      await first.node.exited;
      receiver.delay(0);
      const sentByA = new Set(countsById(receiver).keys());

      const open = await store.query<{ delivery_id: string; attempt: number; event_id: string }>(
        `SELECT a.delivery_id, a.attempt, d.event_id FROM webhook_attempts a
         JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE a.finished_at IS NULL`,
      );
      expect(open.rows.length).toBeGreaterThan(0);

      const second = startNode();
      await second.node.listening();
      const merchantId = credentials.merchant_id;
      await until(
        'every event delivered by node B',
        async () => {
          const events = await deliveriesByEvent(store, merchantId);
          return events.length > 0 && events.every((e) => e.n === 1 && e.status === 'delivered');
        },
        60_000,
      );

      const events = await deliveriesByEvent(store, merchantId);
      expect(events).toHaveLength(CHARGES);
      // The receiver saw every event at least once; a retry carries the same webhook-id.
      const seen = countsById(receiver);
      expect(new Set(seen.keys())).toEqual(new Set(events.map((e) => e.event_id)));

      // The attempts A had open are closed as interrupted, and the next attempt (node B) delivered them.
      const interrupted = await store.query<{ delivery_id: string; attempt: number; error: string }>(
        `SELECT delivery_id, attempt, error FROM webhook_attempts WHERE error LIKE 'interrupted: %'`,
      );
      expect(new Set(interrupted.rows.map((r) => `${r.delivery_id}/${String(r.attempt)}`))).toEqual(
        new Set(open.rows.map((r) => `${r.delivery_id}/${String(r.attempt)}`)),
      );
      const after = await store.query<{ delivery_id: string; attempt: number; status_code: number | null }>(
        `SELECT a.delivery_id, a.attempt, a.status_code FROM webhook_attempts a
         JOIN unnest($1::text[], $2::int[]) AS o (delivery_id, attempt)
           ON a.delivery_id = o.delivery_id AND a.attempt = o.attempt + 1`,
        [open.rows.map((r) => r.delivery_id), open.rows.map((r) => r.attempt)],
      );
      expect(after.rows).toHaveLength(open.rows.length);
      expect(after.rows.every((r) => r.status_code === 200)).toBe(true);
      // Those A had already sent reached the receiver twice: at least once, not exactly once.
      for (const r of open.rows) {
        if (sentByA.has(r.event_id)) expect(seen.get(r.event_id)).toBeGreaterThanOrEqual(2);
      }
      const unfinished = await store.query(
        `SELECT 1 FROM webhook_attempts WHERE finished_at IS NULL
         UNION ALL SELECT 1 FROM jobs WHERE kind = '${DELIVER_JOB}'`,
      );
      expect(unfinished.rows).toEqual([]);
      expect(await second.node.stop('SIGTERM')).toBe(0);
    },
  );
});
