/**
 * `npm run bench`: `POST /customers` on the real gateway (PostgreSQL store) next to a bare Fastify + pg
 * baseline (bench/baseline.ts), under the same load, one after the other. See docs/performance.md.
 *
 * Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local test database), BENCH_DURATION (s).
 * Each server gets a fresh schema and its own child process; both are removed at the end, also on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Request, Result } from 'autocannon';
import pg from 'pg';

const env = (name: string): string | undefined => {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const CONNECTIONS = 64;
const WARMUP_SECONDS = 2;
const DURATION_SECONDS = Number(env('BENCH_DURATION') ?? '10');
// One token serves the whole gateway run; it lives 600 s.
if (!Number.isInteger(DURATION_SECONDS) || DURATION_SECONDS < 1 || DURATION_SECONDS > 500) {
  throw new Error('BENCH_DURATION must be a whole number of seconds from 1 to 500');
}
const DATABASE_URL =
  env('BENCH_DATABASE_URL') ?? env('TEST_DATABASE_URL') ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOST = '127.0.0.1';
const GATEWAY_ENTRY = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const BASELINE_ENTRY = fileURLToPath(new URL('./baseline.ts', import.meta.url));

// Undone in reverse order at the end, on failure, and on Ctrl-C: children first, then schemas and dirs.
const cleanups: (() => Promise<void>)[] = [];

async function cleanUp(): Promise<void> {
  for (let step = cleanups.pop(); step !== undefined; step = cleanups.pop()) {
    try {
      await step();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

async function freshSchema(): Promise<string> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  await sql(`CREATE SCHEMA ${schema}`);
  cleanups.push(async () => {
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
  return schema;
}

/** node-postgres reads `options` from the URL: every pooled connection then starts in `schema`. */
function inSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last few KB the child printed, shown when it fails. */
  output(): string;
}

function startChild(name: string, args: string[], childEnv: Record<string, string>): Child {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  cleanups.push(() => stopChild(child));
  return { name, process: child, output: () => tail };
}

/** SIGTERM, then SIGKILL if it is still there after the grace period. Safe to call twice. */
async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

async function waitForHealth(base: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(
        `${child.name} exited (${child.process.exitCode}) before it was healthy:\n${child.output()}`,
      );
    }
    try {
      const response = await fetch(`${base}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} was not healthy after ${timeoutMs} ms:\n${child.output()}`);
}

// Shared by warm-up and measurement so that no two requests carry the same email.
let sequence = 0;

/** One autocannon run; every request gets a new idempotency key and email. */
async function load(base: string, headers: Record<string, string>, seconds: number): Promise<Result> {
  const request: Request = {
    method: 'POST',
    path: '/customers',
    setupRequest: (req) => {
      sequence += 1;
      return {
        ...req,
        headers: { ...req.headers, 'x-idempotency-key': randomUUID() },
        body: JSON.stringify({
          email: `bench-${sequence}@example.com`,
          name: { first: 'Ada', last: 'Lovelace' },
          phone: { country_code: '234', number: '8012345678' },
        }),
      };
    },
  };
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [request],
  });
}

interface Figures {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly created: number;
  /** Answers other than 201, by status. */
  readonly non201: Record<string, number>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
}

function figures(result: Result): Figures {
  let created = 0;
  const non201: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (status === '201') created += stat.count ?? 0;
    else non201[status] = stat.count ?? 0;
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    created,
    non201,
    errors: result.errors,
  };
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Warm-up (discarded), measurement, then a check that the 201s really are rows in the schema. */
async function measure(name: string, base: string, headers: Record<string, string>, schema: string) {
  console.log(`${name}: ${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS} s measured`);
  const warmup = figures(await load(base, headers, WARMUP_SECONDS));
  await sleep(500); // let requests cut off by the end of the warm-up finish before measuring
  const result = figures(await load(base, headers, DURATION_SECONDS));
  await sleep(500);
  // autocannon stops with up to one request per connection in flight: those are stored but not counted.
  const created = warmup.created + result.created;
  const { rows } = await sql(`SELECT count(*)::int AS n FROM ${schema}.customers`);
  const stored = Number((rows[0] as { n?: unknown } | undefined)?.n);
  if (!(stored >= created && stored <= created + 2 * CONNECTIONS)) {
    throw new Error(`${name}: ${created} answers were 201 but ${stored} rows exist`);
  }
  return result;
}

async function benchBaseline(): Promise<Figures> {
  const schema = await freshSchema();
  const port = await freePort();
  const child = startChild('baseline', ['--import', import.meta.resolve('tsx'), BASELINE_ENTRY], {
    DATABASE_URL: inSchema(DATABASE_URL, schema),
    PORT: String(port),
    HOST,
  });
  const base = `http://${HOST}:${port}`;
  await waitForHealth(base, child);
  const result = await measure('baseline', base, {}, schema);
  await stopChild(child.process); // idle before the next target starts
  return result;
}

interface SandboxCredentials {
  readonly v4: { readonly client_id: string; readonly client_secret: string };
}

async function benchGateway(): Promise<Figures> {
  const schema = await freshSchema();
  const dataDir = mkdtempSync(join(tmpdir(), 'baobab-bench-'));
  cleanups.push(async () => {
    rmSync(dataDir, { recursive: true, force: true });
  });
  const port = await freePort();
  const child = startChild('gateway', [GATEWAY_ENTRY, 'serve'], {
    DATABASE_URL: inSchema(DATABASE_URL, schema),
    PORT: String(port),
    HOST,
    BAOBAB_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BAOBAB_DB_POOL_SIZE: '20',
  });
  const base = `http://${HOST}:${port}`;
  await waitForHealth(base, child);

  // Seeded on first boot into the empty schema.
  const credentials = JSON.parse(
    readFileSync(join(dataDir, 'sandbox-credentials.json'), 'utf8'),
  ) as SandboxCredentials;
  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.v4.client_id,
      client_secret: credentials.v4.client_secret,
    }),
  });
  const token = ((await response.json()) as { access_token?: unknown }).access_token;
  if (response.status !== 200 || typeof token !== 'string') {
    throw new Error(`POST /oauth/token answered ${response.status}`);
  }

  const result = await measure('gateway', base, { authorization: `Bearer ${token}` }, schema);
  await stopChild(child.process);
  return result;
}

function report(baseline: Figures, gateway: Figures): void {
  const ms = (value: number) => value.toFixed(1);
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const non201 = (f: Figures) =>
    total(f.non201) === 0
      ? '0'
      : Object.entries(f.non201)
          .map(([status, count]) => `${count} × ${status}`)
          .join(', ');
  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.requestsPerSecond.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${non201(f)} | ${f.errors} |`;
  console.log(
    [
      '',
      `POST /customers · ${CONNECTIONS} connections · ${DURATION_SECONDS} s · node ${process.version} · ` +
        `${cpus().length} CPUs`,
      '',
      '| target | requests/s | p50 (ms) | p99 (ms) | non-201 | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('baseline (Fastify + pg)', baseline),
      row('gateway', gateway),
      `| gateway / baseline | ${ratio(gateway.requestsPerSecond / baseline.requestsPerSecond)} | ` +
        `${ratio(gateway.p50 / baseline.p50)} | ${ratio(gateway.p99 / baseline.p99)} | | |`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<number> {
  // Ctrl-C: still stop the children and drop the schemas.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    const baseline = await benchBaseline();
    const gateway = await benchGateway();
    report(baseline, gateway);
    const failed = [baseline, gateway].some((f) => f.errors > 0 || total(f.non201) > 0);
    if (failed) console.error('some requests failed: the figures above do not measure what they claim');
    return failed ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 1;
});
