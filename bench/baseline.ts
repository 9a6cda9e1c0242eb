/**
 * The floor the gateway is measured against: plain Fastify + a `pg` pool, one INSERT per
 * `POST /customers`, no auth, no idempotency, no validation, no logging. Started by bench/run.ts.
 * Env: DATABASE_URL (with its search_path set to a schema of its own), PORT, HOST.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const databaseUrl = process.env['DATABASE_URL'];
if (databaseUrl === undefined) throw new Error('DATABASE_URL is required');
const port = Number(process.env['PORT'] ?? '8090');
const host = process.env['HOST'] ?? '127.0.0.1';

// The gateway runs with BAOBAB_DB_POOL_SIZE=20: the same here, so the pools are not what differs.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
pool.on('error', () => undefined);

await pool.query(`CREATE TABLE IF NOT EXISTS customers (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  email text NOT NULL,
  name jsonb,
  phone jsonb,
  meta jsonb,
  created_at timestamptz NOT NULL
)`);

interface CustomerBody {
  email?: string;
  name?: unknown;
  phone?: unknown;
  meta?: unknown;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));

app.post<{ Body: CustomerBody }>('/customers', async (request, reply) => {
  const { email, name, phone, meta } = request.body;
  const { rows } = await pool.query(
    `INSERT INTO customers (id, merchant_id, email, name, phone, meta, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING *`,
    [`cus_${randomBytes(12).toString('hex')}`, 'bench', email ?? '', json(name), json(phone), json(meta)],
  );
  return reply.code(201).send(rows[0]);
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
