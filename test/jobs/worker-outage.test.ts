/**
 * A worker whose store is down keeps the node up and quiet: its polls back off instead of hammering
 * the store, the spell is logged once (not once per poll), and the worker picks up where it was by
 * itself when the store answers again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.js';
import type { Deps } from '../../src/flows/deps.js';
import { jobInsert, newJobId } from '../../src/store/jobs.js';
import { createWorker, type JobHandler } from '../../src/jobs/worker.js';
import type { Db } from '../../src/store/db.js';
import { writeAll } from '../../src/store/statement.js';
import { deferred } from '../support/async.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

/** The gateway's store, failing every call while `down` is set; counts the calls it refused. */
function switchable(db: Db) {
  const state = { down: false, refused: 0 };
  const refuse = () => {
    state.refused++;
    return Promise.reject(new StoreUnavailableError('the database is unavailable: connect ECONNREFUSED'));
  };
  const wrapped: Db = {
    kind: db.kind,
    query: (sql, params) => (state.down ? refuse() : db.query(sql, params)),
    exec: (sql) => (state.down ? refuse() : db.exec(sql)),
    transaction: (work) => (state.down ? refuse() : db.transaction(work)),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
  return { state, db: wrapped };
}

describe('a polling worker while its store is down', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('backs off, logs the outage once and its end once, and runs what is due once the store is back', async () => {
    const store = switchable(gw.deps.db);
    const deps: Deps = { ...gw.deps, db: store.db };
    const ran = deferred();
    const handlers: Record<string, JobHandler> = {
      ping: async () => {
        ran.resolve();
      },
    };
    const lines: { level: string; msg: string }[] = [];
    const POLL_MS = 10;
    const worker = createWorker(deps, handlers, {
      pollMs: POLL_MS,
      log: {
        warn: (_obj, msg) => lines.push({ level: 'warn', msg }),
        error: (_obj, msg) => lines.push({ level: 'error', msg }),
      },
    });

    store.state.down = true;
    worker.start();
    const OUTAGE_MS = 1_500;
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // Polling every 10 ms would have tried about 150 times; doubling pauses try a handful of times.
    expect(store.state.refused).toBeGreaterThanOrEqual(3);
    expect(store.state.refused).toBeLessThan(15);
    expect(lines).toEqual([
      { level: 'error', msg: 'job poll failed; polls back off until the store answers' },
    ]);

    const now = gw.clock.now();
    await writeAll(gw.deps.db, [
      jobInsert({ id: newJobId(), kind: 'ping', payload: {}, runAt: now, createdAt: now }),
    ]);
    store.state.down = false;
    try {
      await ran.promise;
    } finally {
      await worker.stop();
    }
    expect(lines.at(-1)).toEqual({ level: 'warn', msg: 'job polls succeed again' });
    expect(lines).toHaveLength(2);
  });
});
