/**
 * The PostgreSQL adapter through a proxy that cuts the database off (test/support/proxy.ts): a
 * connection error never escapes as an unhandled 'error' event (vitest fails a run that has one),
 * every cut is a StoreUnavailableError within its bound, and the adapter serves again by itself once
 * the database is back. Timeouts are shortened so the suite stays quick; bounds are generous.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.js';
import type { Db } from '../../src/store/db.js';
import { openPostgres, type PostgresOptions } from '../../src/store/postgres.js';
import { rejection } from '../support/async.js';
import { startProxy, type ChaosProxy } from '../support/proxy.js';
import { POSTGRES, POSTGRES_URL } from '../support/stores.js';

const CONNECT_MS = 600;
const STATEMENT_MS = 1_500;

/** Resolves with what `promise` rejected with and how long that took. */
async function timedRejection(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await rejection(promise);
  return { error, ms: Date.now() - started };
}

/** Polls `SELECT 1` until it answers; resolves with how long that took. */
async function backWithin(db: Db, limitMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await db.query('SELECT 1');
      return Date.now() - started;
    } catch (error) {
      expect(error).toBeInstanceOf(StoreUnavailableError);
      if (Date.now() - started > limitMs) {
        throw new Error(`still down after ${String(limitMs)} ms`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe.skipIf(!POSTGRES.available)('the PostgreSQL adapter when the database goes away', () => {
  let proxy: ChaosProxy;
  let db: Db;
  const warnings: string[] = [];

  const open = (options: Partial<PostgresOptions> = {}) =>
    openPostgres({
      url: proxy.url(POSTGRES_URL ?? ''),
      poolSize: 4,
      connectTimeoutMs: CONNECT_MS,
      statementTimeoutMs: STATEMENT_MS,
      lockTimeoutMs: 500,
      log: { warn: (_obj, msg) => warnings.push(msg), info: (_obj, msg) => warnings.push(msg) },
      ...options,
    });

  beforeEach(async () => {
    warnings.length = 0;
    proxy = await startProxy({ host: '127.0.0.1', port: Number(new URL(POSTGRES_URL ?? '').port || 5432) });
    db = await open();
  });
  afterEach(async () => {
    await proxy.set('pass');
    await db.close();
    await proxy.close();
  });

  it('answers a reset mid-transaction with StoreUnavailableError at once, then fast, and recovers', async () => {
    const inFlight = timedRejection(db.transaction((tx) => tx.query('SELECT pg_sleep(5)')));
    await new Promise((r) => setTimeout(r, 200));
    await proxy.set('reset');
    const cut = await inFlight;
    expect(cut.error).toBeInstanceOf(StoreUnavailableError);
    expect(cut.ms).toBeLessThan(1_000);

    // Once a probe has failed, callers are told without a network round trip.
    await expect.poll(() => warnings).toContain('database unreachable: answering 503 until it is back');
    const fast = await timedRejection(db.query('SELECT 1'));
    expect(fast.error).toBeInstanceOf(StoreUnavailableError);
    expect(fast.ms).toBeLessThan(50);

    await proxy.set('pass');
    expect(await backWithin(db, 2_000)).toBeLessThan(2_000);
    expect(warnings).toContain('database reachable again');
  });

  it('answers refused connections with StoreUnavailableError within the connect timeout, and recovers', async () => {
    await proxy.set('refuse');
    const cut = await timedRejection(db.query('SELECT 1'));
    expect(cut.error).toBeInstanceOf(StoreUnavailableError);
    expect(cut.ms).toBeLessThan(CONNECT_MS + 500);
    await proxy.set('pass');
    expect(await backWithin(db, 2_000)).toBeLessThan(2_000);
  });

  it('gives up on a blackholed database: statements in flight end, new ones are refused at once', async () => {
    await proxy.set('blackhole');
    // Sent into the hole: unanswered, found out by a probe that cannot connect either.
    const cut = await timedRejection(db.transaction((tx) => tx.query('SELECT 1')));
    expect(cut.error).toBeInstanceOf(StoreUnavailableError);
    expect(cut.ms).toBeLessThan(CONNECT_MS * 2 + 750);
    const fast = await timedRejection(db.query('SELECT 1'));
    expect(fast.error).toBeInstanceOf(StoreUnavailableError);
    expect(fast.ms).toBeLessThan(50);
    await proxy.set('pass');
    expect(await backWithin(db, 2_000)).toBeLessThan(2_000);
  });

  it('abandons a statement on a connection that went silent alone, while the database answers', async () => {
    await db.query('SELECT 1'); // a pooled connection to freeze
    await proxy.set('freeze');
    const cut = await timedRejection(db.query('SELECT 1'));
    expect(cut.error).toBeInstanceOf(StoreUnavailableError);
    expect((cut.error as Error).message).toContain('Connection terminated');
    // The statement deadline: the server's statement timeout plus a second, give or take a tick.
    expect(cut.ms).toBeGreaterThanOrEqual(STATEMENT_MS + 1_000 - 300);
    expect(cut.ms).toBeLessThan(STATEMENT_MS + 1_000 + 1_000);
    // Probes reached the database: it was never called down, and the destroyed client is not reused.
    expect(warnings).not.toContain('database unreachable: answering 503 until it is back');
    expect((await db.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('turns a statement timeout into StoreUnavailableError without calling the database down', async () => {
    const slow = await timedRejection(db.query('SELECT pg_sleep(3)'));
    expect(slow.error).toBeInstanceOf(StoreUnavailableError);
    expect(((slow.error as Error).cause as { code?: string }).code).toBe('57014');
    expect(slow.ms).toBeLessThan(STATEMENT_MS + 500);
    expect((await db.query<{ n: number }>('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
    expect(warnings).toEqual([]);
  });

  it('ends a transaction left idle past the idle-in-transaction timeout, and serves the next caller', async () => {
    const idle = await open({ idleInTransactionTimeoutMs: 200 });
    try {
      const error = await rejection(
        idle.transaction(async (tx) => {
          await tx.query('SELECT 1');
          await new Promise((r) => setTimeout(r, 700));
          await tx.query('SELECT 2');
        }),
      );
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((await idle.query<{ n: number }>('SELECT 3 AS n')).rows).toEqual([{ n: 3 }]);
    } finally {
      await idle.close();
    }
  });

  it('answers a wait for a pooled connection past the connect timeout with StoreUnavailableError', async () => {
    const single = await open({ poolSize: 1 });
    try {
      const holding = single.transaction(() => new Promise((r) => setTimeout(r, CONNECT_MS + 400)));
      const waited = await timedRejection(single.query('SELECT 1'));
      expect(waited.error).toBeInstanceOf(StoreUnavailableError);
      expect((waited.error as Error).message).toContain('timeout exceeded when trying to connect');
      await holding;
      expect((await single.query<{ n: number }>('SELECT 4 AS n')).rows).toEqual([{ n: 4 }]);
    } finally {
      await single.close();
    }
  });

  it('keeps listening across a reset: the LISTEN connection comes back by itself', async () => {
    let heard = 0;
    const stop = await db.listen('baobab_chaos', () => {
      heard++;
    });
    try {
      await proxy.set('reset');
      await new Promise((r) => setTimeout(r, 300));
      await proxy.set('pass');
      await backWithin(db, 2_000);
      await expect
        .poll(
          async () => {
            await db.query(`NOTIFY baobab_chaos`);
            return heard;
          },
          { timeout: 5_000, interval: 200 },
        )
        .toBeGreaterThan(0);
    } finally {
      await stop();
    }
  });
});
