-- Payment methods, charges and the events their final states produce.
-- Card payment methods hold first6/last4/expiry/network/fingerprint only: never a number or a CVV.
-- Indexes are few on purpose: every one is paid for on the charge-creation hot path.

CREATE TABLE payment_methods (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  customer_id text REFERENCES customers (id),
  type text NOT NULL,
  details jsonb NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}',
  device_fingerprint text,
  client_ip text,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX payment_methods_recent ON payment_methods (merchant_id, created_at DESC, seq DESC);

CREATE TABLE charges (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  payment_method_id text NOT NULL REFERENCES payment_methods (id),
  reference text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'voided')),
  next_action jsonb,
  processor_response jsonb,
  scenario jsonb NOT NULL,
  rail text NOT NULL,
  rail_state jsonb NOT NULL,
  redirect_url text,
  meta jsonb NOT NULL DEFAULT '{}',
  recurring boolean NOT NULL DEFAULT false,
  fees jsonb NOT NULL,
  history jsonb NOT NULL,
  virtual_account_id text,
  order_id text,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- A reference names one charge of a merchant, for ever (CHARGE_ALREADY_EXISTS).
  CONSTRAINT charges_reference_unique UNIQUE (merchant_id, reference)
);
CREATE INDEX charges_recent ON charges (merchant_id, created_at DESC, seq DESC);

CREATE TABLE events (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  type text NOT NULL,
  charge_id text,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
