import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  claimDue,
  completeJob,
  deadLetterJob,
  findJob,
  jobInsert,
  newJobId,
  retryJob,
  type NewJob,
} from '../../src/store/jobs.js';
import type { Db } from '../../src/store/db.js';
import { replyInsert } from '../../src/store/idempotency.js';
import { migrate } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite.js';
import { writeAll } from '../../src/store/statement.js';
import { rejection } from '../support/async.js';
import { ManualClock } from '../support/clock.js';
import { POSTGRES, STORES, type TestStore } from '../support/stores.js';

const LEASE = 30_000;

const newJob = (runAt: Date, fields: Partial<NewJob> = {}): NewJob => ({
  id: newJobId(),
  kind: 'test.job',
  payload: { n: 1 },
  runAt,
  createdAt: runAt,
  ...fields,
});

const enqueue = (db: Db, job: NewJob): Promise<void> => writeAll(db, [jobInsert(job)]);
const ids = (jobs: readonly { id: string }[]): string[] => jobs.map((j) => j.id);

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`job queue on ${kind.name}`, () => {
    let store: TestStore;
    let db: Db;
    let clock: ManualClock;
    beforeAll(async () => {
      store = await kind.open();
      db = store.db;
    });
    afterAll(() => store.close());
    beforeEach(async () => {
      await db.query('DELETE FROM jobs');
      clock = new ManualClock();
    });

    it('claims a job once its run_at has come, and not before, with its payload and first attempt', async () => {
      const job = newJob(new Date(clock.now().getTime() + 10_000), {
        payload: { charge: 'chg_1', n: [1, 2] },
      });
      await enqueue(db, job);

      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
      clock.advance(9_999);
      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
      clock.advance(1);
      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([
        {
          id: job.id,
          kind: 'test.job',
          payload: { charge: 'chg_1', n: [1, 2] },
          runAt: job.runAt,
          attempts: 1,
        },
      ]);
    });

    it('does not hand a claimed job out again while its lease holds, and does once it runs out (a crashed node)', async () => {
      const job = newJob(clock.now());
      await enqueue(db, job);
      expect(ids(await claimDue(db, clock.now(), 10, LEASE))).toEqual([job.id]);
      expect((await findJob(db, job.id))?.lockedUntil).toEqual(new Date(clock.now().getTime() + LEASE));

      clock.advance(LEASE - 1);
      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
      clock.advance(1);
      const [again] = await claimDue(db, clock.now(), 10, LEASE);
      expect(again).toMatchObject({ id: job.id, attempts: 2 });
    });

    it('claims the earliest due jobs first, first enqueued first among equals, at most `limit` at a time', async () => {
      const t0 = clock.now().getTime();
      const late = newJob(new Date(t0 - 1_000));
      const early = newJob(new Date(t0 - 5_000));
      const tieA = newJob(new Date(t0 - 3_000));
      const tieB = newJob(new Date(t0 - 3_000));
      for (const job of [late, early, tieA, tieB]) await enqueue(db, job);

      expect(ids(await claimDue(db, clock.now(), 3, LEASE))).toEqual([early.id, tieA.id, tieB.id]);
      expect(ids(await claimDue(db, clock.now(), 3, LEASE))).toEqual([late.id]);
    });

    it('deletes a completed job', async () => {
      const job = newJob(clock.now());
      await enqueue(db, job);
      await claimDue(db, clock.now(), 10, LEASE);
      await completeJob(db, job.id);
      expect(await findJob(db, job.id)).toBeUndefined();
      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
    });

    it('keeps one job per dedupe key until that job is finished; jobs without a key never collide', async () => {
      const first = newJob(clock.now(), { dedupeKey: 'auto-complete:chg_1', payload: { first: true } });
      const second = newJob(clock.now(), { dedupeKey: 'auto-complete:chg_1', payload: { first: false } });
      await enqueue(db, first);
      await enqueue(db, second);
      // Within one statement too: writeAll composes the inserts as CTEs of a single statement.
      await writeAll(db, [
        jobInsert(newJob(clock.now(), { dedupeKey: 'auto-complete:chg_1' })),
        jobInsert(second),
      ]);
      await enqueue(db, newJob(clock.now()));
      await enqueue(db, newJob(clock.now()));

      const { rows } = await db.query<{ id: string; dedupe_key: string | null }>(
        'SELECT id, dedupe_key FROM jobs ORDER BY seq',
      );
      expect(rows).toHaveLength(3);
      expect(rows[0]).toEqual({ id: first.id, dedupe_key: 'auto-complete:chg_1' });
      expect(rows.slice(1).map((r) => r.dedupe_key)).toEqual([null, null]);

      await completeJob(db, first.id);
      await enqueue(db, second);
      expect(await findJob(db, second.id)).toMatchObject({ payload: { first: false } });
    });

    it('still refuses a job whose id is taken: only the dedupe key is allowed to collide', async () => {
      const job = newJob(clock.now());
      await enqueue(db, job);
      const error = await rejection(enqueue(db, { ...job, kind: 'other' }));
      expect(error).toMatchObject({ code: '23505' });
    });

    it('writes a job together with the statements beside it in writeAll, or not at all', async () => {
      const kept = newJob(clock.now());
      const alsoKept = newJob(clock.now());
      await writeAll(db, [jobInsert(kept), jobInsert(alsoKept)]);
      expect(await findJob(db, kept.id)).toBeDefined();
      expect(await findJob(db, alsoKept.id)).toBeDefined();

      // The sibling names a merchant that does not exist: its foreign key fails the whole statement.
      const lost = newJob(clock.now(), { dedupeKey: 'lost' });
      const failingSibling = replyInsert({
        merchantId: 'mer_nobodyhere',
        scope: 'POST /customers',
        key: 'k',
        fingerprint: 'f',
        status: 200,
        body: '{}',
        createdAt: clock.now(),
        expiresAt: clock.now(),
      });
      const error = await rejection(writeAll(db, [jobInsert(lost), failingSibling]));
      expect(error).toMatchObject({ code: '23503' });
      expect(await findJob(db, lost.id)).toBeUndefined();
      // The key was never taken either.
      await enqueue(db, { ...lost, id: newJobId() });
      expect((await db.query(`SELECT 1 FROM jobs WHERE dedupe_key = 'lost'`)).rowCount).toBe(1);
    });

    it('retries a failed job after a backoff that doubles, then gives it up as dead, never to be claimed again', async () => {
      const job = newJob(clock.now());
      await enqueue(db, job);
      const maxAttempts = 4;
      const delays: number[] = [];
      for (let attempt = 1; attempt < maxAttempts; attempt++) {
        const [claimed] = await claimDue(db, clock.now(), 10, LEASE);
        expect(claimed).toMatchObject({ id: job.id, attempts: attempt });
        const outcome = await retryJob(db, job.id, clock.now(), `boom ${attempt}`, maxAttempts);
        expect(outcome?.dead).toBe(false);
        const delay = (outcome?.runAt.getTime() ?? 0) - clock.now().getTime();
        delays.push(delay);
        // Released at once (no lease), but not due before the backoff has passed.
        expect(await findJob(db, job.id)).toMatchObject({ lockedUntil: null, lastError: `boom ${attempt}` });
        clock.advance(delay - 1);
        expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
        clock.advance(1);
      }
      expect(delays).toEqual([RETRY_BASE_MS, 2 * RETRY_BASE_MS, 4 * RETRY_BASE_MS]);

      await claimDue(db, clock.now(), 10, LEASE);
      const last = await retryJob(db, job.id, clock.now(), 'boom 4', maxAttempts);
      expect(last?.dead).toBe(true);
      expect(await findJob(db, job.id)).toMatchObject({
        attempts: 4,
        failedAt: clock.now(),
        lockedUntil: null,
        lastError: 'boom 4',
      });
      clock.advance(365 * 86_400_000);
      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
      // A dead job is not retried again either.
      expect(await retryJob(db, job.id, clock.now(), 'again', maxAttempts)).toBeUndefined();
    });

    it('never waits more than an hour between attempts, however many have failed', async () => {
      const job = newJob(clock.now());
      await enqueue(db, job);
      let delay = 0;
      for (let attempt = 1; attempt <= 14; attempt++) {
        await claimDue(db, clock.now(), 10, LEASE);
        const outcome = await retryJob(db, job.id, clock.now(), 'down', 100);
        delay = (outcome?.runAt.getTime() ?? 0) - clock.now().getTime();
        clock.advance(delay);
      }
      expect(delay).toBe(RETRY_CAP_MS);
    });

    it('never claims a job given up by deadLetterJob, and keeps it with its reason', async () => {
      const job = newJob(clock.now());
      await enqueue(db, job);
      await claimDue(db, clock.now(), 10, LEASE);
      const diedAt = clock.now();
      await deadLetterJob(db, job.id, diedAt, 'no handler for job kind "test.job"');
      clock.advance(LEASE);
      expect(await claimDue(db, clock.now(), 10, LEASE)).toEqual([]);
      expect(await findJob(db, job.id)).toMatchObject({
        failedAt: diedAt,
        lastError: 'no handler for job kind "test.job"',
      });
    });

    it('never hands the same job to two claims running at once', async () => {
      // On PostgreSQL the claims come from two nodes (two pools); PGlite has one session to share.
      const other = store.reopen ? await store.reopen() : db;
      const jobs = Array.from({ length: 200 }, () => newJob(clock.now()));
      await writeAll(db, jobs.map(jobInsert));

      const claims = await Promise.all(
        Array.from({ length: 24 }, (_, i) => claimDue(i % 2 === 0 ? db : other, clock.now(), 10, LEASE)),
      );
      const claimed = claims.flatMap(ids);
      expect(new Set(claimed).size).toBe(claimed.length);
      // A claim may come back short (it skipped rows another was taking), never with a taken one.
      const rest = ids(await claimDue(db, clock.now(), 1_000, LEASE));
      expect(new Set([...claimed, ...rest]).size).toBe(200);
      expect(claimed.length + rest.length).toBe(200);
    });
  });
}

describe('jobs surviving a restart', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a job across closing and reopening the embedded store, claimable after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-jobs-'));
    dirs.push(dir);
    const clock = new ManualClock();
    const job = newJob(clock.now(), { payload: { survives: true } });

    const before = await openPglite(dir);
    try {
      await migrate(before);
      await enqueue(before, job);
    } finally {
      await before.close();
    }

    const after = await openPglite(dir);
    try {
      expect(await claimDue(after, clock.now(), 10, LEASE)).toEqual([
        { id: job.id, kind: job.kind, payload: { survives: true }, runAt: job.runAt, attempts: 1 },
      ]);
    } finally {
      await after.close();
    }
  });

  it.skipIf(!POSTGRES.available)(
    'hands a job a node claimed and never finished to another node once the lease runs out (PostgreSQL)',
    async () => {
      const store = await POSTGRES.open();
      try {
        const reopen = store.reopen;
        if (!reopen) throw new Error('the PostgreSQL test store can reopen');
        const clock = new ManualClock();
        const job = newJob(clock.now());
        await enqueue(store.db, job);
        expect(ids(await claimDue(store.db, clock.now(), 10, LEASE))).toEqual([job.id]);

        const otherNode = await reopen();
        expect(await claimDue(otherNode, clock.now(), 10, LEASE)).toEqual([]);
        clock.advance(LEASE);
        expect(await claimDue(otherNode, clock.now(), 10, LEASE)).toMatchObject([
          { id: job.id, attempts: 2 },
        ]);
      } finally {
        await store.close();
      }
    },
  );
});
