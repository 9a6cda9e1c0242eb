/**
 * The webhook part of `npm run bench` (docs/performance.md, "Webhook delivery"), driven by run.ts,
 * which lends its process and schema helpers. Three measurements, one loopback receiver in this
 * process that answers 200 at once:
 *
 * - **throughput**: a backlog of card charges made before the merchant had an endpoint, their events
 *   put back in the outbox, then a fresh gateway on the same store relays and delivers their
 *   `charge.completed` events; deliveries/s from the relay's start to the last arrival, next to a bare outbox sender
 *   (bench/webhook-baseline.ts) sending as many signed bodies from a PostgreSQL table, ten at a time.
 * - **lag**: charges at a steady rate, and per event the time from its `created_at` (written with the
 *   charge) to its arrival at the receiver: once at the default BAOBAB_JOB_POLL_MS, once at 20 ms —
 *   workers are woken by a NOTIFY when an event commits, so the poll should hardly matter.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config.js';
import {
  startReceiver,
  type Receiver,
  checkOnce,
  withClient,
  inLanes,
  percentile,
  perDelivery,
} from './webhook-receiver.js';

/** Charges in the backlog, and bodies the bare sender sends. */
const BACKLOG = 2_000;
/** Charges made side by side while building the backlog. */
const LANES = 16;
/** Charges per second while lag is measured. */
const RATE = 50;
/** BAOBAB_JOB_POLL_MS when it is not set. */
const DEFAULT_POLL_MS = loadConfig({}).jobPollMs;
/** The polls lag is measured at (BENCH_LAG_POLLS, comma-separated ms), the default's among them. */
const LAG_POLLS = (process.env.BENCH_LAG_POLLS ?? '10,250,1000')
  .split(',')
  .map((p) => Number(p.trim()))
  .filter((p) => Number.isInteger(p) && p >= 10);
/**
 * Busy-looping processes run beside the gateway while lag is measured again (BENCH_BURNERS, default
 * 4: load about 5 on two cores, as on a busy shared machine); 0 leaves the contended runs out.
 */
const BURNERS = Number(process.env.BENCH_BURNERS ?? '4');
const SECRET = 'whsec-bench-0123456789abcdefghijklmnopqrstu';

export interface BenchGateway {
  readonly base: string;
  readonly pid: number | undefined;
  readonly schema: string;
  readonly dataDir: string;
  readonly headers: Record<string, string>;
  readonly credentials: { readonly v4: { readonly encryption_key: string } };
}

export interface BenchChild {
  readonly process: { readonly pid?: number | undefined; kill(signal: NodeJS.Signals): boolean };
  output(): string;
  readonly exited: Promise<number | null>;
}

/** What run.ts lends: its gateway and child process helpers, and how it reads CPU time. */
export interface WebhookBenchTools {
  readonly databaseUrl: string;
  readonly durationSeconds: number;
  /** A gateway process; on `schema` and `dataDir` when given (a restart on the same store). */
  startGateway(options: {
    schema?: string;
    dataDir?: string;
    env?: Record<string, string>;
  }): Promise<{ gateway: BenchGateway; stop: () => Promise<void> }>;
  /** One card direct charge that succeeded at once; resolves with its id. */
  charge(gateway: BenchGateway): Promise<string>;
  freshSchema(): Promise<string>;
  /** bench/webhook-baseline.ts as a child process with this environment. */
  startBaseline(env: Record<string, string>): BenchChild;
  /** `url` with every connection's search_path set to `schema`. */
  inSchema(url: string, schema: string): string;
  /** `count` processes that each spin a core until stopped (at most 10 minutes). */
  startBurners(count: number): () => Promise<void>;
  /** CPU seconds used since the call, by the process and by PostgreSQL. */
  cpuSince(pid: number | undefined): () => { process: number | undefined; postgres: number | undefined };
}

export interface Throughput {
  readonly deliveries: number;
  readonly perSecond: number;
  /** CPU per delivery in µs: the sending process, and PostgreSQL. */
  readonly senderCpuUs: number | undefined;
  readonly postgresCpuUs: number | undefined;
}

export interface Lag {
  readonly pollMs: number;
  /** CPU burners running beside the gateway meanwhile. */
  readonly burners: number;
  readonly samples: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** CPU per charge (its charge and its delivery) in µs: the gateway, and PostgreSQL. */
  readonly gatewayCpuUs: number | undefined;
  readonly postgresCpuUs: number | undefined;
}

export interface WebhookFigures {
  readonly baseline: Throughput;
  readonly gateway: Throughput;
  readonly lag: readonly Lag[];
}

async function addEndpoint(gateway: BenchGateway, url: string): Promise<void> {
  const response = await fetch(`${gateway.base}/profile/webhook-endpoints`, {
    method: 'POST',
    headers: { ...gateway.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ url, secret: SECRET }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /profile/webhook-endpoints answered ${text}`);
}

/**
 * The backlog: charges made before the merchant has an endpoint (their events are relayed to nobody),
 * then put back in the outbox and delivered by a fresh gateway: relay and delivery of a backlog.
 */
async function benchBacklog(
  tools: WebhookBenchTools,
  receiver: Receiver,
): Promise<{ figures: Throughput; schema: string; dataDir: string }> {
  console.log(`webhooks: ${String(BACKLOG)} charges, then the delivery of their events as a backlog`);
  const idle = await tools.startGateway({});
  const { schema, dataDir } = idle.gateway;
  await inLanes(BACKLOG, LANES, () => tools.charge(idle.gateway));
  const store = tools.inSchema(tools.databaseUrl, schema);
  // Every event relayed (to nobody) before the endpoint exists.
  await withClient(store, async (client) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM events WHERE dispatched_at IS NULL',
      );
      if (rows[0]?.n === 0) return;
      if (Date.now() > deadline) throw new Error('webhooks: the events were not relayed within 60 s');
      await sleep(100);
    }
  });
  await addEndpoint(idle.gateway, receiver.url);
  await idle.stop();
  if (receiver.arrivals.length > 0)
    throw new Error('webhooks: events were delivered before the endpoint existed');
  await withClient(store, (client) => client.query('UPDATE events SET dispatched_at = NULL'));

  const { gateway, stop } = await tools.startGateway({ schema, dataDir });
  const cpu = tools.cpuSince(gateway.pid);
  await receiver.waitFor(BACKLOG, 'backlog');
  const used = cpu();
  await stop();
  checkOnce('backlog', receiver.arrivals, BACKLOG);
  const url = tools.inSchema(tools.databaseUrl, schema);
  const relayStart = await withClient(url, async (client) => {
    const { rows } = await client.query<{ first: Date; delivered: number }>(
      `SELECT min(dispatched_at) AS first,
         (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'delivered') AS delivered FROM events`,
    );
    const row = rows[0];
    if (row?.delivered !== BACKLOG)
      throw new Error(`backlog: ${String(row?.delivered)} deliveries delivered`);
    return row.first.getTime();
  });
  const last = Math.max(...receiver.arrivals.map((a) => a.at));
  return {
    schema,
    dataDir,
    figures: {
      deliveries: BACKLOG,
      perSecond: BACKLOG / ((last - relayStart) / 1000),
      senderCpuUs: perDelivery(used.process, BACKLOG),
      postgresCpuUs: perDelivery(used.postgres, BACKLOG),
    },
  };
}

/** Charges at RATE/s for the bench's duration on a gateway polling every `pollMs`; the lag of each. */
async function benchLag(
  tools: WebhookBenchTools,
  receiver: Receiver,
  store: { schema: string; dataDir: string },
  pollMs: number,
  burners: number,
): Promise<Lag> {
  const total = RATE * tools.durationSeconds;
  console.log(
    `webhooks: ${String(RATE)} charges/s for ${String(tools.durationSeconds)} s, poll ${String(pollMs)} ms` +
      (burners > 0 ? `, ${String(burners)} CPU burners beside the gateway` : ''),
  );
  const { gateway, stop: stopGateway } = await tools.startGateway({
    ...store,
    env: { BAOBAB_JOB_POLL_MS: String(pollMs) },
  });
  const stopBurners = burners > 0 ? tools.startBurners(burners) : async () => undefined;
  const stop = async () => {
    await stopBurners();
    await stopGateway();
  };
  const before = receiver.arrivals.length;
  const cpu = tools.cpuSince(gateway.pid);
  const start = performance.now();
  const charges: Promise<string>[] = [];
  for (let i = 0; i < total; i += 1) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    charges.push(tools.charge(gateway));
  }
  const ids = await Promise.all(charges);
  await receiver.waitFor(before + total, `lag at poll ${String(pollMs)} ms`);
  const used = cpu();
  await stop();
  const arrivals = receiver.arrivals.slice(before);
  checkOnce(`lag at poll ${String(pollMs)} ms`, arrivals, total);
  const created = await withClient(tools.inSchema(tools.databaseUrl, store.schema), async (client) => {
    const { rows } = await client.query<{ id: string; created_at: Date }>(
      'SELECT id, created_at FROM events WHERE charge_id = ANY($1::text[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.created_at.getTime()]));
  });
  const lags = arrivals
    .map((a) => {
      const at = created.get(a.id);
      if (at === undefined) throw new Error(`lag: webhook ${a.id} is not an event of these charges`);
      return a.at - at;
    })
    .sort((x, y) => x - y);
  if (process.env.BENCH_LAG_DUMP) {
    const { appendFileSync } = await import('node:fs');
    const t0 = Math.min(...created.values());
    appendFileSync(
      process.env.BENCH_LAG_DUMP,
      `poll ${String(pollMs)} burners ${String(burners)}\n` +
        arrivals.map((a) => `${String((created.get(a.id) ?? 0) - t0)} ${String(a.at - t0)}`).join('\n') +
        '\n',
    );
  }
  return {
    pollMs,
    burners,
    samples: lags.length,
    p50: percentile(lags, 0.5),
    p90: percentile(lags, 0.9),
    p99: percentile(lags, 0.99),
    max: percentile(lags, 1),
    gatewayCpuUs: perDelivery(used.process, total),
    postgresCpuUs: perDelivery(used.postgres, total),
  };
}

/** The bare sender on a schema of its own, sending the gateway's first body BACKLOG times. */
async function benchBaseline(tools: WebhookBenchTools, receiver: Receiver): Promise<Throughput> {
  console.log(`webhooks: bare outbox sender, ${String(BACKLOG)} bodies`);
  const sample = receiver.sample();
  if (!sample) throw new Error('webhooks: no body to send');
  const before = receiver.arrivals.length;
  const schema = await tools.freshSchema();
  const child = tools.startBaseline({
    DATABASE_URL: tools.inSchema(tools.databaseUrl, schema),
    RECEIVER_URL: receiver.url,
    COUNT: String(BACKLOG),
    BODY: sample.body,
    SECRET,
  });
  const deadline = Date.now() + 60_000;
  while (!child.output().includes('ready')) {
    if (Date.now() > deadline) throw new Error(`webhook baseline never got ready:\n${child.output()}`);
    await sleep(20);
  }
  const cpu = tools.cpuSince(child.process.pid);
  const start = Date.now();
  child.process.kill('SIGUSR2');
  await receiver.waitFor(before + BACKLOG, 'baseline');
  const used = cpu();
  const code = await child.exited;
  if (code !== 0) throw new Error(`webhook baseline exited ${String(code)}:\n${child.output()}`);
  const arrivals = receiver.arrivals.slice(before);
  checkOnce('baseline', arrivals, BACKLOG);
  const last = Math.max(...arrivals.map((a) => a.at));
  return {
    deliveries: BACKLOG,
    perSecond: BACKLOG / ((last - start) / 1000),
    senderCpuUs: perDelivery(used.process, BACKLOG),
    postgresCpuUs: perDelivery(used.postgres, BACKLOG),
  };
}

export async function benchWebhooks(tools: WebhookBenchTools): Promise<WebhookFigures> {
  const receiver = await startReceiver();
  try {
    const backlog = await benchBacklog(tools, receiver);
    const lag: Lag[] = [];
    for (const burners of BURNERS > 0 ? [0, BURNERS] : [0]) {
      for (const pollMs of LAG_POLLS) lag.push(await benchLag(tools, receiver, backlog, pollMs, burners));
    }
    const baseline = await benchBaseline(tools, receiver);
    return { baseline, gateway: backlog.figures, lag };
  } finally {
    await receiver.close();
  }
}

export function reportWebhooks(f: WebhookFigures, durationSeconds: number): void {
  const us = (value: number | undefined) => (value === undefined ? '' : value.toFixed(0));
  const row = (name: string, t: Throughput) =>
    `| ${name} | ${t.perSecond.toFixed(0)} | ${us(t.senderCpuUs)} | ${us(t.postgresCpuUs)} |`;
  const lagRow = (l: Lag) =>
    `| ${String(l.pollMs)} ms${l.pollMs === DEFAULT_POLL_MS ? ' (default)' : ''} | ${String(l.burners)} | ${String(l.samples)} | ` +
    `${String(l.p50)} | ${String(l.p90)} | ${String(l.p99)} | ${String(l.max)} | ${us(l.gatewayCpuUs)} | ${us(l.postgresCpuUs)} |`;
  console.log(
    [
      '',
      `Webhook delivery to a loopback receiver answering 200 at once · ${String(BACKLOG)} deliveries · ` +
        'CPU per delivery in µs: the sending process, all PostgreSQL processes',
      'baseline = one process, a PostgreSQL outbox table: lock 10 rows, POST them side by side (HMAC-signed), ' +
        'delete them, commit',
      '',
      '| webhooks | deliveries/s | sender CPU (µs) | postgres CPU (µs) |',
      '| --- | ---: | ---: | ---: |',
      row('baseline (pg outbox + fetch)', f.baseline),
      row(`gateway: ${String(BACKLOG)} charge.completed from the outbox`, f.gateway),
      `| gateway / baseline | ${(f.gateway.perSecond / f.baseline.perSecond).toFixed(2)}× | ` +
        `${f.gateway.senderCpuUs !== undefined && f.baseline.senderCpuUs !== undefined ? `${(f.gateway.senderCpuUs / f.baseline.senderCpuUs).toFixed(2)}×` : ''} | ` +
        `${f.gateway.postgresCpuUs !== undefined && f.baseline.postgresCpuUs !== undefined ? `${(f.gateway.postgresCpuUs / f.baseline.postgresCpuUs).toFixed(2)}×` : ''} |`,
      '',
      `Lag from charge (event created_at) to arrival at the receiver, ${String(RATE)} charges/s for ` +
        `${String(durationSeconds)} s, in ms:`,
      '',
      '| BAOBAB_JOB_POLL_MS | CPU burners | events | p50 | p90 | p99 | max | gateway CPU/charge (µs) | postgres CPU/charge (µs) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...f.lag.map(lagRow),
      '',
    ].join('\n'),
  );
}
