/**
 * The relay runs on its own: a wake relays at once even while the worker's refill loop is busy
 * (slow claims, jobs ending all the time), and a burst of wakes folds into few relays. Finished jobs
 * are deleted in groups, each only while it is still its claim's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompletions } from '../../src/jobs/completions.js';
import { createWorker } from '../../src/jobs/worker.js';
import type { Queryable } from '../../src/store/db.js';
import { claimDue, findJob, jobInsert, newJobId } from '../../src/store/jobs.js';
import { writeAll } from '../../src/store/statement.js';
import { deferred } from '../support/async.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { STORES } from '../support/stores.js';

const quiet = { warn: () => undefined, error: () => undefined };

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`the worker's relay and completions on ${kind.name}`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    it('relays on a wake while a refill is still claiming, and folds a burst of wakes', async () => {
      // Claims hang until the gate opens: the refill loop is busy until then.
      const gate = deferred();
      const slowClaims: Queryable = {
        query: async (sql, params) => {
          if (sql.startsWith('UPDATE jobs SET locked_until')) await gate.promise;
          return gw.deps.db.query(sql, params);
        },
        exec: (sql) => gw.deps.db.exec(sql),
      };
      const relayed = deferred();
      let relays = 0;
      const worker = createWorker(
        { ...gw.deps, db: { ...gw.deps.db, ...slowClaims } },
        {},
        {
          pollMs: 60_000,
          beforePass: async () => {
            relays++;
            if (relays === 2) relayed.resolve();
          },
          log: quiet,
        },
      );
      worker.start();
      try {
        worker.wake();
        // The first wake's refill claim now hangs; the next wakes must relay without waiting for it.
        await new Promise((r) => setTimeout(r, 20));
        for (let i = 0; i < 50; i++) worker.wake();
        const first = await Promise.race([
          relayed.promise.then(() => 'relayed'),
          new Promise((r) => setTimeout(r, 10_000)).then(() => 'still waiting for the claim'),
        ]);
        expect(first).toBe('relayed');
        gate.resolve();
        await new Promise((r) => setTimeout(r, 50));
        // 51 wakes: the first relay, then the burst folded into one or two more.
        expect(relays).toBeGreaterThanOrEqual(2);
        expect(relays).toBeLessThanOrEqual(4);
      } finally {
        await worker.stop();
      }
    });

    it('deletes jobs that end together in one statement, and not a job another claim now holds', async () => {
      const now = gw.clock.now();
      const ids = Array.from({ length: 5 }, () => newJobId());
      await writeAll(
        gw.deps.db,
        ids.map((id) => jobInsert({ id, kind: 'grouped', payload: {}, runAt: now, createdAt: now })),
      );
      const jobs = (await claimDue(gw.deps.db, now, 100, 60_000)).filter((j) => ids.includes(j.id));
      expect(jobs).toHaveLength(5);
      let deletes = 0;
      const counting: Queryable = {
        query: (sql, params) => {
          if (sql.startsWith('DELETE FROM jobs')) deletes++;
          return gw.deps.db.query(sql, params);
        },
        exec: (sql) => gw.deps.db.exec(sql),
      };
      const completions = createCompletions(counting);
      const [first, ...rest] = jobs;
      if (!first) throw new Error('no job');
      // The last one's claim is stale: a later claim (attempts + 1) holds it now.
      const stale = rest.pop();
      if (!stale) throw new Error('no job');
      await gw.deps.db.query('UPDATE jobs SET attempts = attempts + 1 WHERE id = $1', [stale.id]);
      await Promise.all([first, ...rest, stale].map((job) => completions.complete(job)));
      // The first goes at once; the others ended while it was in flight, and go together.
      expect(deletes).toBe(2);
      for (const job of [first, ...rest]) expect(await findJob(gw.deps.db, job.id)).toBeUndefined();
      expect(await findJob(gw.deps.db, stale.id)).toBeDefined();
    });

    it('rejects every job of a group whose deletion failed: they stay leased, and run again', async () => {
      const failing: Queryable = {
        query: () => Promise.reject(new Error('store down')),
        exec: () => Promise.reject(new Error('store down')),
      };
      const completions = createCompletions(failing);
      const job = { id: newJobId(), kind: 'x', payload: {}, runAt: new Date(), attempts: 1 };
      await expect(completions.complete(job)).rejects.toThrow('store down');
    });
  });
}
