-- Webhooks (src/webhooks, src/jobs): where a merchant's events go, and every delivery and attempt.
--
-- The events table is the outbox. An event row is written in the same statement as the change it
-- tells; a relay on any node claims undispatched rows (FOR UPDATE SKIP LOCKED), writes one delivery
-- per subscribed endpoint with its first delivery job, and marks the event dispatched, in one
-- transaction. Events that exist before this migration were never meant for delivery.
ALTER TABLE events ADD COLUMN dispatched_at timestamptz;
UPDATE events SET dispatched_at = created_at;
CREATE INDEX events_undispatched ON events (seq) WHERE dispatched_at IS NULL;
CREATE INDEX events_recent ON events (merchant_id, created_at DESC, seq DESC);

-- A merchant's receivers. `dialect` decides the body and headers: a v4 endpoint (managed through
-- /profile/webhook-endpoints) has its own secret; the v3 endpoint (one per merchant: the dashboard's
-- single URL) is signed with the merchant's webhook secret hash, in the envelope or the legacy flat
-- format.
CREATE TABLE webhook_endpoints (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  dialect text NOT NULL CHECK (dialect IN ('v4', 'v3')),
  url text NOT NULL,
  -- v4 only: AES-GCM sealed with the master key (the server must sign with it in clear).
  secret_sealed text,
  -- NULL: every event type.
  event_types text[],
  status text NOT NULL CHECK (status IN ('enabled', 'disabled')),
  -- v4: `hmac` signs flutterwave-signature, `plain` sends the secret itself. v3: `envelope` or `legacy`.
  mode text NOT NULL,
  description text,
  meta jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Deleted endpoints stay, so their deliveries and attempts can still be read.
  deleted_at timestamptz,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CHECK ((dialect = 'v4') = (secret_sealed IS NOT NULL))
);
CREATE INDEX webhook_endpoints_merchant ON webhook_endpoints (merchant_id, created_at DESC, seq DESC)
  WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX webhook_endpoints_one_v3 ON webhook_endpoints (merchant_id)
  WHERE dialect = 'v3' AND deleted_at IS NULL;

-- One event on its way to one endpoint. `cause` is `event` for the relay's fan-out (once per event and
-- endpoint, whatever the relay's retries) or `resend` for a merchant's explicit resend.
CREATE TABLE webhook_deliveries (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  event_id text NOT NULL REFERENCES events (id),
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id),
  cause text NOT NULL CHECK (cause IN ('event', 'resend')),
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  -- Attempts begun so far; the next one is attempts + 1.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_status_code integer,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE UNIQUE INDEX webhook_deliveries_fan_out ON webhook_deliveries (event_id, endpoint_id)
  WHERE cause = 'event';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id, seq);

-- Every attempt, as the receiver answered it. A row is written when the attempt begins and completed
-- when it ends: a row that never got an outcome is an attempt a node died in.
CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id),
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  duration_ms integer,
  status_code integer,
  response_excerpt text,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);
