-- Foundation: instance settings, merchants and their credentials, customers, idempotency keys.
-- Secrets never appear in clear: *_hash columns hold keyed hashes, *_sealed columns AES-GCM ciphertext.

CREATE TABLE instance_settings (
  name text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE merchants (
  id text PRIMARY KEY,
  account_id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100001) UNIQUE,
  name text NOT NULL,
  v3_public_key text NOT NULL UNIQUE,
  v3_secret_key_hash text NOT NULL UNIQUE,
  v3_secret_key_prefix text NOT NULL,
  v3_encryption_key_sealed text NOT NULL,
  v4_client_id text NOT NULL UNIQUE,
  v4_client_secret_hash text NOT NULL,
  v4_client_secret_prefix text NOT NULL,
  v4_encryption_key_sealed text NOT NULL,
  webhook_secret_hash_sealed text NOT NULL,
  sandbox_seed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
-- At most one seeded sandbox merchant, even when several nodes boot on an empty database at once.
CREATE UNIQUE INDEX merchants_one_sandbox_seed ON merchants (sandbox_seed) WHERE sandbox_seed;

CREATE TABLE customers (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  email text NOT NULL,
  name jsonb,
  phone jsonb,
  address jsonb,
  meta jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Tie-breaker for "most recent first" when two rows share a millisecond.
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX customers_recent ON customers (merchant_id, created_at DESC, seq DESC);
CREATE INDEX customers_email ON customers (merchant_id, lower(email), created_at DESC, seq DESC);

-- X-Idempotency-Key: the stored reply of the first request, written in the same statement as its work.
-- The primary key is what makes a creation happen once: a concurrent duplicate's insert waits for the
-- first to commit, then fails, and replays this row. (No index on expires_at: the hourly purge can scan.)
CREATE TABLE idempotency_keys (
  merchant_id text NOT NULL REFERENCES merchants (id),
  key text NOT NULL,
  fingerprint text NOT NULL,
  response_status integer NOT NULL,
  response_body text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, key)
);
