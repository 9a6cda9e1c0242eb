/**
 * The live event stream (Baobab's own, behind `baobab listen`): `GET /sandbox/events/stream` (v4
 * access token) and `GET /v3/sandbox/events/stream` (v3 secret key) answer server-sent events — the
 * merchant's events written from now on (or after `Last-Event-ID`), oldest first, each with the body
 * and headers a webhook delivery would POST:
 *
 *   event: ready     data: {"format", "signing_secret"}            once, first
 *   id: <seq>        event: webhook   data: {"id", "type", "body", "headers"}
 *   : ping                                                          when quiet for PING_MS
 *
 * The connection is polled, not pushed (flows/event-stream.ts), so events written on any node arrive.
 * One timer per stream, cleared when the client goes; the server ends every stream when it closes.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { Type } from 'typebox';
import type { Deps } from '../flows/deps.js';
import {
  followEvents,
  STREAM_FORMATS,
  type EventFeed,
  type StreamFormat,
} from '../flows/webhooks/event-stream.js';
import { callerOf } from './http/caller.js';
import { StringEnum } from './http/fields.js';
import { renderWebhook } from './webhook-bodies.js';

export interface StreamTiming {
  /** Pause between two polls of the events table. */
  readonly pollMs: number;
  /** A comment is sent after this long without a message, so proxies and clients see a live connection. */
  readonly pingMs: number;
}

const DEFAULT_TIMING: StreamTiming = { pollMs: 250, pingMs: 15_000 };
/** What an EventSource waits before reconnecting. */
const RETRY_MS = 1_000;

const sse = (fields: { id?: string; event: string; data: unknown }): string =>
  `${fields.id === undefined ? '' : `id: ${fields.id}\n`}event: ${fields.event}\ndata: ${JSON.stringify(fields.data)}\n\n`;

function pump(
  req: FastifyRequest,
  reply: FastifyReply,
  feed: EventFeed,
  format: StreamFormat,
  timing: StreamTiming,
  open: Set<() => void>,
): void {
  reply.hijack();
  const res = reply.raw;
  // Headers set before the handler (the trace id) are the reply's; they go out with the stream's.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) res.setHeader(name, value);
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no',
  });
  res.write(
    `retry: ${String(RETRY_MS)}\n${sse({ event: 'ready', data: { format, signing_secret: feed.signingSecret } })}`,
  );

  let live = true;
  let timer: NodeJS.Timeout | undefined;
  let lastWrite = performance.now();
  const write = (text: string) => {
    if (!live) return;
    res.write(text);
    lastWrite = performance.now();
  };
  const end = () => {
    if (live) res.end();
  };
  open.add(end);
  res.on('close', () => {
    live = false;
    clearTimeout(timer);
    open.delete(end);
  });

  const tick = async () => {
    // A client that does not keep up is not sent more until it has drained what it has.
    if (!res.writableNeedDrain) {
      for (const e of await feed.next()) {
        write(
          sse({
            id: e.seq,
            event: 'webhook',
            data: { id: e.id, type: e.type, body: e.body, headers: e.headers },
          }),
        );
      }
    }
    if (performance.now() - lastWrite >= timing.pingMs) write(': ping\n\n');
  };
  const schedule = () => {
    timer = setTimeout(() => {
      tick().then(
        () => {
          if (live) schedule();
        },
        (error: unknown) => {
          // The client reconnects with Last-Event-ID and misses nothing.
          if (live) req.log.error({ err: error }, 'event stream failed; closing it');
          end();
        },
      );
    }, timing.pollMs);
  };
  schedule();
}

/** The stream in one dialect's scope, authenticated by that scope's hook; errors in its envelope. */
export function eventStreamRoutes(
  root: FastifyInstance,
  deps: Deps,
  dialect: 'v4' | 'v3',
  timing: StreamTiming = DEFAULT_TIMING,
): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const open = new Set<() => void>();
  // Streams never end by themselves: end them, or closing the server would wait for the clients.
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });

  app.get(
    dialect === 'v4' ? '/sandbox/events/stream' : '/v3/sandbox/events/stream',
    {
      schema: {
        tags: [dialect === 'v4' ? 'Sandbox' : 'v3 sandbox'],
        ...(dialect === 'v4' && { security: [{ bearer: [] }] }),
        summary: `(Sandbox) Stream your events as server-sent events, signed as webhooks (${dialect} format unless \`format\` says)`,
        querystring: Type.Object({ format: Type.Optional(StringEnum(STREAM_FORMATS)) }),
        response: {
          200: {
            description: 'Server-sent events: `ready`, then one `webhook` per event (docs/webhooks.md)',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
        },
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({
              pattern: '^[0-9]{1,18}$',
              'x-message': 'must be the id of an event of the stream',
            }),
          ),
        }),
      },
    },
    async (req, reply) => {
      const format = req.query.format ?? dialect;
      const lastEventId = req.headers['last-event-id'];
      const feed = await followEvents(deps, renderWebhook, {
        merchantId: callerOf(req).merchantId,
        format,
        ...(lastEventId !== undefined && { afterSeq: lastEventId }),
      });
      if (!feed.ok) return reply.fail(feed.error);
      pump(req, reply, feed.value, format, timing, open);
      return reply;
    },
  );
}
