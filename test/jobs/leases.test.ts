/**
 * Job leases are short and renewed while a job runs: a job that runs longer than its lease stays its
 * worker's, and one whose lease ran out and was claimed by another worker is left to that worker —
 * the first run neither finishes, retries nor buries it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claimDue, findJob, jobInsert, newJobId } from '../../src/store/jobs.js';
import { createWorker, type JobHandler, type WorkerOptions } from '../../src/jobs/worker.js';
import { writeAll } from '../../src/store/statement.js';
import { deferred } from '../support/async.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { STORES } from '../support/stores.js';

const LEASE_MS = 1_000;

const recorder = (): WorkerOptions['log'] & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, warn: (_obj, msg) => lines.push(msg), error: (_obj, msg) => lines.push(msg) };
};

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`job leases on ${kind.name}`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());
    beforeEach(async () => {
      await gw.deps.db.query('DELETE FROM jobs');
    });

    const enqueue = async () => {
      const now = gw.clock.now();
      const job = { id: newJobId(), kind: 'held', payload: {}, runAt: now, createdAt: now };
      await writeAll(gw.deps.db, [jobInsert(job)]);
      return job;
    };
    const lockedUntil = async (id: string) => (await findJob(gw.deps.db, id))?.lockedUntil?.getTime() ?? 0;

    /** A worker whose one job runs until the test releases it. */
    const holding = (options: Partial<WorkerOptions>, outcome: 'return' | 'throw' = 'return') => {
      const started = deferred();
      const release = deferred();
      const handlers: Record<string, JobHandler> = {
        held: async () => {
          started.resolve();
          await release.promise;
          if (outcome === 'throw') throw new Error('failed after losing the job');
        },
      };
      const log = recorder();
      const worker = createWorker(gw.deps, handlers, { pollMs: 1_000, leaseMs: LEASE_MS, log, ...options });
      return { worker, started, release, log };
    };

    it('renews the lease of a job that runs longer than it: no other worker can claim it meanwhile', async () => {
      const job = await enqueue();
      const { worker, started, release } = holding({ renewEveryMs: 20 });
      const run = worker.runDue();
      await started.promise;
      const claimedUntil = await lockedUntil(job.id);

      // Time passes on the test clock; each renewal moves the lease to a full lease from now.
      for (let i = 0; i < 3; i++) {
        gw.clock.advance(LEASE_MS - 100);
        const now = gw.clock.now().getTime();
        await expect.poll(() => lockedUntil(job.id)).toBe(now + LEASE_MS);
        expect(await claimDue(gw.deps.db, gw.clock.now(), 10, LEASE_MS)).toEqual([]);
      }
      expect(await lockedUntil(job.id)).toBeGreaterThan(claimedUntil + 2 * LEASE_MS);

      release.resolve();
      expect(await run).toBe(1);
      expect(await findJob(gw.deps.db, job.id)).toBeUndefined();
    });

    it('leaves a job another worker claimed after its lease ran out: not deleted under the new owner', async () => {
      const job = await enqueue();
      const { worker, started, release, log } = holding({ renewEveryMs: 20 });
      const run = worker.runDue();
      await started.promise;
      // The first worker stalled: its lease ran out and another worker claimed the job (a second claim).
      await gw.deps.db.query('UPDATE jobs SET locked_until = $2 WHERE id = $1', [job.id, gw.clock.now()]);
      const [taken] = await claimDue(gw.deps.db, gw.clock.now(), 10, LEASE_MS);
      expect(taken).toMatchObject({ id: job.id, attempts: 2 });
      await expect
        .poll(() => log.lines)
        .toContain('job lease lost to another worker: this run will not record its outcome over the new one');
      const takenUntil = await lockedUntil(job.id);

      release.resolve();
      expect(await run).toBe(1);
      // The new owner's claim stands: there, its lease untouched by the old run's renewals.
      expect(await findJob(gw.deps.db, job.id)).toMatchObject({
        attempts: 2,
        lastError: null,
        failedAt: null,
      });
      expect(await lockedUntil(job.id)).toBe(takenUntil);
    });

    it('does not retry a job another worker claimed, when the first run then fails', async () => {
      const job = await enqueue();
      const { worker, started, release } = holding({ renewEveryMs: 3_600_000 }, 'throw');
      const run = worker.runDue();
      await started.promise;
      gw.clock.advance(LEASE_MS);
      expect(await claimDue(gw.deps.db, gw.clock.now(), 10, LEASE_MS)).toMatchObject([{ attempts: 2 }]);

      release.resolve();
      expect(await run).toBe(1);
      const state = await findJob(gw.deps.db, job.id);
      expect(state).toMatchObject({ attempts: 2, lastError: null, failedAt: null });
      expect(state?.lockedUntil?.getTime()).toBe(gw.clock.now().getTime() + LEASE_MS);
    });
  });
}
