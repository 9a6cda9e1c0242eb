/**
 * The second, fairer floor for `POST /orchestration/direct-charges`: plain Fastify + a `pg` pool
 * writing the rows a direct charge writes — customer, payment method, charge (succeeded, so the
 * ledger trigger credits the wallet), its event and the stored idempotency reply — in one statement,
 * into Baobab's own tables (migrated into this baseline's schema: the same indexes, keys, checks and
 * triggers). No auth, no validation, no card decryption, no rail, no logging. Started by bench/run.ts.
 * Env: DATABASE_URL (search_path set to a schema of its own), PORT, HOST.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { migrate } from '../src/store/migrate.js';
import { openPostgres } from '../src/store/postgres.js';

const databaseUrl = process.env['DATABASE_URL'];
if (databaseUrl === undefined) throw new Error('DATABASE_URL is required');
const port = Number(process.env['PORT'] ?? '8091');
const host = process.env['HOST'] ?? '127.0.0.1';

// The schema: Baobab's migrations, applied once through its own migrator.
const setup = await openPostgres({ url: databaseUrl, poolSize: 1 });
await migrate(setup);
await setup.close();

const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
pool.on('error', () => undefined);
const MERCHANT = 'mer_bench_baseline';
await pool.query(
  `INSERT INTO merchants (id, name, v3_public_key, v3_secret_key_hash, v3_secret_key_prefix,
     v3_encryption_key_sealed, v4_client_id, v4_client_secret_hash, v4_client_secret_prefix,
     v4_encryption_key_sealed, webhook_secret_hash_sealed, created_at)
   VALUES ($1, 'Bench', 'pk', 'sk', 'sk', 'x', 'client', 'cs', 'cs', 'x', 'x', now()) ON CONFLICT DO NOTHING`,
  [MERCHANT],
);
await pool.query('CREATE SEQUENCE IF NOT EXISTS bench_numbers');

interface ChargeBody {
  amount?: number;
  currency?: string;
  reference?: string;
  customer?: { email?: string; name?: unknown };
  payment_method?: unknown;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const FEES = JSON.stringify([{ type: 'app', amount: 21 }]);

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));

app.post<{ Body: ChargeBody }>('/orchestration/direct-charges', async (request, reply) => {
  const body = request.body;
  const key = String(request.headers['x-idempotency-key'] ?? id('key'));
  const [customerId, methodId, chargeId, eventId] = [id('cus'), id('pmd'), id('chg'), id('evt')];
  const reference = body.reference ?? id('ref');
  const answer = JSON.stringify({
    status: 'success',
    data: { id: chargeId, reference, status: 'succeeded' },
  });
  const { rows } = await pool.query<Record<string, unknown>>(
    `WITH cus AS (
       INSERT INTO customers (id, merchant_id, email, name, meta, created_at, updated_at, num_id)
       VALUES ($1, $5, $6, $7::jsonb, '{}', now(), now(), nextval('bench_numbers')) RETURNING id
     ), pm AS (
       INSERT INTO payment_methods (id, merchant_id, customer_id, type, details, created_at)
       SELECT $2, $5, cus.id, 'card', '{"last4":"2950"}'::jsonb, now() FROM cus RETURNING id
     ), chg AS (
       INSERT INTO charges (id, merchant_id, customer_id, payment_method_id, reference, amount, currency,
         status, scenario, rail, rail_state, fees, history, version, created_at, updated_at, tx_id, flw_ref)
       SELECT $3, $5, cus.id, pm.id, $8, $9, $10, 'succeeded', '{}'::jsonb, 'card', '{}'::jsonb, $11::jsonb,
         '[]'::jsonb, 1, now(), now(), nextval('bench_numbers'), 'FLW-' || $3 FROM cus, pm
       RETURNING *
     ), ev AS (
       INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
       SELECT $4, $5, 'charge.completed', chg.id, '{}'::jsonb, now() FROM chg
     ), idem AS (
       INSERT INTO idempotency_keys (merchant_id, key, fingerprint, response_status, response_body,
         created_at, expires_at, scope)
       SELECT $5, $12, 'fp', 201, $13, now(), now() + interval '1 day', 'direct-charge' FROM chg
     )
     SELECT * FROM chg`,
    [
      customerId,
      methodId,
      chargeId,
      eventId,
      MERCHANT,
      body.customer?.email ?? '',
      JSON.stringify(body.customer?.name ?? null),
      reference,
      body.amount ?? 1500,
      body.currency ?? 'NGN',
      FEES,
      key,
      answer,
    ],
  );
  return reply.code(201).send({ status: 'success', data: rows[0] });
});

const shutdown = () => {
  void app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await app.listen({ port, host });
