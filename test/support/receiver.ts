/**
 * A merchant's webhook receiver on a loopback port: it records every request as it arrived (raw body,
 * headers, when) and answers as the test says — a status per request, a delay, or no answer at all.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
  readonly path: string;
  readonly at: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** The status for the n-th request (0-based); 200 unless set. */
  answer(status: (n: number) => number): void;
  /** Holds every answer back this long (a slow receiver). */
  delay(ms: number): void;
  /** Answers nothing until `release()`: every request arriving meanwhile stays open. */
  hold(): void;
  /** Sends the answers held since `hold()`, and answers as before from now on. */
  release(): void;
  /** Resolves once `count` requests have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  let status: (n: number) => number = () => 200;
  let delayMs = 0;
  let held: (() => void)[] | undefined;
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = received.length;
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        path: req.url ?? '/',
        at: Date.now(),
      });
      for (const wake of waiters.splice(0)) wake();
      const send = () => {
        res.writeHead(status(n), { 'content-type': 'text/plain' }).end(`answer ${String(n)}`);
      };
      if (held) held.push(send);
      else setTimeout(send, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/webhooks`;
  return {
    url,
    received,
    answer(fn) {
      status = fn;
    },
    delay(ms) {
      delayMs = ms;
    },
    hold() {
      held ??= [];
    },
    release() {
      const sends = held ?? [];
      held = undefined;
      for (const send of sends) send();
    },
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `receiver got ${String(received.length)} of ${String(count)} requests in ${String(timeoutMs)} ms`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received;
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
