/** The loopback receiver the webhook bench delivers to, and its small helpers (see bench/webhooks.ts). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface Arrival {
  readonly id: string;
  readonly at: number;
}

/** A receiver that answers 200 at once and notes when each webhook-id arrived. */
export async function startReceiver() {
  const arrivals: Arrival[] = [];
  let sample: { body: string; signature: string } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrivals.push({ id: String(req.headers['webhook-id']), at: Date.now() });
      sample ??= {
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['flutterwave-signature']),
      };
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/webhooks`,
    arrivals,
    sample: () => sample,
    async waitFor(count: number, what: string, timeoutMs = 120_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (arrivals.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `${what}: the receiver got ${String(arrivals.length)} of ${String(count)} webhooks`,
          );
        }
        await sleep(5);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Every id of `arrivals` exactly once, and exactly `ids` when given: else the figures mean nothing. */
export function checkOnce(what: string, arrivals: readonly Arrival[], expected: number): void {
  const ids = new Set(arrivals.map((a) => a.id));
  if (arrivals.length !== expected || ids.size !== expected) {
    throw new Error(
      `${what}: ${String(arrivals.length)} webhooks for ${String(ids.size)} events, expected ${String(expected)} once each`,
    );
  }
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `work` `count` times, `lanes` at a time. */
export async function inLanes(count: number, lanes: number, work: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const lane = async () => {
    while (started < count) {
      started += 1;
      await work();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;

export const perDelivery = (seconds: number | undefined, n: number): number | undefined =>
  seconds === undefined ? undefined : (seconds * 1e6) / n;
