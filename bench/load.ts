/** Load generation and its figures: one target under autocannon, measured next to its CPU (see bench/run.ts). */
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Request, Result } from 'autocannon';
import {
  CONNECTIONS,
  WARMUP_SECONDS,
  DURATION_SECONDS,
  DATABASE_URL,
  HOST,
  BASELINE_ENTRY,
} from './config.js';
import { countOf, freshSchema, inSchema, freePort, startChild, stopChild, waitForHealth } from './harness.js';
import { type Cpu, cpuMeter, rssMeter } from './cpu.js';

let sequence = 0;

/** The next number of the run's sequence, for unique emails and references. */
export function nextSequence(): number {
  sequence += 1;
  return sequence;
}
export const RUN_TAG = randomBytes(4).toString('hex');

/** What one target sends: every request gets a new idempotency key (POSTs) and new unique fields. */
export interface Target {
  readonly name: string;
  /** The answer every request should get; any other counts as unexpected. */
  readonly expected: number;
  readonly method: 'GET' | 'POST';
  next(): { path: string; body?: string };
}

export async function load(
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

export interface Figures {
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
  /** The server's resident memory over the measured window, in MB (Linux /proc), when it could be read. */
  readonly rss?: { readonly start: number; readonly max: number; readonly end: number };
}

export function figures(result: Result, expected: number, cpu: Cpu): Figures {
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

export const total = (counts: Record<string, number>): number =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Warm-up (discarded), then measurement. `stored`, when given, counts the rows the target's requests
 * made; it must match the expected answers of both runs plus `before` (rows made before the warm-up).
 */
export async function measure(
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
  const rss = rssMeter(server.pid);
  const raw = await load(server.base, headers, target, DURATION_SECONDS);
  const memory = rss();
  const result = {
    ...figures(raw, target.expected, cpu()),
    ...(memory === undefined ? {} : { rss: memory }),
  };
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

export const customers: Target = {
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

/** A baseline server (`entry`) under `target`, its rows counted in `table` of its own schema. */
export async function benchBaseline(
  entry = BASELINE_ENTRY,
  target: Target = customers,
  table = 'customers',
): Promise<Figures> {
  const schema = await freshSchema();
  const port = await freePort();
  const child = startChild('baseline', ['--import', import.meta.resolve('tsx'), entry], {
    DATABASE_URL: inSchema(DATABASE_URL, schema),
    PORT: String(port),
    HOST,
  });
  const base = `http://${HOST}:${port}`;
  await waitForHealth(base, child);
  const result = await measure({ base, pid: child.process.pid }, {}, target, {
    before: 0,
    count: () => countOf(`SELECT count(*)::int AS n FROM ${schema}.${table}`),
  });
  await stopChild(child.process); // idle before the next target starts
  return result;
}
