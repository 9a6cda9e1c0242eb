-- The job queue (src/jobs): timers now, webhook deliveries next. A job is a row; any node's worker
-- claims due rows with FOR UPDATE SKIP LOCKED and a lease (`locked_until`), so a job a crashed node
-- held is claimed again once its lease runs out. Every time is written from the application's clock,
-- never SQL now(), so tests move time by hand. Finished jobs are deleted: the table holds only work
-- still to do and dead jobs.
CREATE TABLE jobs (
  id text PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  run_at timestamptz NOT NULL,
  -- Claims so far, counted when claimed: a lease that ran out (a crashed node) counts as an attempt.
  attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_error text,
  -- Set when the job is given up (out of attempts, or no handler for its kind): it is never claimed
  -- again, and stays for diagnosis.
  failed_at timestamptz,
  dedupe_key text,
  created_at timestamptz NOT NULL,
  -- Tie-breaker for jobs due at the same instant: first enqueued, first run.
  seq bigint GENERATED ALWAYS AS IDENTITY
);

-- Enqueueing a key twice keeps one job (the insert says ON CONFLICT DO NOTHING). NULLs are distinct,
-- so jobs without a key never collide. A key is free again once its job is finished (deleted); a dead
-- job keeps its key.
CREATE UNIQUE INDEX jobs_dedupe_key ON jobs (dedupe_key);

-- "Due jobs, earliest first" over live jobs only: dead ones stay out of the claim's way.
CREATE INDEX jobs_due ON jobs (run_at, seq) WHERE failed_at IS NULL;
