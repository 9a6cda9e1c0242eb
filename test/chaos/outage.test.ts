/**
 * Chaos, PostgreSQL only: a real gateway process reaches its database through a proxy that cuts it
 * off three ways in turn — connections reset, connections refused, a blackhole — while a client loop
 * makes v4 card charges and a receiver takes the webhooks. The node lives through all three; every
 * answer during an outage is a 503 with Retry-After in the v4 envelope, within the bound of its
 * timeouts (the default ones); service is back within 2 s of the database; no acknowledged charge is
 * lost, and every charge.completed event reaches the receiver.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { POSTGRES_DEFAULTS } from '../../src/store/pg-defaults.js';
import { openPostgres } from '../../src/store/postgres.js';
import {
  chaosRun,
  countsById,
  inSchema,
  logLines,
  session,
  startLoad,
  until,
  type Outcome,
} from '../support/chaos.js';
import { startProxy, type ChaosProxy, type ProxyMode } from '../support/proxy.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { POSTGRES, POSTGRES_URL } from '../support/stores.js';

if (!POSTGRES.available) {
  process.stderr.write(
    '\n  ⚠  test/chaos/outage.test.ts: TEST_DATABASE_URL is not set — the database outage chaos suite is SKIPPED.\n\n',
  );
}

const CONNECT_MS = POSTGRES_DEFAULTS.connectTimeoutMs;
const MARGIN_MS = 1_000;
// A blackhole is found by silence (a third of the connect timeout, checked every 250 ms) and a probe
// that cannot connect (the connect timeout); a request waiting for a new connection gives up after
// the connect timeout. Refused and reset connections fail at once, or within the connect timeout.
const CUTS: readonly { mode: ProxyMode; outageMs: number; boundMs: number }[] = [
  { mode: 'reset', outageMs: 3_000, boundMs: CONNECT_MS + MARGIN_MS },
  { mode: 'refuse', outageMs: 3_000, boundMs: CONNECT_MS + MARGIN_MS },
  { mode: 'blackhole', outageMs: 6_000, boundMs: CONNECT_MS / 3 + 250 + CONNECT_MS + MARGIN_MS },
];
const RECOVERY_MS = 2_000;

const UNAVAILABLE = {
  status: 'failed',
  error: {
    type: 'SERVICE_UNAVAILABLE',
    code: '10503',
    message: 'Service temporarily unavailable; retry shortly',
  },
};

interface Window {
  readonly mode: ProxyMode;
  readonly boundMs: number;
  readonly cutAt: number;
  readonly backAt: number;
  recoveredAt: number;
  health?: { status: number; retryAfter: string | null };
}

describe.skipIf(!POSTGRES.available)('a node whose database is cut off under load (real process)', () => {
  const url = POSTGRES_URL ?? '';
  const run = chaosRun(url);
  let proxy: ChaosProxy;
  let receiver: Receiver;
  let db: Db | undefined;

  beforeAll(async () => {
    await run.setUp();
    proxy = await startProxy({ host: new URL(url).hostname, port: Number(new URL(url).port || 5432) });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await proxy.set('pass');
    await run.close();
    await db?.close();
    await receiver.close();
    await proxy.close();
  });

  it(
    'lives, answers 503 + Retry-After within its timeouts, recovers within 2 s, loses no charge and no event',
    { timeout: 180_000 },
    async () => {
      const { node, dir } = run.node(inSchema(proxy.url(url), run.schema));
      const base = await node.listening();
      db = await openPostgres({ url, schema: run.schema, poolSize: 2 });
      const s = await session(base, dir);
      const endpoint = await fetch(`${base}/profile/webhook-endpoints`, {
        method: 'POST',
        headers: s.headers,
        body: JSON.stringify({ url: receiver.url, secret: 'whsec-chaos-0123456789abcdefghijklmnopqrstu' }),
      });
      expect(endpoint.status, await endpoint.clone().text()).toBe(200);

      const load = startLoad([base], s, 3);
      const windows: Window[] = [];
      const answeredAfter = (t: number) => load.outcomes.find((o) => o.status === 201 && o.started >= t);
      try {
        for (const cut of CUTS) {
          const healthyFrom = Date.now();
          await until('charges flowing', async () => answeredAfter(healthyFrom) !== undefined, 10_000);
          await sleep(1_000);
          const cutAt = Date.now();
          await proxy.set(cut.mode);
          const window: Window = { ...cut, cutAt, backAt: 0, recoveredAt: 0 };
          windows.push(window);
          await until(
            `a 503 during ${cut.mode}`,
            async () => load.outcomes.some((o) => o.status === 503 && o.ended > cutAt),
            cut.boundMs + 1_000,
          );
          const health = await fetch(`${base}/health`);
          window.health = { status: health.status, retryAfter: health.headers.get('retry-after') };
          await sleep(Math.max(0, cutAt + cut.outageMs - Date.now()));
          const backAt = Date.now();
          Object.assign(window, { backAt });
          await proxy.set('pass');
          await until(
            `service back after ${cut.mode}`,
            async () => answeredAfter(backAt) !== undefined,
            10_000,
          );
          window.recoveredAt = answeredAfter(backAt)?.ended ?? 0;
        }
        await sleep(1_000);
      } finally {
        await load.stop();
      }

      // The process lived through every cut.
      expect(node.child.exitCode).toBeNull();
      expect(node.child.signalCode).toBeNull();

      const inWindow = (o: Outcome) =>
        windows.find((w) => o.ended > w.cutAt && o.started < (w.recoveredAt || Date.now()));
      const strays = load.outcomes.filter((o) => o.status !== 201 && o.status !== 503);
      expect(strays, 'every answer is a 201 or a 503').toEqual([]);
      const figures = windows.map((w) => {
        const unavailable = load.outcomes.filter((o) => o.status === 503 && inWindow(o) === w);
        const waited = unavailable.map((o) => o.ended - Math.max(o.started, w.cutAt));
        return {
          mode: w.mode,
          answers_503: unavailable.length,
          first_503_after_cut_ms: Math.min(...unavailable.map((o) => o.ended)) - w.cutAt,
          longest_503_wait_ms: Math.max(...waited),
          bound_ms: w.boundMs,
          health: w.health,
          recovery_ms: w.recoveredAt - w.backAt,
        };
      });
      for (const o of load.outcomes.filter((x) => x.status === 503)) {
        const w = inWindow(o);
        expect(w, `a 503 outside any outage: ${JSON.stringify(o)}`).toBeDefined();
        expect(o.retryAfter).toBe('1');
        expect(o.body).toEqual(UNAVAILABLE);
      }
      for (const f of figures) {
        expect(f.answers_503, f.mode).toBeGreaterThan(0);
        expect(f.longest_503_wait_ms, f.mode).toBeLessThanOrEqual(f.bound_ms);
        expect(f.health, f.mode).toEqual({ status: 503, retryAfter: '1' });
        expect(f.recovery_ms, f.mode).toBeLessThanOrEqual(RECOVERY_MS);
      }

      // No acknowledged charge is lost: each 201 is in the database.
      const acked = load.outcomes.filter((o) => o.status === 201).map((o) => o.reference);
      const stored = await db.query<{ reference: string }>(
        `SELECT reference FROM charges WHERE reference = ANY($1::text[]) AND status = 'succeeded'`,
        [acked],
      );
      expect(new Set(stored.rows.map((r) => r.reference))).toEqual(new Set(acked));
      const refused = load.outcomes.filter((o) => o.status === 503).map((o) => o.reference);
      const committedAnyway = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM charges WHERE reference = ANY($1::text[])',
        [refused],
      );

      // Every charge.completed event — of acknowledged charges, and of any a 503 left committed —
      // reaches the receiver.
      const merchantId = s.credentials.merchant_id;
      const events = async () =>
        (
          await db?.query<{ id: string }>(
            `SELECT id FROM events WHERE merchant_id = $1 AND type = 'charge.completed'`,
            [merchantId],
          )
        )?.rows.map((r) => r.id) ?? [];
      await until(
        'every event at the receiver',
        async () => {
          const seen = countsById(receiver.received);
          return (await events()).every((id) => seen.has(id));
        },
        60_000,
      );
      const eventIds = await events();
      expect(eventIds.length).toBeGreaterThanOrEqual(acked.length);
      const seen = countsById(receiver.received);

      // The outage was logged once per cut, by the store and by the worker, not once per request.
      expect(logLines(node, /^database unreachable/)).toHaveLength(CUTS.length);
      expect(logLines(node, /^database reachable again$/)).toHaveLength(CUTS.length);
      expect(logLines(node, /^job poll failed/).length).toBeLessThanOrEqual(CUTS.length);

      process.stderr.write(
        `\n  chaos/outage figures: ${JSON.stringify(
          {
            cuts: figures,
            charges_acked: acked.length,
            charges_acked_lost: acked.length - stored.rows.length,
            charges_503: refused.length,
            charges_503_committed_anyway: committedAnyway.rows[0]?.n,
            events: eventIds.length,
            events_delivered: eventIds.filter((id) => seen.has(id)).length,
            duplicate_deliveries: [...seen.values()].reduce((n, c) => n + c - 1, 0),
            worker_poll_failure_lines: logLines(node, /^job poll/).length,
          },
          null,
          2,
        )}\n`,
      );
      expect(await node.stop('SIGTERM')).toBe(0);
    },
  );
});
