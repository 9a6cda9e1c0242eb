/**
 * What the chaos suites share: real gateway processes on a PostgreSQL schema of their own, a v4
 * session on a node, and a client loop making card charges whose every answer is recorded.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { CARDS, CVVS, encryptCard } from './cards.js';
import { runBaobab, type BaobabProcess } from './process.js';
import { uniqueRef } from './v3.js';

/** `url` with a search_path of `schema` in its startup options. */
export const inSchema = (url: string, schema: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A schema of its own on the test database, and the nodes started on it; `close` removes all. */
export function chaosRun(url: string) {
  const schema = `chaos_${randomBytes(6).toString('hex')}`;
  const masterKey = randomBytes(32).toString('base64');
  const dirs: string[] = [];
  const nodes: BaobabProcess[] = [];
  return {
    schema,
    async setUp() {
      await admin(url, `CREATE SCHEMA ${schema}`);
    },
    /** A `baobab serve` on `databaseUrl` (already pointing at the schema). */
    node(databaseUrl: string, env: Record<string, string> = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'baobab-chaos-'));
      dirs.push(dir);
      const node = runBaobab(['serve'], {
        DATABASE_URL: databaseUrl,
        BAOBAB_MASTER_KEY: masterKey,
        BAOBAB_DATA_DIR: dir,
        PORT: '0',
        BAOBAB_JOB_POLL_MS: '100',
        BAOBAB_WEBHOOK_RETRY_SCHEDULE: '0.2,0.5,1,2,2,2',
        // The load is the point here, not the rate limits (test/api/faults/rate-limits.test.ts has those).
        BAOBAB_RATE_LIMIT_CHARGES: '0',
        BAOBAB_RATE_LIMIT_TRANSFERS: '0',
        BAOBAB_RATE_LIMIT_READS: '0',
        BAOBAB_RATE_LIMIT_OTHER: '0',
        ...env,
      });
      nodes.push(node);
      return { node, dir };
    },
    async close() {
      await Promise.all(nodes.map((n) => n.stop('SIGKILL')));
      await admin(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  readonly credentials: MerchantCredentials;
  readonly headers: Record<string, string>;
}

/** The sandbox merchant the first node seeded, with an access token from `base`. */
export async function session(base: string, dir: string): Promise<Session> {
  const credentials = JSON.parse(
    readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8'),
  ) as MerchantCredentials;
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.v4.client_id,
      client_secret: credentials.v4.client_secret,
    }),
  });
  const { access_token: token } = (await res.json()) as { access_token: string };
  return { credentials, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
}

/** One answer the load loop got: when the request started and ended (ms since the epoch). */
export interface Outcome {
  readonly lane: string;
  readonly reference: string;
  readonly started: number;
  readonly ended: number;
  /** 0: no HTTP answer (connection refused, reset, the client's own 20 s limit). */
  readonly status: number;
  readonly retryAfter: string | null;
  readonly body: unknown;
}

export interface Load {
  readonly outcomes: Outcome[];
  /** Stops sending to the lanes of `base` (a node that is about to die). */
  leave(base: string): void;
  stop(): Promise<void>;
}

const CLIENT_LIMIT_MS = 20_000;

/**
 * `lanes` loops per base URL, each making v4 card direct charges (succeed at once, so each makes a
 * charge.completed event) one after another. After an answer that is not 201 a lane waits 50 ms, as
 * a client honouring Retry-After loosely would; it never stops on errors.
 */
export function startLoad(bases: readonly string[], s: Session, lanes: number): Load {
  const outcomes: Outcome[] = [];
  const left = new Set<string>();
  let running = true;
  const lane = async (base: string, name: string): Promise<void> => {
    while (running && !left.has(base)) {
      const reference = uniqueRef('chaos');
      const started = Date.now();
      let status = 0;
      let retryAfter: string | null = null;
      let body: unknown;
      try {
        const res = await fetch(`${base}/orchestration/direct-charges`, {
          method: 'POST',
          headers: s.headers,
          signal: AbortSignal.timeout(CLIENT_LIMIT_MS),
          body: JSON.stringify({
            amount: 1500,
            currency: 'NGN',
            reference,
            customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
            payment_method: {
              type: 'card',
              card: encryptCard(s.credentials.v4.encryption_key, {
                number: CARDS.mastercard,
                cvv: CVVS.mastercard,
              }),
            },
          }),
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        body = await res.json().catch(() => null);
      } catch (error) {
        body = String(error);
      }
      outcomes.push({ lane: name, reference, started, ended: Date.now(), status, retryAfter, body });
      if (status !== 201) await sleep(50);
    }
  };
  const all = bases.flatMap((base, b) =>
    Array.from({ length: lanes }, (_, i) => lane(base, `${String(b)}.${String(i)}`)),
  );
  return {
    outcomes,
    leave(base) {
      left.add(base);
    },
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}

/** How many requests carried each `webhook-id` at the receiver. */
export function countsById(received: readonly { headers: Record<string, unknown> }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const hit of received) {
    const id = String(hit.headers['webhook-id']);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** Log lines of a node whose `msg` matches. */
export const logLines = (node: BaobabProcess, msg: RegExp): Record<string, unknown>[] =>
  node
    .stdout()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => typeof l['msg'] === 'string' && msg.test(l['msg']));
