/**
 * `baobab listen --forward-to URL`: follows the merchant's live event stream on a running gateway
 * (`GET /v3/sandbox/events/stream`, authenticated with the v3 secret key, which does not expire) and
 * POSTs each event to URL with the body and headers a webhook delivery would send, printing one line
 * per event with the local answer. Events are forwarded one at a time, in order. When the stream
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
  options: { readonly forwardTo: string; readonly format: StreamFormat; readonly signal: AbortSignal },
  io: Output,
): Promise<number> {
  const { forwardTo, format, signal } = options;
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
          io.out(`${time()}  ${event.type}  ${event.id}  ${await forward(forwardTo, event)}`);
          lastEventId = message.id ?? lastEventId;
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
  const { forwardTo } = values;
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
    { forwardTo, format: values.format, signal: stop.signal },
    { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
  );
}
