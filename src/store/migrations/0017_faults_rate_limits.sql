-- Request faults and rate limits (docs/sandbox.md "Faults", "Rate limits").
--
-- A merchant's fault profile: the chance of each fault kind per request and the seed of the draw.
-- `requests` counts the merchant's requests drawn against it since it was set (PUT resets it): the
-- n-th request under a seed meets the same fault on every run, whichever node serves it.
CREATE TABLE sandbox_fault_profiles (
  merchant_id text PRIMARY KEY REFERENCES merchants (id) ON DELETE CASCADE,
  seed bigint NOT NULL,
  rates jsonb NOT NULL,
  latency_ms integer NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);

-- The shared token bucket of each (merchant, route group). Nodes keep a local copy and sync it here
-- every BAOBAB_RATE_LIMIT_SYNC_MS: one statement refills the bucket to the node's clock, takes off what
-- the node spent since its last sync, and returns what is left for all nodes. `spent` is the last
-- sync's deduction, kept only because ON CONFLICT can read the proposed row alone.
CREATE TABLE rate_limit_buckets (
  merchant_id text NOT NULL,
  route_group text NOT NULL,
  tokens double precision NOT NULL,
  capacity double precision NOT NULL,
  per_second double precision NOT NULL,
  spent double precision NOT NULL,
  refilled_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, route_group)
);

-- Nodes read the buckets synced in the last minute (a bucket another node started).
CREATE INDEX rate_limit_buckets_refilled ON rate_limit_buckets (refilled_at);
