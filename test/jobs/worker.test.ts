import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RETRY_BASE_MS, claimDue, findJob, jobInsert, newJobId, type NewJob } from '../../src/store/jobs.js';
import { createWorker, type JobHandler, type WorkerOptions } from '../../src/jobs/worker.js';
import { writeAll } from '../../src/store/statement.js';
import { deferred } from '../support/async.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { STORES } from '../support/stores.js';

interface LogLine {
  readonly level: 'warn' | 'error';
  readonly obj: object;
  readonly msg: string;
}

const recorder = (): WorkerOptions['log'] & { lines: LogLine[] } => {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
};

// Lets every callback already queued run: handlers that yield give their siblings the chance to start.
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`job worker on ${kind.name}`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());
    beforeEach(async () => {
      await gw.deps.db.query('DELETE FROM jobs');
    });

    const enqueue = async (kind: string, payload: unknown, inMs = 0, fields: Partial<NewJob> = {}) => {
      const now = gw.clock.now();
      const job: NewJob = {
        id: newJobId(),
        kind,
        payload,
        runAt: new Date(now.getTime() + inMs),
        createdAt: now,
        ...fields,
      };
      await writeAll(gw.deps.db, [jobInsert(job)]);
      return job;
    };
    const jobCount = async (): Promise<number> =>
      Number((await gw.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs')).rows[0]?.n);

    it('runs the jobs that are due with their payloads, deletes them, and leaves the others for later', async () => {
      const seen: unknown[] = [];
      const handlers: Record<string, JobHandler> = {
        record: async (deps, payload) => {
          expect(deps).toBe(gw.deps);
          seen.push(payload);
        },
      };
      const log = recorder();
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, log });
      await enqueue('record', { n: 1 });
      await enqueue('record', { n: 2 });
      const later = await enqueue('record', { n: 3 }, 60_000);

      expect(await worker.runDue()).toBe(2);
      expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
      expect(await jobCount()).toBe(1);
      expect(await worker.runDue()).toBe(0);

      gw.clock.advance(60_000);
      expect(await worker.runDue()).toBe(1);
      expect(seen).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
      expect(await findJob(gw.deps.db, later.id)).toBeUndefined();
      expect(log.lines).toEqual([]);
    });

    it('runs a batch side by side, never more than `batch` at once, and every due job in one pass', async () => {
      let running = 0;
      let most = 0;
      const handlers: Record<string, JobHandler> = {
        slow: async () => {
          running++;
          most = Math.max(most, running);
          await turn();
          await turn();
          running--;
        },
      };
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, batch: 3, log: recorder() });
      for (let i = 0; i < 7; i++) await enqueue('slow', { i });

      expect(await worker.runDue()).toBe(7);
      expect(most).toBe(3);
      expect(await jobCount()).toBe(0);
    });

    it('runs a job a handler enqueues for now in the same pass', async () => {
      const ran: string[] = [];
      const handlers: Record<string, JobHandler> = {
        first: async () => {
          ran.push('first');
          await enqueue('second', {});
        },
        second: async () => {
          ran.push('second');
        },
      };
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, log: recorder() });
      await enqueue('first', {});
      expect(await worker.runDue()).toBe(2);
      expect(ran).toEqual(['first', 'second']);
    });

    it('retries a failing job with a growing backoff, logging a warning, then gives it up as dead with an error', async () => {
      let calls = 0;
      const handlers: Record<string, JobHandler> = {
        flaky: async () => {
          calls++;
          throw new Error(`merchant endpoint said 503 (call ${calls})`);
        },
      };
      const log = recorder();
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, maxAttempts: 3, log });
      const job = await enqueue('flaky', {});

      expect(await worker.runDue()).toBe(1);
      // Not again in the same pass, nor before the backoff has passed.
      expect(calls).toBe(1);
      gw.clock.advance(RETRY_BASE_MS - 1);
      expect(await worker.runDue()).toBe(0);
      gw.clock.advance(1);
      expect(await worker.runDue()).toBe(1);
      gw.clock.advance(2 * RETRY_BASE_MS - 1);
      expect(await worker.runDue()).toBe(0);
      gw.clock.advance(1);
      expect(await worker.runDue()).toBe(1);
      expect(calls).toBe(3);

      expect(log.lines.map((l) => [l.level, l.msg])).toEqual([
        ['warn', 'job failed; it will be retried'],
        ['warn', 'job failed; it will be retried'],
        ['error', 'job failed for the last time; the job is dead'],
      ]);
      expect(log.lines[0]?.obj).toMatchObject({ job_id: job.id, kind: 'flaky', attempt: 1 });
      expect(await findJob(gw.deps.db, job.id)).toMatchObject({
        attempts: 3,
        failedAt: gw.clock.now(),
        lastError: 'merchant endpoint said 503 (call 3)',
      });

      gw.clock.advance(86_400_000);
      expect(await worker.runDue()).toBe(0);
      expect(calls).toBe(3);
    });

    it('gives up at once, with an error, a job whose kind has no handler, instead of retrying it for ever', async () => {
      const log = recorder();
      const worker = createWorker(gw.deps, gw.handlers, { pollMs: 10, log });
      const job = await enqueue('no.such.kind', { x: 1 });
      // `toString` is on every object's prototype, not a handler.
      const inherited = await enqueue('toString', {});

      expect(await worker.runDue()).toBe(0);
      expect(log.lines.map((l) => [l.level, l.msg])).toEqual([
        ['error', 'no handler for this job kind; the job is dead'],
        ['error', 'no handler for this job kind; the job is dead'],
      ]);
      expect(await findJob(gw.deps.db, job.id)).toMatchObject({
        failedAt: gw.clock.now(),
        lastError: 'no handler for job kind "no.such.kind"',
      });
      expect((await findJob(gw.deps.db, inherited.id))?.failedAt).toEqual(gw.clock.now());
      gw.clock.advance(86_400_000);
      expect(await gw.runJobs()).toBe(0);
    });

    it('gives up, without running it, a job whose attempts kept outliving their lease', async () => {
      let calls = 0;
      const handlers: Record<string, JobHandler> = {
        poison: async () => {
          calls++;
        },
      };
      const log = recorder();
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, maxAttempts: 2, leaseMs: 1_000, log });
      const job = await enqueue('poison', {});
      // Two nodes claimed it and died before recording anything.
      for (let i = 0; i < 2; i++) {
        await claimDue(gw.deps.db, gw.clock.now(), 10, 1_000);
        gw.clock.advance(1_000);
      }

      expect(await worker.runDue()).toBe(0);
      expect(calls).toBe(0);
      expect(log.lines.map((l) => [l.level, l.msg])).toEqual([
        ['error', 'job keeps outliving its lease; the job is dead'],
      ]);
      expect(await findJob(gw.deps.db, job.id)).toMatchObject({ attempts: 3, failedAt: gw.clock.now() });
    });

    it('stop() waits for the handler in flight, which finishes and is recorded, and polling ends', async () => {
      const started = deferred();
      const release = deferred();
      const handlers: Record<string, JobHandler> = {
        held: async () => {
          started.resolve();
          await release.promise;
        },
      };
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, log: recorder() });
      const job = await enqueue('held', {});
      worker.start();
      await started.promise;

      let stopped = false;
      const stopping = worker.stop().then(() => {
        stopped = true;
      });
      for (let i = 0; i < 5; i++) await turn();
      expect(stopped).toBe(false);

      release.resolve();
      await stopping;
      expect(await findJob(gw.deps.db, job.id)).toBeUndefined();
    });

    it('keeps polling while started, picking up jobs enqueued after a pass', async () => {
      const done = [deferred(), deferred()];
      const handlers: Record<string, JobHandler> = {
        ping: async (_deps, payload) => {
          done[Number(payload)]?.resolve();
        },
      };
      const worker = createWorker(gw.deps, handlers, { pollMs: 10, log: recorder() });
      worker.start();
      worker.start(); // a second start is harmless: still one poll loop
      try {
        await enqueue('ping', 0);
        await done[0]?.promise;
        await enqueue('ping', 1);
        await done[1]?.promise;
      } finally {
        await worker.stop();
      }
      expect(await jobCount()).toBe(0);
    });
  });
}
