/**
 * `baobab listen --forward-to URL`: follows the merchant's live event stream on a running gateway
 * (`GET /v3/sandbox/events/stream`, authenticated with the v3 secret key, which does not expire) and
 * POSTs each event to URL with the body and headers a webhook delivery would send, printing one line
 * per event with what it says happened and the local answer (`--events` picks which are forwarded,
 * `--print-json` prints each body too). Events are forwarded one at a time, in order. When the stream
 * drops it reconnects (0.5 s, doubling to 10 s) with Last-Event-ID, so nothing is missed; SIGINT or
 * SIGTERM stops it (once the event being forwarded, if any, has its answer).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import { isHttpUrl } from '../api/http/fields.js';
import type { Config } from '../config.js';
import { STREAM_FORMATS, type StreamFormat } from '../flows/webhooks/event-stream.js';
import { post, reasonOf } from '../jobs/webhook-delivery.js';
import { gatewayOf, type Gateway } from './gateway-client.js';
import { sseMessages } from './sse.js';

const FORWARD_TIMEOUT_MS = 10_000;
const BACKOFF_MS = { first: 500, max: 10_000 };

interface Streamed {
  readonly id: string;
  readonly type: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

interface Output {
  out(line: string): void;
  err(line: string): void;
}

const isFormat = (value: string): value is StreamFormat =>
  (STREAM_FORMATS as readonly string[]).includes(value);

/** POSTs one event to the local URL as a delivery would; the answer (or the failure) ends its line. */
async function forward(to: string, event: Streamed): Promise<string> {
  const started = performance.now();
  const answer = await post(to, event, FORWARD_TIMEOUT_MS);
  const ms = Math.round(performance.now() - started);
  return answer.statusCode === undefined
    ? `→ ${answer.error ?? 'failed'}`
    : `→ ${String(answer.statusCode)} (${String(ms)} ms)`;
}

const time = () => new Date().toTimeString().slice(0, 8);

/** The first of `keys` `data` has as a string or number. */
const first = (data: Record<string, unknown>, keys: readonly string[]): string | undefined => {
  const value = keys.map((k) => data[k]).find((v) => typeof v === 'string' || typeof v === 'number');
  return value === undefined ? undefined : String(value);
};

/**
 * What the event says happened, from its body in any format (v4 and v3 under `data`, v3-legacy flat
 * and PascalCase): `successful NGN 100`, leaving out what it does not name.
 */
export function outcomeOf(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  if (typeof parsed !== 'object' || parsed === null) return '';
  const top = parsed as Record<string, unknown>;
  const data =
    typeof top['data'] === 'object' && top['data'] !== null ? (top['data'] as Record<string, unknown>) : top;
  return [
    first(data, ['status', 'Status']),
    first(data, ['currency', 'Currency']),
    first(data, ['amount', 'amount_refunded', 'AmountRefunded', 'Amount']),
  ]
    .filter((p) => p !== undefined)
    .join(' ');
}

/** `--events charge.completed,refund.*`: each name, or a prefix ending in `*`; none = every event. */
export function eventFilter(list: string | undefined): (type: string) => boolean {
  const names = (list ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) return () => true;
  return (type) => names.some((n) => (n.endsWith('*') ? type.startsWith(n.slice(0, -1)) : type === n));
}

/** `localhost:3000/hook` as `http://localhost:3000/hook`: a URL without a scheme is taken as http. */
export const withScheme = (url: string): string =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;

/** Why the gateway refused the stream, from its error body (v3 envelope) if it has one. */
async function refusal(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}

/** Waits `ms`, or less if stopped meanwhile. */
const pause = (ms: number, signal: AbortSignal) =>
  setTimeout(ms, undefined, { signal }).catch(() => undefined);

export async function listen(
  gateway: Gateway,
  options: {
    readonly forwardTo: string;
    readonly format: StreamFormat;
    readonly signal: AbortSignal;
    /** Which event types to forward (all when absent). */
    readonly events?: (type: string) => boolean;
    /** Print each forwarded body, indented, after its line. */
    readonly printJson?: boolean;
  },
  io: Output,
): Promise<number> {
  const { forwardTo, format, signal } = options;
  const wanted = options.events ?? (() => true);
  let lastEventId: string | undefined;
  let connected = false;
  let backoff = BACKOFF_MS.first;
  // A function, not the property: the signal is aborted from outside while this loop awaits.
  const stopped = () => signal.aborted;
  while (!stopped()) {
    let problem: string;
    try {
      const res = await fetch(`${gateway.url}/v3/sandbox/events/stream?format=${format}`, {
        headers: {
          authorization: `Bearer ${gateway.secretKey}`,
          accept: 'text/event-stream',
          ...(lastEventId !== undefined && { 'last-event-id': lastEventId }),
        },
        signal,
      });
      // A wrong key or format will not get better by retrying.
      if (res.status >= 400 && res.status < 500) {
        io.err(
          `baobab listen: the gateway refused the stream (${String(res.status)}): ${await refusal(res)}`,
        );
        return 1;
      }
      if (res.status !== 200 || !res.body) throw new Error(`the gateway answered ${String(res.status)}`);
      for await (const message of sseMessages(res.body)) {
        if (message.event === 'ready') {
          const { signing_secret: secret } = JSON.parse(message.data) as { signing_secret: string };
          io.out(
            connected
              ? `${time()}  reconnected${lastEventId === undefined ? '' : `, resuming after event ${lastEventId}`}`
              : `Ready. Forwarding ${format} events to ${forwardTo}; signing secret ${secret}`,
          );
          connected = true;
          backoff = BACKOFF_MS.first;
        } else if (message.event === 'webhook') {
          const event = JSON.parse(message.data) as Streamed;
          lastEventId = message.id ?? lastEventId;
          if (!wanted(event.type)) continue;
          const outcome = outcomeOf(event.body);
          const answer = await forward(forwardTo, event);
          io.out(`${time()}  ${event.type}  ${event.id}  ${outcome === '' ? '' : `${outcome}  `}${answer}`);
          if (options.printJson === true) io.out(JSON.stringify(JSON.parse(event.body), null, 2));
        }
      }
      problem = 'the gateway ended the stream';
    } catch (error) {
      if (stopped()) break;
      // The stream has no time limit (a stop, the only abort, is handled above).
      problem = `cannot reach ${gateway.url}: ${reasonOf(error, 0)}`;
    }
    io.err(`${time()}  ${problem}; reconnecting in ${String(backoff / 1000)} s`);
    await pause(backoff, signal);
    backoff = Math.min(backoff * 2, BACKOFF_MS.max);
  }
  return 0;
}

export interface ListenOptions {
  readonly forwardTo?: string | undefined;
  readonly events?: string | undefined;
  readonly printJson?: boolean | undefined;
  readonly format: string;
  readonly gateway?: string | undefined;
  readonly secretKey?: string | undefined;
}

/**
 * `baobab listen …` from the command line, its options parsed by main.ts: listens until SIGINT or
 * SIGTERM. `usage(problem)` reports a misuse (exit 2) with the command's usage.
 */
export async function listenCommand(
  config: Config,
  values: ListenOptions,
  usage: (problem: string) => number,
): Promise<number> {
  const forwardTo = values.forwardTo === undefined ? undefined : withScheme(values.forwardTo);
  if (forwardTo === undefined || !isHttpUrl(forwardTo)) {
    return usage('--forward-to must be the http(s) URL to POST events to');
  }
  if (!isFormat(values.format)) return usage(`--format must be one of ${STREAM_FORMATS.join(', ')}`);
  const gateway = gatewayOf(config, values);
  if (typeof gateway === 'string') return usage(gateway);

  const stop = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop.abort();
    });
  }
  return listen(
    gateway,
    {
      forwardTo,
      format: values.format,
      signal: stop.signal,
      events: eventFilter(values.events),
      printJson: values.printJson === true,
    },
    { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
  );
}
