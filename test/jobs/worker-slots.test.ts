/**
 * A started worker refills a slot as soon as its job ends, not at the next poll: otherwise a node runs
 * at most `batch` jobs per poll interval (40 webhook deliveries/s at the defaults), and a steady load
 * above that builds a backlog that never drains. And it polls at once when woken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobInsert, newJobId } from '../../src/store/jobs.js';
import { createWorker, type JobHandler } from '../../src/jobs/worker.js';
import { writeAll } from '../../src/store/statement.js';
import { deferred } from '../support/async.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { STORES } from '../support/stores.js';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`a started worker on ${kind.name}`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    it('runs a queue longer than its batch within one poll, a freed slot taking the next job', async () => {
      const JOBS = 6;
      const now = gw.clock.now();
      await writeAll(
        gw.deps.db,
        Array.from({ length: JOBS }, (_, i) =>
          jobInsert({ id: newJobId(), kind: 'one', payload: i, runAt: now, createdAt: now }),
        ),
      );
      const ran: unknown[] = [];
      const all = deferred();
      let concurrent = 0;
      let most = 0;
      const handlers: Record<string, JobHandler> = {
        one: async (_deps, payload) => {
          most = Math.max(most, ++concurrent);
          await new Promise((resolve) => setImmediate(resolve));
          ran.push(payload);
          concurrent--;
          if (ran.length === JOBS) all.resolve();
        },
      };
      let polls = 0;
      // One poll, a second away: every job must run in it, two at a time.
      const worker = createWorker(gw.deps, handlers, {
        pollMs: 1_000,
        batch: 2,
        beforePass: async () => {
          polls++;
        },
        log: { warn: () => undefined, error: () => undefined },
      });
      worker.start();
      try {
        await all.promise;
        expect(polls).toBe(1);
      } finally {
        await worker.stop();
      }
      expect([...ran].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(most).toBeLessThanOrEqual(2);
    });

    it('never gives a kind more than its limit: stuck jobs of it leave the other slots to other kinds', async () => {
      const now = gw.clock.now();
      const job = (kind: string, payload: number) =>
        jobInsert({ id: newJobId(), kind, payload, runAt: now, createdAt: now });
      // Five slow jobs queued first, then a timer: the timer must not wait behind them.
      await writeAll(
        gw.deps.db,
        [0, 1, 2, 3, 4].map((i) => job('stuck', i)),
      );
      await writeAll(gw.deps.db, [job('timer', 0)]);
      const release = deferred();
      const timerRan = deferred();
      let stuck = 0;
      let most = 0;
      const handlers: Record<string, JobHandler> = {
        stuck: async () => {
          most = Math.max(most, ++stuck);
          await release.promise;
          stuck--;
        },
        timer: async () => {
          timerRan.resolve();
        },
      };
      const worker = createWorker(gw.deps, handlers, {
        pollMs: 10,
        batch: 3,
        kindLimits: { stuck: 2 },
        log: { warn: () => undefined, error: () => undefined },
      });
      const pass = worker.runDue();
      try {
        await timerRan.promise;
        expect(most).toBe(2);
      } finally {
        release.resolve();
      }
      expect(await pass).toBe(6);
      expect(most).toBe(2);
    });

    it('polls at once when woken (an event was committed), not at the next interval', async () => {
      const ran = deferred();
      const handlers: Record<string, JobHandler> = {
        woken: async () => {
          ran.resolve();
        },
      };
      let polls = 0;
      const worker = createWorker(gw.deps, handlers, {
        pollMs: 60_000,
        beforePass: async () => {
          polls++;
        },
        log: { warn: () => undefined, error: () => undefined },
      });
      worker.wake(); // not started: nothing happens
      worker.start();
      try {
        const now = gw.clock.now();
        await writeAll(gw.deps.db, [
          jobInsert({ id: newJobId(), kind: 'woken', payload: 0, runAt: now, createdAt: now }),
        ]);
        const started = Date.now();
        worker.wake();
        await ran.promise;
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(polls).toBe(1);
      } finally {
        await worker.stop();
      }
    });
  });
}
