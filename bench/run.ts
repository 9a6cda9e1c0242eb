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
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchStartup, reportStartup } from './startup.js';
import { benchWebhooks, reportWebhooks, type WebhookBenchTools } from './webhooks.js';
import {
  DURATION_SECONDS,
  DATABASE_URL,
  HOST,
  ONLY,
  GATEWAY_ENTRY,
  WEBHOOK_BASELINE_ENTRY,
  CHARGE_BASELINE_ENTRY,
  FETCHED_CHARGES,
} from './config.js';
import {
  cleanups,
  isInterrupted,
  markInterrupted,
  notInterrupted,
  cleanUp,
  countOf,
  freshSchema,
  inSchema,
  freePort,
  startChild,
  stopChild,
  waitForHealth,
} from './harness.js';
import { processCpuSeconds, machineCpuSeconds, postgresCpuSeconds } from './cpu.js';
import { nextSequence, type Target, type Figures, total, measure, customers, benchBaseline } from './load.js';
import { report } from './report.js';
import { directCharges, encryptedCard } from './targets.js';

// Shared by every target and by warm-up and measurement: no two requests carry the same email or reference.
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
    // The rate limiter stays on, so its cost is in every figure, but one merchant's 64 connections
    // must not meet it: its defaults (docs/sandbox.md "Rate limits") are far below the bench's load.
    BAOBAB_RATE_LIMIT_CHARGES: '1000000',
    BAOBAB_RATE_LIMIT_TRANSFERS: '1000000',
    BAOBAB_RATE_LIMIT_READS: '1000000',
    BAOBAB_RATE_LIMIT_OTHER: '1000000',
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
      const sequence = nextSequence();
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

async function main(): Promise<number> {
  // Ctrl-C: still stop the children and drop the schemas. `on`, not `once`: the signal often comes
  // twice (to the process group, then passed on by npm and tsx), and tsx exits at once on a signal
  // that has no listener left, which would cut the cleanup short.
  const interrupt = () => {
    if (isInterrupted()) return;
    markInterrupted();
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    let failed = false;
    if (ONLY.has('http')) {
      const baseline = await benchBaseline();
      // The second floor: the rows of a direct charge in one statement (bench/charge-baseline.ts).
      const chargeBaseline = await benchBaseline(
        CHARGE_BASELINE_ENTRY,
        { ...directCharges({}), name: 'charge baseline' },
        'charges',
      );
      const targets = [
        ['POST /customers', await benchCustomers()],
        ['POST /orchestration/direct-charges', await benchDirectCharges()],
        ['GET /charges/{id}', await benchFetchCharge()],
        ['POST /transfers', await benchTransfers()],
      ] as const;
      report(baseline, targets, chargeBaseline);
      failed = [baseline, chargeBaseline, ...targets.map(([, f]) => f)].some(
        (f) => f.errors > 0 || total(f.unexpected) > 0,
      );
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
