/**
 * The floor webhook delivery is measured against: the cheapest durable sender of the same bodies.
 * One process, one connection, a PostgreSQL outbox table; in a loop, lock the next 10 rows
 * (FOR UPDATE SKIP LOCKED), POST them side by side, each HMAC-signed, delete them and commit. No
 * attempt log, no retries, no per-delivery state. Started by bench/webhooks.ts.
 *
 * Env: DATABASE_URL (search_path set to a schema of its own), RECEIVER_URL, COUNT, BODY, SECRET.
 * Fills its table, prints `ready`, and sends once it gets SIGUSR2; exits 0 when all are sent.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';

const need = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};

const receiverUrl = need('RECEIVER_URL');
const count = Number(need('COUNT'));
const body = need('BODY');
const secret = need('SECRET');
const BATCH = 10;

const client = new pg.Client({ connectionString: need('DATABASE_URL') });
await client.connect();
await client.query(
  'CREATE TABLE outbox (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL, body text NOT NULL)',
);
await client.query(
  `INSERT INTO outbox (id, body) SELECT 'base_' || n, $1 FROM generate_series(1, $2::int) AS n`,
  [body, count],
);

const go = once(process, 'SIGUSR2');
process.stdout.write('ready\n');
await go;

async function post(id: string, text: string): Promise<void> {
  const response = await fetch(receiverUrl, {
    method: 'POST',
    body: text,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'flutterwave-signature': createHmac('sha256', secret).update(text).digest('base64'),
    },
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the receiver answered ${String(response.status)}`);
}

for (;;) {
  await client.query('BEGIN');
  const { rows } = await client.query<{ seq: string; id: string; body: string }>(
    'SELECT seq, id, body FROM outbox ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED',
    [BATCH],
  );
  if (rows.length === 0) {
    await client.query('COMMIT');
    break;
  }
  await Promise.all(rows.map((r) => post(r.id, r.body)));
  await client.query('DELETE FROM outbox WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)]);
  await client.query('COMMIT');
}
await client.end();
