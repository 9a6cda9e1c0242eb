-- A sandbox clock per merchant (docs/sandbox.md "Time"). The merchant's time is real time plus
-- `offset_ms`, or, while `frozen_at` is set, `frozen_at` itself. A merchant without a row runs on real
-- time. The clock never moves backwards: unfreezing sets the offset so that time resumes from the
-- frozen instant, and advancing only ever moves it forward.
CREATE TABLE sandbox_clocks (
  merchant_id text PRIMARY KEY REFERENCES merchants (id) ON DELETE CASCADE,
  offset_ms bigint NOT NULL DEFAULT 0,
  frozen_at timestamptz,
  updated_at timestamptz NOT NULL
);

-- Timers on a merchant's clock: a job with `due_at` is due when the merchant's time reaches it
-- (merchant time), and `run_at` stays the real instant the worker claims it at, re-timed whenever the
-- clock is frozen, unfrozen or advanced (run_at = real now + (due_at - merchant now)). A NULL
-- `run_at` parks the job: its merchant's clock is frozen before it is due, so no claim matches it.
ALTER TABLE jobs ADD COLUMN merchant_id text;
ALTER TABLE jobs ADD COLUMN due_at timestamptz;
ALTER TABLE jobs ALTER COLUMN run_at DROP NOT NULL;

-- A merchant's timers in due order: what an advance runs, and what freezing and unfreezing re-time.
CREATE INDEX jobs_merchant_due ON jobs (merchant_id, due_at, seq)
  WHERE due_at IS NOT NULL AND failed_at IS NULL;

-- The merchant's time at the real instant `real_now`.
CREATE FUNCTION sandbox_merchant_now(merchant text, real_now timestamptz) RETURNS timestamptz
  LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT coalesce(c.frozen_at, real_now + c.offset_ms * interval '1 millisecond')
     FROM sandbox_clocks c WHERE c.merchant_id = merchant),
    real_now)
$$;

-- When a timer set `delay_ms` from now on the merchant's clock falls due, in merchant time.
CREATE FUNCTION sandbox_timer_due(merchant text, real_now timestamptz, delay_ms double precision)
  RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT sandbox_merchant_now(merchant, real_now) + greatest(delay_ms, 0) * interval '1 millisecond'
$$;

-- The real instant such a timer is claimed at: `delay_ms` from now on a running clock (whatever its
-- offset), now when it is already due, never (NULL, parked) on a clock frozen before it falls due.
CREATE FUNCTION sandbox_timer_run_at(merchant text, real_now timestamptz, delay_ms double precision)
  RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN delay_ms > 0 AND EXISTS (
      SELECT 1 FROM sandbox_clocks c WHERE c.merchant_id = merchant AND c.frozen_at IS NOT NULL)
    THEN NULL
    ELSE real_now + greatest(delay_ms, 0) * interval '1 millisecond'
  END
$$;
