/**
 * Chaos, PostgreSQL only: a real gateway process works through a v3 bulk transfer alone and is killed
 * with SIGKILL half-way; a second node started afterwards finishes the batch. No item is lost, none is
 * paid twice, each transfer is held, settled or released once on the ledger, has one transfer event,
 * and the wallet ends at its opening balance less exactly what the successful items cost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { openPostgres } from '../../src/store/postgres.js';
import { chaosRun, inSchema, session, until } from '../support/chaos.js';
import { POSTGRES, POSTGRES_URL } from '../support/stores.js';

if (!POSTGRES.available) {
  process.stderr.write(
    '\n  ⚠  test/chaos/bulk-kill.test.ts: TEST_DATABASE_URL is not set — the bulk transfer kill -9 suite is SKIPPED.\n\n',
  );
}

const BATCHES = 4;
const PER_BATCH = 100; // the most one v3 bulk transfer takes
const ITEMS = BATCHES * PER_BATCH;
const AMOUNT = 100; // NGN, whole units as v3 takes them
// A slow poll on the first node, so the batch is still under way when it dies.
const SLOW_POLL = { BAOBAB_JOB_POLL_MS: '250', BAOBAB_SANDBOX_AUTO_COMPLETE_MS: '300' };
const FAST_POLL = { BAOBAB_JOB_POLL_MS: '100', BAOBAB_SANDBOX_AUTO_COMPLETE_MS: '300' };

describe.skipIf(!POSTGRES.available)(
  'a node killed with SIGKILL during a v3 bulk transfer (real processes)',
  () => {
    const url = POSTGRES_URL ?? '';
    const run = chaosRun(url);
    let db: Db | undefined;

    beforeAll(() => run.setUp());
    afterAll(async () => {
      await run.close();
      await db?.close();
    });

    it(
      'loses no item and pays none twice; the ledger and the wallet agree',
      { timeout: 180_000 },
      async () => {
        const databaseUrl = inSchema(url, run.schema);
        const a = run.node(databaseUrl, SLOW_POLL);
        const baseA = await a.node.listening();
        db = await openPostgres({ url, schema: run.schema, poolSize: 2 });
        const { credentials } = await session(baseA, a.dir);
        const merchantId = credentials.merchant_id;
        const headers = {
          authorization: `Bearer ${credentials.v3.secret_key}`,
          'content-type': 'application/json',
        };
        // Every other item goes to the account whose transfer fails when it completes: released, not paid.
        const bulkData = Array.from({ length: ITEMS }, (_, i) => ({
          bank_code: '044',
          account_number: i % 2 === 0 ? '0690000040' : '0690000031',
          amount: AMOUNT,
          currency: 'NGN',
          narration: `item ${String(i)}`,
          reference: `chaos-bulk-${String(i)}`,
        }));
        const batchIds: number[] = [];
        for (let n = 0; n < BATCHES; n++) {
          const submitted = await fetch(`${baseA}/v3/bulk-transfers`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              title: `Chaos payroll ${String(n)}`,
              bulk_data: bulkData.slice(n * PER_BATCH, (n + 1) * PER_BATCH),
            }),
          });
          expect(submitted.status).toBe(200);
          batchIds.push(((await submitted.json()) as { data: { id: number } }).data.id);
        }

        const made = async (): Promise<number> =>
          (
            await db?.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM transfers WHERE merchant_id = $1 AND bulk_id IS NOT NULL',
              [merchantId],
            )
          )?.rows[0]?.n ?? 0;
        // Items the node has claimed and not finished: after the kill, the dead node's leases.
        const leased = async (): Promise<number> =>
          (
            await db?.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM jobs
               WHERE kind = 'transfer.bulk_item' AND locked_until > now() AND failed_at IS NULL`,
            )
          )?.rows[0]?.n ?? 0;
        await until(
          'the first node under way',
          async () => (await made()) >= 30 && (await leased()) > 0,
          60_000,
        );
        a.node.child.kill('SIGKILL');
        await a.node.exited;
        const madeBeforeKill = await made();
        const leasedByDead = await leased();
        expect(madeBeforeKill, 'the batch must still be under way when the node dies').toBeLessThan(ITEMS);

        const b = run.node(databaseUrl, FAST_POLL);
        const baseB = await b.node.listening();
        const finished = async () =>
          (
            await db?.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM transfers
               WHERE merchant_id = $1 AND bulk_id IS NOT NULL AND status IN ('SUCCESSFUL', 'FAILED')`,
              [merchantId],
            )
          )?.rows[0]?.n ?? 0;
        await until(
          'every item made and completed by the second node',
          async () => (await finished()) === ITEMS,
          90_000,
        );

        // The batches as the merchant reads them: every item, each with its outcome.
        for (const id of batchIds) {
          const view = await fetch(`${baseB}/v3/bulk-transfers/${String(id)}`, { headers });
          expect(view.status).toBe(200);
          const items = ((await view.json()) as { data: { items: { status: string }[] } }).data.items;
          expect(items).toHaveLength(PER_BATCH);
          expect(items.filter((i) => i.status !== 'SUCCESSFUL' && i.status !== 'FAILED')).toEqual([]);
        }

        // One transfer per reference, every submitted reference, and no item job left or dead.
        const { rows: transfers } = await db.query<{
          id: string;
          reference: string;
          status: string;
          cost: string;
        }>(
          `SELECT t.id, t.reference, t.status, (t.debit_amount + t.fee)::text AS cost
       FROM transfers t WHERE t.merchant_id = $1`,
          [merchantId],
        );
        expect(transfers).toHaveLength(ITEMS);
        expect(new Set(transfers.map((t) => t.reference))).toEqual(new Set(bulkData.map((i) => i.reference)));
        expect(transfers.filter((t) => t.status === 'SUCCESSFUL')).toHaveLength(ITEMS / 2);
        const { rows: jobs } = await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM jobs WHERE kind = 'transfer.bulk_item'",
        );
        expect(jobs[0]?.n).toBe(0);

        // Each transfer held once, then settled (paid) or released (failed) once: never twice.
        const { rows: moves } = await db.query<{ source_id: string; kind: string; n: number }>(
          `SELECT source_id, kind, count(*)::int AS n FROM ledger_entries
       WHERE merchant_id = $1 AND account = 'available' AND kind LIKE 'transfer_%'
       GROUP BY source_id, kind`,
          [merchantId],
        );
        expect(moves.filter((m) => m.n !== 1)).toEqual([]);
        const kinds = (kind: string) => moves.filter((m) => m.kind === kind).length;
        expect(kinds('transfer_hold')).toBe(ITEMS);
        expect(kinds('transfer_release')).toBe(ITEMS / 2);

        // One transfer event per transfer.
        const { rows: events } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE merchant_id = $1 AND type LIKE 'transfer.%'`,
          [merchantId],
        );
        expect(events[0]?.n).toBe(ITEMS);

        // The wallet: opening balance less what the paid items cost, and its totals match its entries.
        const paid = transfers
          .filter((t) => t.status === 'SUCCESSFUL')
          .reduce((sum, t) => sum + BigInt(t.cost), 0n);
        const { rows: wallet } = await db.query<{ available: string; opening: string }>(
          `SELECT w.available_balance::text AS available, o.amount::text AS opening
       FROM wallet_balances w JOIN sandbox_opening_balances o ON o.currency = w.currency
       WHERE w.merchant_id = $1 AND w.currency = 'NGN'`,
          [merchantId],
        );
        expect(BigInt(wallet[0]?.available ?? '0')).toBe(BigInt(wallet[0]?.opening ?? '0') - paid);
        const { rows: mismatches } = await db.query('SELECT * FROM baobab_ledger_mismatches()');
        expect(mismatches).toEqual([]);

        process.stderr.write(
          `\n  chaos/bulk-kill figures: ${JSON.stringify({
            items: ITEMS,
            made_before_kill: madeBeforeKill,
            claimed_by_the_dead_node: leasedByDead,
            transfers: transfers.length,
          })}\n`,
        );
        expect(await b.node.stop('SIGTERM')).toBe(0);
      },
    );
  },
);
