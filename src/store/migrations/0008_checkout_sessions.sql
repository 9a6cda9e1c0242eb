-- Hosted checkout (v3 POST /v3/payments, v4 POST /checkout/sessions): a payment page for one amount,
-- reached by a link, and the charges the customer makes from it — its attempts.

CREATE TABLE checkout_sessions (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  customer_id text NOT NULL REFERENCES customers (id),
  -- The API the session was created through: it decides the link's path and how the browser returns.
  origin text NOT NULL CHECK (origin IN ('v3', 'v4')),
  -- The random part of the page's link (/v3/hosted/pay/<link_key>): whoever holds it may pay.
  link_key text NOT NULL,
  reference text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  redirect_url text NOT NULL,
  customizations jsonb NOT NULL DEFAULT '{}',
  -- The payment methods offered (src/methods ids); NULL: every method the currency allows.
  payment_options jsonb,
  meta jsonb NOT NULL DEFAULT '{}',
  scenario jsonb NOT NULL,
  max_retry_attempts integer NOT NULL CHECK (max_retry_attempts BETWEEN 0 AND 10),
  -- Minutes, as the API takes it; expires_at is what the page goes by.
  session_duration integer NOT NULL CHECK (session_duration > 0),
  expires_at timestamptz NOT NULL,
  -- Set when the customer cancels. The session's status is read from this, its attempts and the
  -- clock (domain/checkout.ts): it is never stored.
  cancelled_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- A reference names one checkout session of a merchant (CHECKOUT_SESSION_ALREADY_EXISTS).
  CONSTRAINT checkout_sessions_reference_unique UNIQUE (merchant_id, reference),
  CONSTRAINT checkout_sessions_link_key_unique UNIQUE (link_key)
);
CREATE INDEX checkout_sessions_recent ON checkout_sessions (merchant_id, created_at DESC, seq DESC);

-- Each attempt is a charge carrying the session's reference (the merchant's tx_ref): attempts are
-- numbered, and a reference now names one charge per attempt number. Every other charge is attempt 1,
-- so for them nothing changes: a reference still names one charge for ever (CHARGE_ALREADY_EXISTS),
-- and two pages racing to start the same attempt of a session cannot both succeed.
ALTER TABLE charges ADD COLUMN checkout_session_id text REFERENCES checkout_sessions (id);
ALTER TABLE charges ADD COLUMN attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1);
ALTER TABLE charges DROP CONSTRAINT charges_reference_unique;
ALTER TABLE charges ADD CONSTRAINT charges_reference_unique UNIQUE (merchant_id, reference, attempt);
CREATE INDEX charges_checkout_session ON charges (merchant_id, checkout_session_id, created_at DESC, seq DESC)
  WHERE checkout_session_id IS NOT NULL;
