/**
 * Chaos, PostgreSQL only: two real gateway processes share a database under a load of v4 charges
 * whose webhooks a slow receiver takes; one is killed with SIGKILL while its deliveries are in
 * flight. The other lives and keeps answering; no acknowledged charge is lost; the dead node's
 * deliveries resume once their leases (renewed while it lived, BAOBAB_JOB_LEASE_MS, default 10 s)
 * run out; every event is delivered, at least once — the duplicates are measured, not hidden.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DELIVER_JOB } from '../../src/flows/webhooks/webhook-relay.js';
import { KIND_LIMITS } from '../../src/jobs/handlers.js';
import type { Db } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/postgres.js';
import { chaosRun, countsById, inSchema, session, startLoad, until } from '../support/chaos.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { POSTGRES, POSTGRES_URL } from '../support/stores.js';

if (!POSTGRES.available) {
  process.stderr.write(
    '\n  ⚠  test/chaos/kill.test.ts: TEST_DATABASE_URL is not set — the kill -9 chaos suite is SKIPPED.\n\n',
  );
}

// The default lease, as a node started without BAOBAB_JOB_LEASE_MS has it.
const LEASE_MS = loadConfig({}).jobLeaseMs;
const POLL_MS = 100;
const MARGIN_MS = 3_000;
const DELIVERY_SLOTS = KIND_LIMITS[DELIVER_JOB] ?? 0;

describe.skipIf(!POSTGRES.available)(
  'one of two nodes killed with SIGKILL under load (real processes)',
  () => {
    const url = POSTGRES_URL ?? '';
    const run = chaosRun(url);
    let receiver: Receiver;
    let db: Db | undefined;

    beforeAll(async () => {
      await run.setUp();
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await run.close();
      await db?.close();
      await receiver.close();
    });

    it(
      'leaves the other node serving; the dead one loses no charge, and its deliveries resume after the lease',
      { timeout: 180_000 },
      async () => {
        const databaseUrl = inSchema(url, run.schema);
        // Held attempts must outlast the wait for them, so the send timeout is longer than it.
        const env = { BAOBAB_JOB_POLL_MS: String(POLL_MS), BAOBAB_WEBHOOK_TIMEOUT_MS: '60000' };
        const a = run.node(databaseUrl, env);
        const baseA = await a.node.listening();
        const b = run.node(databaseUrl, env);
        const baseB = await b.node.listening();
        db = await openPostgres({ url, schema: run.schema, poolSize: 2 });
        const s = await session(baseA, a.dir);
        const endpoint = await fetch(`${baseA}/profile/webhook-endpoints`, {
          method: 'POST',
          headers: s.headers,
          body: JSON.stringify({ url: receiver.url, secret: 'whsec-chaos-0123456789abcdefghijklmnopqrstu' }),
        });
        expect(endpoint.status).toBe(200);

        // The receiver answers nothing until A is dead. A node has at most DELIVERY_SLOTS attempts
        // open, so once more than that are open, A holds at least one, and it cannot finish first.
        receiver.hold();
        const load = startLoad([baseA, baseB], s, 2);
        const open = async () =>
          (
            await db?.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM webhook_attempts WHERE finished_at IS NULL',
            )
          )?.rows[0]?.n ?? 0;
        await until('attempts in flight on both nodes', async () => (await open()) > DELIVERY_SLOTS, 30_000);
        load.leave(baseA);
        const killedAt = Date.now();
        a.node.child.kill('SIGKILL');
        await a.node.exited;
        await sleep(3_000);
        await load.stop();
        receiver.release();

        const merchantId = s.credentials.merchant_id;
        const deliveries = async () =>
          (
            await db?.query<{ status: string; n: number }>(
              `SELECT d.status, count(*)::int AS n FROM events e
             LEFT JOIN webhook_deliveries d ON d.event_id = e.id
             WHERE e.merchant_id = $1 GROUP BY d.status`,
              [merchantId],
            )
          )?.rows ?? [];
        await until(
          'every event delivered',
          async () => (await deliveries()).every((r) => r.status === 'delivered'),
          LEASE_MS + 60_000,
        );

        // B lived and answered every charge it was sent; A's lanes saw only 201s before it died.
        expect(b.node.child.exitCode).toBeNull();
        const fromB = load.outcomes.filter((o) => o.lane.startsWith('1.'));
        expect(fromB.filter((o) => o.status !== 201)).toEqual([]);
        const fromA = load.outcomes.filter((o) => o.lane.startsWith('0.'));
        expect(fromA.filter((o) => o.status !== 201 && o.ended < killedAt)).toEqual([]);

        const acked = load.outcomes.filter((o) => o.status === 201).map((o) => o.reference);
        const stored = await db.query<{ reference: string }>(
          'SELECT reference FROM charges WHERE reference = ANY($1::text[])',
          [acked],
        );
        expect(new Set(stored.rows.map((r) => r.reference))).toEqual(new Set(acked));

        const { rows: events } = await db.query<{ id: string }>(
          `SELECT id FROM events WHERE merchant_id = $1 AND type = 'charge.completed'`,
          [merchantId],
        );
        const seen = countsById(receiver.received);
        expect(events.filter((e) => !seen.has(e.id))).toEqual([]);

        // The attempts A had open are closed as interrupted; the next attempt began once A's lease ran out.
        const { rows: resumed } = await db.query<{ resumed_at: Date }>(
          `SELECT n.started_at AS resumed_at FROM webhook_attempts i
         JOIN webhook_attempts n ON n.delivery_id = i.delivery_id AND n.attempt = i.attempt + 1
         WHERE i.error LIKE 'interrupted: %'`,
        );
        expect(resumed.length).toBeGreaterThan(0);
        const waits = resumed.map((r) => r.resumed_at.getTime() - killedAt);
        expect(Math.max(...waits)).toBeLessThanOrEqual(LEASE_MS + POLL_MS + MARGIN_MS);
        const duplicates = [...seen.values()].reduce((n, c) => n + c - 1, 0);
        // At most one duplicate per interrupted attempt: the request A had sent before it died.
        expect(duplicates).toBeLessThanOrEqual(resumed.length);

        process.stderr.write(
          `\n  chaos/kill figures: ${JSON.stringify(
            {
              lease_ms: LEASE_MS,
              charges_acked: acked.length,
              charges_acked_lost: acked.length - stored.rows.length,
              events: events.length,
              events_delivered: events.filter((e) => seen.has(e.id)).length,
              interrupted_attempts: resumed.length,
              resume_after_kill_ms: { min: Math.min(...waits), max: Math.max(...waits) },
              duplicate_deliveries: duplicates,
              duplicate_rate: Number((duplicates / events.length).toFixed(4)),
            },
            null,
            2,
          )}\n`,
        );
        expect(await b.node.stop('SIGTERM')).toBe(0);
      },
    );
  },
);
