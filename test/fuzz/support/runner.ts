/**
 * Runs a fuzz suite: cases drawn (fast-check, seeded) across the chosen operations, sent one after
 * another to one in-process gateway, each answer judged by the oracle. Sized by BAOBAB_FUZZ_RUNS
 * (requests over all fuzz files, 5,000 by default) and seeded by BAOBAB_FUZZ_SEED (a number, or
 * `random`); the report of a failed run starts with the seed that reproduces it.
 */
import fc from 'fast-check';
import type { TestGateway, TestMerchant } from '../../support/gateway.js';
import type { Case } from './cases.js';
import { problems } from './oracle.js';
import { build, harvest, Pools, send, type Sent } from './send.js';
import { loadOperations, type Operation } from './spec.js';

export const TOTAL_RUNS = Number(process.env['BAOBAB_FUZZ_RUNS'] ?? 5000);
const seedSetting = process.env['BAOBAB_FUZZ_SEED'];
export const SEED =
  seedSetting === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(seedSetting ?? 20_261_121);

/** Milliseconds a suite of `runs` requests may take before the test runner gives up on it. */
export const timeoutFor = (runs: number): number => 120_000 + runs * 100;

export interface Failure {
  readonly op: string;
  readonly problem: string;
  readonly label: string;
  readonly sent: Sent;
  readonly status: number;
  readonly answer: string;
}

export interface Report {
  readonly seed: number;
  readonly sent: number;
  readonly ms: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly perOperation: ReadonlyMap<string, number>;
  readonly failures: readonly Failure[];
}

export interface Suite {
  readonly gw: TestGateway;
  readonly merchant: TestMerchant;
  /** Which operations of /openapi.json this suite drives. */
  readonly select: (op: Operation) => boolean;
  readonly cases: (op: Operation) => fc.Arbitrary<Case>;
  /** How many requests. */
  readonly runs: number;
  /** Mixed into the seed, so each suite draws its own cases. */
  readonly salt: number;
}

export async function runFuzz(suite: Suite): Promise<Report> {
  const operations = (await loadOperations(suite.gw.app)).filter(suite.select);
  if (operations.length === 0) throw new Error('no operations selected');
  const seed = (SEED + suite.salt) | 0;
  const all = fc.constantFrom(...operations).chain((op) => suite.cases(op));
  const cases = fc.sample(all, { seed, numRuns: suite.runs });
  const pools = new Pools();
  const failures: Failure[] = [];
  const statuses: Record<string, number> = {};
  const perOperation = new Map<string, number>(operations.map((op) => [op.key, 0]));
  const started = Date.now();
  for (const c of cases) {
    const sent = build(c, suite.merchant, pools);
    perOperation.set(c.op.key, (perOperation.get(c.op.key) ?? 0) + 1);
    let found: string[];
    let status = 0;
    let answer = '';
    try {
      const got = await send(suite.gw.app, c, sent);
      status = got.status;
      answer = got.text;
      found = problems(c, got);
      if (got.status < 300 && got.json !== undefined) harvest(pools, c.op.path, got.json);
      // A fault profile the run set would fault the requests after it, whose answers are judged by
      // what each asked alone: clear it (its own answers were judged above).
      if (got.status < 300 && c.op.method === 'PUT' && c.op.path.endsWith('/sandbox/faults')) {
        await suite.gw.app.inject({ method: 'DELETE', url: sent.url, headers: sent.headers });
      }
    } catch (error) {
      found = [`the request threw: ${(error as Error).message}`];
    }
    statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    for (const problem of found) {
      failures.push({ op: c.op.key, problem, label: c.label, sent, status, answer: answer.slice(0, 400) });
    }
  }
  return { seed, sent: cases.length, ms: Date.now() - started, statuses, perOperation, failures };
}

const short = (s: string | undefined, n: number) =>
  s === undefined ? '' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s;

/** The failures, one per operation and kind of problem, with what to send to see each again. */
export function describeReport(name: string, r: Report): string {
  const distinct = new Map<string, { first: Failure; count: number }>();
  for (const f of r.failures) {
    const kind = `${f.op} | ${f.problem.replace(/\d+ chars/g, 'N chars').slice(0, 120)}`;
    const seen = distinct.get(kind);
    if (seen) seen.count++;
    else distinct.set(kind, { first: f, count: 1 });
  }
  const lines = [
    `${name}: ${r.failures.length} problems in ${r.sent} requests (${r.ms} ms). Reproduce: BAOBAB_FUZZ_SEED=${SEED} BAOBAB_FUZZ_RUNS=${TOTAL_RUNS}`,
  ];
  for (const [kind, { first, count }] of [...distinct.entries()].slice(0, 40)) {
    lines.push(
      `- ${kind} ×${count}`,
      `    case: ${first.label}`,
      `    sent: ${first.sent.method} ${short(first.sent.url, 200)} ${short(JSON.stringify(first.sent.headers), 200)}`,
      `    body: ${short(first.sent.payload, 300)}`,
      `    got:  ${first.status} ${short(first.answer, 300)}`,
    );
  }
  return lines.join('\n');
}

export function summary(name: string, r: Report): string {
  const statuses = Object.entries(r.statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
  return `${name}: ${r.sent} requests over ${r.perOperation.size} operations in ${(r.ms / 1000).toFixed(1)} s (seed ${r.seed}): ${statuses}`;
}
