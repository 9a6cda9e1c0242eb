-- X-Idempotency-Key is scoped to the route as well as the merchant: the real API lets a client reuse one
-- key for a customer, then a payment method, then a charge, and each is a creation of its own. `scope`
-- is the method and route template (`POST /customers`, `POST /v3/transactions/:id/refund`). Replies
-- stored before this migration keep the empty scope: no request matches them any more, and they expire
-- within a day. The default also lets a node still running the previous release insert while a fleet
-- upgrades; such rows are unscoped, like those.
ALTER TABLE idempotency_keys ADD COLUMN scope text NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
-- Same constraint name, so the unique violation still names it; key before scope, so a lookup by
-- (merchant_id, key) alone can still use the index.
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (merchant_id, key, scope);
