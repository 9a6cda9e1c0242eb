/**
 * `npm run bench`: three gateway paths on the real gateway (PostgreSQL store), each next to a bare
 * Fastify + pg baseline (bench/baseline.ts) measured once per run, all under the same load, one after
 * the other: `POST /customers`, `POST /orchestration/direct-charges` (card, noauth: succeeds at once)
 * and `GET /charges/{id}`. Then webhook delivery (bench/webhooks.ts): throughput to a loopback receiver
 * next to a bare outbox sender (bench/webhook-baseline.ts), and the lag from charge to arrival.
 * See docs/performance.md.
 *
 * Env: BENCH_DATABASE_URL (else TEST_DATABASE_URL, else the local test database), BENCH_DURATION (s).
 * Each server gets a fresh schema, a fresh data dir (gateway) and its own child process; all of them
 * are removed at the end, also on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Request, Result } from 'autocannon';
import pg from 'pg';
import { encryptField } from '../src/crypto/field-encryption.js';
import { benchStartup, reportStartup } from './startup.js';
import { benchWebhooks, reportWebhooks, type WebhookBenchTools } from './webhooks.js';

const env = (name: string): string | undefined => {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

const CONNECTIONS = 64;
const WARMUP_SECONDS = 2;
const DURATION_SECONDS = Number(env('BENCH_DURATION') ?? '10');
// A token lives 600 s: each gateway target takes its own, just before its setup, warm-up and measurement.
if (!Number.isInteger(DURATION_SECONDS) || DURATION_SECONDS < 1 || DURATION_SECONDS > 500) {
  throw new Error('BENCH_DURATION must be a whole number of seconds from 1 to 500');
}
const DATABASE_URL =
  env('BENCH_DATABASE_URL') ?? env('TEST_DATABASE_URL') ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOST = '127.0.0.1';
/** BENCH_ONLY: a comma-separated subset of the parts (http, webhooks, startup) to run; all by default. */
const PARTS = ['http', 'webhooks', 'startup'] as const;
const ONLY = new Set<string>(
  env('BENCH_ONLY')
    ?.split(',')
    .map((p) => p.trim()) ?? PARTS,
);
for (const part of ONLY) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: no part named ${part}`);
}
const GATEWAY_ENTRY = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const BASELINE_ENTRY = fileURLToPath(new URL('./baseline.ts', import.meta.url));
const WEBHOOK_BASELINE_ENTRY = fileURLToPath(new URL('./webhook-baseline.ts', import.meta.url));
/** Charges created before `GET /charges/{id}` is measured; the requests cycle through them. */
const FETCHED_CHARGES = 200;

// Undone in reverse order at the end, on failure, and on Ctrl-C: children first, then schemas and dirs.
const cleanups: (() => Promise<void>)[] = [];
// Set on Ctrl-C: from then on nothing new is made, so nothing is left behind the cleanup.
let interrupted = false;

function notInterrupted(): void {
  if (interrupted) throw new Error('interrupted');
}

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

/** The first row's `n`, for `SELECT count(*)::int AS n …`. */
async function countOf(text: string): Promise<number> {
  const { rows } = await sql(text);
  return Number((rows[0] as { n?: unknown } | undefined)?.n);
}

async function freshSchema(): Promise<string> {
  notInterrupted();
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
  notInterrupted();
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

// CPU time, from /proc (Linux; elsewhere the CPU columns stay empty). Clock ticks are USER_HZ = 100.
const TICKS_PER_SECOND = 100;

/** Seconds of CPU the process has used (user + system), or undefined without /proc. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name start at field 3 (state); utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The machine's busy and total CPU seconds, all cores together, or undefined without /proc. */
function machineCpuSeconds(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** CPU seconds by pid of every PostgreSQL process (the server's backends among them); empty without /proc. */
function postgresCpuSeconds(): Map<string, number> {
  const seconds = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return seconds;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // gone since the listing
    }
  }
  return seconds;
}

interface Cpu {
  /** The server process, in % of one core. */
  readonly server: number | undefined;
  /** Every PostgreSQL process together, in % of one core. */
  readonly postgres: number | undefined;
  /** This process (autocannon), in % of one core. */
  readonly loadGenerator: number;
  /** Everything else on the machine (other work on a shared machine), in % of one core. */
  readonly other: number | undefined;
  /** The whole machine, in % of all its cores. */
  readonly machine: number | undefined;
}

/** Starts counting CPU time; the function it returns tells the use since then. */
function cpuMeter(serverPid: number | undefined): () => Cpu {
  const started = process.hrtime.bigint();
  const server = processCpuSeconds(serverPid);
  const own = process.cpuUsage();
  const machine = machineCpuSeconds();
  const postgres = postgresCpuSeconds();
  return () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const serverNow = processCpuSeconds(serverPid);
    const ownNow = process.cpuUsage(own);
    const machineNow = machineCpuSeconds();
    let postgresSeconds = 0;
    for (const [pid, now] of postgresCpuSeconds()) postgresSeconds += now - (postgres.get(pid) ?? 0);
    const percent = (cpuSeconds: number) => (100 * cpuSeconds) / seconds;
    const serverPercent =
      server === undefined || serverNow === undefined ? undefined : percent(serverNow - server);
    const loadGenerator = percent((ownNow.user + ownNow.system) / 1e6);
    const postgresPercent = machine === undefined ? undefined : percent(postgresSeconds);
    if (machine === undefined || machineNow === undefined || serverPercent === undefined) {
      return {
        server: serverPercent,
        postgres: postgresPercent,
        loadGenerator,
        other: undefined,
        machine: undefined,
      };
    }
    const busy = percent(machineNow.busy - machine.busy);
    return {
      server: serverPercent,
      postgres: postgresPercent,
      loadGenerator,
      other: Math.max(0, busy - serverPercent - (postgresPercent ?? 0) - loadGenerator),
      machine: (100 * (machineNow.busy - machine.busy)) / (machineNow.total - machine.total),
    };
  };
}

// Shared by every target and by warm-up and measurement: no two requests carry the same email or reference.
let sequence = 0;
const RUN_TAG = randomBytes(4).toString('hex');

/** What one target sends: every request gets a new idempotency key (POSTs) and new unique fields. */
interface Target {
  readonly name: string;
  /** The answer every request should get; any other counts as unexpected. */
  readonly expected: number;
  readonly method: 'GET' | 'POST';
  next(): { path: string; body?: string };
}

async function load(
  base: string,
  headers: Record<string, string>,
  target: Target,
  seconds: number,
): Promise<Result> {
  const post = target.method === 'POST';
  const request: Request = {
    method: target.method,
    setupRequest: (req) => {
      const { path, body } = target.next();
      return {
        ...req,
        path,
        ...(post ? { headers: { ...req.headers, 'x-idempotency-key': randomUUID() } } : {}),
        ...(body === undefined ? {} : { body }),
      };
    },
  };
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    headers: post ? { ...headers, 'content-type': 'application/json' } : headers,
    requests: [request],
  });
}

interface Figures {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers with the expected status. */
  readonly ok: number;
  /** Answers with any other status, by status. */
  readonly unexpected: Record<string, number>;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly cpu: Cpu;
}

function figures(result: Result, expected: number, cpu: Cpu): Figures {
  let ok = 0;
  const unexpected: Record<string, number> = {};
  for (const [status, stat] of Object.entries(result.statusCodeStats ?? {})) {
    if (status === String(expected)) ok += stat.count ?? 0;
    else unexpected[status] = stat.count ?? 0;
  }
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    unexpected,
    errors: result.errors,
    cpu,
  };
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Warm-up (discarded), then measurement. `stored`, when given, counts the rows the target's requests
 * made; it must match the expected answers of both runs plus `before` (rows made before the warm-up).
 */
async function measure(
  server: { readonly base: string; readonly pid: number | undefined },
  headers: Record<string, string>,
  target: Target,
  stored?: { readonly before: number; count(): Promise<number> },
): Promise<Figures> {
  console.log(`${target.name}: ${WARMUP_SECONDS} s warm-up, then ${DURATION_SECONDS} s measured`);
  const warmup = figures(await load(server.base, headers, target, WARMUP_SECONDS), target.expected, {
    server: undefined,
    postgres: undefined,
    loadGenerator: 0,
    other: undefined,
    machine: undefined,
  });
  await sleep(500); // let requests cut off by the end of the warm-up finish before measuring
  const cpu = cpuMeter(server.pid);
  const raw = await load(server.base, headers, target, DURATION_SECONDS);
  const result = figures(raw, target.expected, cpu());
  await sleep(500);
  if (stored) {
    // autocannon stops with up to one request per connection in flight: those are stored but not counted.
    const answered = stored.before + warmup.ok + result.ok;
    const rows = await stored.count();
    if (!(rows >= answered && rows <= answered + 2 * CONNECTIONS)) {
      throw new Error(`${target.name}: ${answered} answers were ${target.expected} but ${rows} rows exist`);
    }
  }
  return result;
}

const customers: Target = {
  name: 'POST /customers',
  expected: 201,
  method: 'POST',
  next: () => {
    sequence += 1;
    return {
      path: '/customers',
      body: JSON.stringify({
        email: `bench-${sequence}@example.com`,
        name: { first: 'Ada', last: 'Lovelace' },
        phone: { country_code: '234', number: '8012345678' },
      }),
    };
  },
};

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
  const result = await measure({ base, pid: child.process.pid }, {}, customers, {
    before: 0,
    count: () => countOf(`SELECT count(*)::int AS n FROM ${schema}.customers`),
  });
  await stopChild(child.process); // idle before the next target starts
  return result;
}

interface SandboxCredentials {
  readonly v4: {
    readonly client_id: string;
    readonly client_secret: string;
    readonly encryption_key: string;
  };
}

interface Gateway {
  readonly base: string;
  readonly pid: number | undefined;
  readonly schema: string;
  readonly dataDir: string;
  readonly headers: Record<string, string>;
  readonly credentials: SandboxCredentials;
}

interface GatewayOptions {
  /** A schema and data dir a previous gateway used (a restart on the same store); fresh ones if absent. */
  readonly schema?: string;
  readonly dataDir?: string;
  /** More environment for the process (BAOBAB_JOB_POLL_MS…). */
  readonly env?: Record<string, string>;
}

/** A gateway of its own for one target: fresh schema, fresh data dir, new process, new token. */
async function startGateway(
  options: GatewayOptions = {},
): Promise<{ gateway: Gateway; stop: () => Promise<void> }> {
  const schema = options.schema ?? (await freshSchema());
  notInterrupted();
  let dataDir = options.dataDir;
  if (dataDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-bench-'));
    cleanups.push(async () => {
      rmSync(dir, { recursive: true, force: true });
    });
    dataDir = dir;
  }
  const port = await freePort();
  const child = startChild('gateway', [GATEWAY_ENTRY, 'serve'], {
    DATABASE_URL: inSchema(DATABASE_URL, schema),
    PORT: String(port),
    HOST,
    BAOBAB_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    BAOBAB_DB_POOL_SIZE: '20',
    ...options.env,
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
  return {
    gateway: {
      base,
      pid: child.process.pid,
      schema,
      dataDir,
      headers: { authorization: `Bearer ${token}` },
      credentials,
    },
    stop: () => stopChild(child.process),
  };
}

/** One card, encrypted once under the merchant's v4 key and one nonce, sent with every direct charge. */
function encryptedCard(keyBase64: string): Record<string, string> {
  const nonce = randomBytes(9)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x'); // 12 characters
  const field = (plaintext: string) => encryptField(keyBase64, nonce, plaintext);
  return {
    nonce,
    encrypted_card_number: field('5531886652142950'),
    encrypted_expiry_month: field('09'),
    encrypted_expiry_year: field('32'),
    encrypted_cvv: field('564'),
  };
}

/** `POST /orchestration/direct-charges` with a new reference and email each time; noauth card. */
function directCharges(card: Record<string, string>): Target {
  const paymentMethod = { type: 'card', card };
  return {
    name: 'POST /orchestration/direct-charges',
    expected: 201,
    method: 'POST',
    next: () => {
      sequence += 1;
      return {
        path: '/orchestration/direct-charges',
        body: JSON.stringify({
          amount: 1500,
          currency: 'NGN',
          reference: `b-${sequence}-${RUN_TAG}`,
          customer: { email: `bench-${sequence}@example.com`, name: { first: 'Ada', last: 'Lovelace' } },
          payment_method: paymentMethod,
        }),
      };
    },
  };
}

/** One direct charge outside the load, its answer checked in full: 201 and a succeeded charge. */
async function chargeOnce(gateway: Pick<Gateway, 'base' | 'headers'>, target: Target): Promise<string> {
  const { path, body } = target.next();
  const response = await fetch(`${gateway.base}${path}`, {
    method: 'POST',
    headers: {
      ...gateway.headers,
      'content-type': 'application/json',
      'x-idempotency-key': randomUUID(),
    },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const data = (JSON.parse(text) as { data?: { id?: unknown; status?: unknown } }).data;
  if (response.status !== 201 || data?.status !== 'succeeded' || typeof data.id !== 'string') {
    throw new Error(
      `${target.name} answered ${response.status}, not a succeeded charge: ${text.slice(0, 500)}`,
    );
  }
  return data.id;
}

async function benchCustomers(): Promise<Figures> {
  const { gateway, stop } = await startGateway();
  const result = await measure(gateway, gateway.headers, customers, {
    before: 0,
    count: () => countOf(`SELECT count(*)::int AS n FROM ${gateway.schema}.customers`),
  });
  await stop();
  return result;
}

async function benchDirectCharges(): Promise<Figures> {
  const { gateway, stop } = await startGateway();
  const target = directCharges(encryptedCard(gateway.credentials.v4.encryption_key));
  await chargeOnce(gateway, target); // a sample answer, parsed: the load itself only counts statuses
  const charges = `${gateway.schema}.charges`;
  const result = await measure(gateway, gateway.headers, target, {
    before: 1,
    count: () => countOf(`SELECT count(*)::int AS n FROM ${charges}`),
  });
  // Every stored charge, not only the sample, must have succeeded at once (noauth, no scenario).
  const notSucceeded = await countOf(`SELECT count(*)::int AS n FROM ${charges} WHERE status <> 'succeeded'`);
  if (notSucceeded > 0) throw new Error(`${target.name}: ${notSucceeded} charges did not succeed`);
  await stop();
  return result;
}

async function benchFetchCharge(): Promise<Figures> {
  const { gateway, stop } = await startGateway();
  const create = directCharges(encryptedCard(gateway.credentials.v4.encryption_key));
  const ids: string[] = [];
  // Setup, 8 at a time: enough for the gateway's prepared statements and caches to be warm too.
  while (ids.length < FETCHED_CHARGES) {
    const batch = Math.min(8, FETCHED_CHARGES - ids.length);
    ids.push(...(await Promise.all(Array.from({ length: batch }, () => chargeOnce(gateway, create)))));
  }
  let next = 0;
  const target: Target = {
    name: 'GET /charges/{id}',
    expected: 200,
    method: 'GET',
    next: () => {
      next = (next + 1) % ids.length;
      return { path: `/charges/${ids[next] ?? ''}` };
    },
  };
  const result = await measure(gateway, gateway.headers, target);
  await stop();
  return result;
}

/** `POST /transfers` of NGN 1 to one saved recipient: each holds amount + fee on the same wallet row. */
async function benchTransfers(): Promise<Figures> {
  const { gateway, stop } = await startGateway();
  const saved = await fetch(`${gateway.base}/transfers/recipients`, {
    method: 'POST',
    headers: { ...gateway.headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'bank',
      currency: 'NGN',
      bank: { account_number: '0690000040', code: '044' },
    }),
  });
  const recipientId = ((await saved.json()) as { data?: { id?: string } }).data?.id ?? '';
  const target: Target = {
    name: 'POST /transfers',
    expected: 201,
    method: 'POST',
    next: () => {
      sequence += 1;
      return {
        path: '/transfers',
        body: JSON.stringify({
          action: 'instant',
          reference: `bench-${String(sequence)}-${randomUUID().slice(0, 8)}`,
          payment_instruction: {
            recipient_id: recipientId,
            source_currency: 'NGN',
            amount: { value: 1, applies_to: 'destination_currency' },
          },
        }),
      };
    },
  };
  const transfers = `${gateway.schema}.transfers`;
  const result = await measure(gateway, gateway.headers, target, {
    before: 0,
    count: () => countOf(`SELECT count(*)::int AS n FROM ${transfers}`),
  });
  // Every one was held (none FAILED), and the ledger still sums to the wallet.
  const failed = await countOf(`SELECT count(*)::int AS n FROM ${transfers} WHERE status = 'FAILED'`);
  if (failed > 0) throw new Error(`POST /transfers: ${failed} transfers failed`);
  await stop();
  return result;
}

/** What bench/webhooks.ts borrows from this file. */
function webhookTools(): WebhookBenchTools {
  const cards = new Map<string, Target>();
  return {
    databaseUrl: DATABASE_URL,
    durationSeconds: DURATION_SECONDS,
    startGateway,
    freshSchema,
    inSchema,
    charge(gateway) {
      const key = gateway.credentials.v4.encryption_key;
      let target = cards.get(key);
      if (target === undefined) {
        target = directCharges(encryptedCard(key));
        cards.set(key, target);
      }
      return chargeOnce(gateway, target);
    },
    startBaseline(childEnv) {
      const child = startChild(
        'webhook baseline',
        ['--import', import.meta.resolve('tsx'), WEBHOOK_BASELINE_ENTRY],
        childEnv,
      );
      const exited = new Promise<number | null>((resolve) => {
        if (child.process.exitCode !== null) resolve(child.process.exitCode);
        else child.process.once('exit', resolve);
      });
      return { process: child.process, output: () => child.output(), exited };
    },
    startBurners(count) {
      const spin = 'const end = Date.now() + 600000; while (Date.now() < end);';
      const burners = Array.from({ length: count }, (_, i) =>
        startChild(`cpu burner ${String(i + 1)}`, ['-e', spin], {}),
      );
      return async () => {
        await Promise.all(burners.map((b) => stopChild(b.process, 1000)));
      };
    },
    cpuSince(pid) {
      const own = processCpuSeconds(pid);
      const postgres = postgresCpuSeconds();
      const measured = machineCpuSeconds() !== undefined;
      return () => {
        const now = processCpuSeconds(pid);
        let postgresSeconds = 0;
        for (const [p, seconds] of postgresCpuSeconds()) postgresSeconds += seconds - (postgres.get(p) ?? 0);
        return {
          process: own === undefined || now === undefined ? undefined : now - own,
          postgres: measured ? postgresSeconds : undefined,
        };
      };
    },
  };
}

function report(baseline: Figures, targets: readonly (readonly [string, Figures])[]): void {
  const ms = (value: number) => value.toFixed(1);
  const ratio = (value: number) => `${value.toFixed(2)}×`;
  const percent = (value: number | undefined) => (value === undefined ? '' : `${value.toFixed(0)}%`);
  const unexpected = (f: Figures) =>
    total(f.unexpected) === 0
      ? '0'
      : Object.entries(f.unexpected)
          .map(([status, count]) => `${count} × ${status}`)
          .join(', ');
  const row = (name: string, f: Figures) =>
    `| ${name} | ${f.requestsPerSecond.toFixed(0)} | ${ms(f.p50)} | ${ms(f.p99)} | ${unexpected(f)} | ` +
    `${f.errors} | ${percent(f.cpu.server)} | ${percent(f.cpu.postgres)} | ${percent(f.cpu.loadGenerator)} | ` +
    `${percent(f.cpu.other)} | ${percent(f.cpu.machine)} |`;
  const ratios = (name: string, f: Figures) =>
    `| ${name} / baseline | ${ratio(f.requestsPerSecond / baseline.requestsPerSecond)} | ` +
    `${ratio(f.p50 / baseline.p50)} | ${ratio(f.p99 / baseline.p99)} | | | | | | | |`;
  console.log(
    [
      '',
      `${CONNECTIONS} connections · ${DURATION_SECONDS} s · node ${process.version} · ${cpus().length} CPUs · ` +
        'baseline = Fastify + pg, one INSERT per POST /customers',
      'unexpected: answers other than 201 (POST) or 200 (GET). CPU over the measured window, in % of one ' +
        "core: the server process, all PostgreSQL processes (other clients' too), autocannon (this process), " +
        'everything else; ' +
        'machine: busy, in % of all cores.',
      '',
      '| target | requests/s | p50 (ms) | p99 (ms) | unexpected | errors | server CPU | postgres CPU | ' +
        'autocannon CPU | other CPU | machine CPU |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      row('baseline (Fastify + pg)', baseline),
      ...targets.map(([name, f]) => row(name, f)),
      ...targets.map(([name, f]) => ratios(name, f)),
      '',
    ].join('\n'),
  );
}

async function main(): Promise<number> {
  // Ctrl-C: still stop the children and drop the schemas. `on`, not `once`: the signal often comes
  // twice (to the process group, then passed on by npm and tsx), and tsx exits at once on a signal
  // that has no listener left, which would cut the cleanup short.
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    let failed = false;
    if (ONLY.has('http')) {
      const baseline = await benchBaseline();
      const targets = [
        ['POST /customers', await benchCustomers()],
        ['POST /orchestration/direct-charges', await benchDirectCharges()],
        ['GET /charges/{id}', await benchFetchCharge()],
        ['POST /transfers', await benchTransfers()],
      ] as const;
      report(baseline, targets);
      failed = [baseline, ...targets.map(([, f]) => f)].some((f) => f.errors > 0 || total(f.unexpected) > 0);
    }
    if (ONLY.has('webhooks')) reportWebhooks(await benchWebhooks(webhookTools()), DURATION_SECONDS);
    if (ONLY.has('startup')) {
      reportStartup(
        await benchStartup({ entry: GATEWAY_ENTRY, databaseUrl: DATABASE_URL, freshSchema, inSchema }),
      );
    }
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
