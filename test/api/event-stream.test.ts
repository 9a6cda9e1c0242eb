/**
 * The live event stream (`GET /sandbox/events/stream`, `GET /v3/sandbox/events/stream`) over real
 * HTTP: authentication in each dialect, the formats, events written after the stream opened (and
 * only the caller's), resuming with Last-Event-ID, an event whose commit came late, pings, and no
 * polling left behind when the client goes or the server closes.
 */
import { randomUUID } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStreamRoutes } from '../../src/api/event-stream.js';
import { installErrorHandling } from '../../src/api/http/errors.js';
import { setCaller } from '../../src/api/http/caller.js';
import { validatorCompiler } from '../../src/api/http/validation.js';
import { renderV4Error } from '../../src/api/v4/envelope.js';
import { sseMessages, type SseMessage } from '../../src/cli/sse.js';
import { verifyWebhook } from '../../src/sdk/webhooks.js';
import type { Db } from '../../src/store/db.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { v3Card, v3Headers } from '../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';

let gw: TestGateway;
let url: string;

beforeAll(async () => {
  gw = await startGateway();
  url = await gw.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await gw.close();
});

interface Webhook {
  readonly id: string;
  readonly type: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** An open stream: its messages one by one, and a way to hang up. */
interface Stream {
  readonly status: number;
  next(timeoutMs?: number): Promise<SseMessage>;
  /** The next `webhook` message, parsed. */
  webhook(timeoutMs?: number): Promise<{ seq: string; event: Webhook }>;
  /** Resolves when the server ended the stream. */
  ended(): Promise<void>;
  close(): void;
}

async function openStream(path: string, headers: Record<string, string>, base = url): Promise<Stream> {
  // node:http rather than fetch: an aborted fetch leaves a spare connection open, which would keep the
  // server from closing.
  const req = request(`${base}${path}`, { headers });
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve).on('error', reject).end();
  });
  res.on('error', () => undefined);
  const messages = sseMessages(res);
  const next = async (timeoutMs = 5_000) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`no message within ${String(timeoutMs)} ms`));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([messages.next(), timeout]);
      if (result.done) throw new Error('the stream ended');
      return result.value;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    status: res.statusCode ?? 0,
    next,
    async webhook(timeoutMs) {
      const m = await next(timeoutMs);
      expect(m.event).toBe('webhook');
      return { seq: m.id ?? '', event: JSON.parse(m.data) as Webhook };
    },
    async ended() {
      for (;;) if ((await messages.next()).done) return;
    },
    close: () => {
      req.destroy();
    },
  };
}

/** A v3 card charge, final at once (so its charge.completed event is written with it). */
async function charge(m: TestMerchant, status: 'succeeded' | 'failed' = 'succeeded') {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: {
      ...v3Headers(m),
      ...(status === 'failed' && { 'x-scenario-key': 'scenario:noauth&issuer:insufficient_funds' }),
    },
    payload: v3Card(NOAUTH_CARD),
  });
  expect(res.statusCode, res.body).toBe(200);
  const data = res.json<{ data: { id: number; tx_ref: string; status: string } }>().data;
  const { rows } = await gw.deps.db.query<{ id: string }>(
    `SELECT e.id FROM events e JOIN charges c ON c.id = e.charge_id WHERE c.reference = $1`,
    [data.tx_ref],
  );
  return { ...data, eventId: rows[0]?.id ?? '' };
}

const v3Stream = (m: TestMerchant, query = '', headers: Record<string, string> = {}) =>
  openStream(`/v3/sandbox/events/stream${query}`, { ...v3Headers(m), ...headers });

/** The `ready` message every stream begins with. */
async function ready(s: Stream) {
  const m = await s.next();
  expect(m.event).toBe('ready');
  return JSON.parse(m.data) as { format: string; signing_secret: string };
}

describe('authentication', () => {
  it('refuses an unknown format or a malformed Last-Event-ID with a 400 naming it', async () => {
    const m = await gw.merchant();
    const v4 = await gw.app.inject({
      method: 'GET',
      url: '/sandbox/events/stream?format=xml',
      headers: m.headers,
    });
    expect(v4.statusCode).toBe(400);
    expect(v4.json().error.validation_errors).toEqual([expect.objectContaining({ field_name: 'format' })]);
    const v3 = await gw.app.inject({
      method: 'GET',
      url: '/v3/sandbox/events/stream?format=v5',
      headers: v3Headers(m),
    });
    expect(v3.statusCode).toBe(400);
    expect(v3.json()).toMatchObject({ status: 'error', message: expect.stringContaining('format') });
    const resume = await gw.app.inject({
      method: 'GET',
      url: '/sandbox/events/stream',
      headers: { ...m.headers, 'last-event-id': 'abc' },
    });
    expect(resume.statusCode).toBe(400);
    expect(resume.json().error.validation_errors).toEqual([
      expect.objectContaining({ field_name: 'Last-Event-Id' }),
    ]);
  });
});

describe('a stream', () => {
  it('sends the events written after it opened, signed as deliveries with the webhook secret hash', async () => {
    const m = await gw.merchant();
    const before = await charge(m);
    const s = await v3Stream(m);
    try {
      expect(s.status).toBe(200);
      expect(await ready(s)).toEqual({ format: 'v3', signing_secret: m.credentials.webhook_secret_hash });
      const ok = await charge(m);
      const failed = await charge(m, 'failed');
      const first = await s.webhook();
      const second = await s.webhook();
      expect([first.event.id, second.event.id]).toEqual([ok.eventId, failed.eventId]);
      expect(Number(second.seq)).toBeGreaterThan(Number(first.seq));
      expect(first.event.id).not.toBe(before.eventId);
      for (const { event } of [first, second]) {
        expect(event.type).toBe('charge.completed');
        expect(event.headers).toMatchObject({
          'webhook-id': event.id,
          'verif-hash': m.credentials.webhook_secret_hash,
        });
        expect(
          verifyWebhook(event.body, event.headers, m.credentials.webhook_secret_hash, {
            now: gw.clock.now(),
          }),
        ).toEqual({ ok: true });
      }
      expect(JSON.parse(first.event.body)).toMatchObject({
        event: 'charge.completed',
        data: { id: ok.id, status: 'successful' },
      });
      expect(JSON.parse(second.event.body)).toMatchObject({ data: { id: failed.id, status: 'failed' } });
    } finally {
      s.close();
    }
  });

  it.each([
    ['v4', { type: 'charge.completed', data: { status: 'succeeded' } }],
    ['v3-legacy', { status: 'successful', 'event.type': 'CARD_TRANSACTION' }],
  ] as const)('renders format=%s, signed with the same secret', async (format, shape) => {
    const m = await gw.merchant();
    const s = await openStream(`/sandbox/events/stream?format=${format}`, m.headers);
    try {
      expect((await ready(s)).format).toBe(format);
      await charge(m);
      const { event } = await s.webhook();
      expect(JSON.parse(event.body)).toMatchObject(shape);
      expect(
        verifyWebhook(event.body, event.headers, m.credentials.webhook_secret_hash, { now: gw.clock.now() }),
      ).toEqual({ ok: true });
    } finally {
      s.close();
    }
  });

  it('speaks v4 by default on the v4 path', async () => {
    const m = await gw.merchant();
    const s = await openStream('/sandbox/events/stream', m.headers);
    try {
      expect(await ready(s)).toMatchObject({ format: 'v4' });
    } finally {
      s.close();
    }
  });

  it('resumes after Last-Event-ID with what was written meanwhile, in order', async () => {
    const m = await gw.merchant();
    const first = await v3Stream(m);
    await ready(first);
    await charge(m);
    const seen = await first.webhook();
    first.close();
    const missed = [await charge(m), await charge(m, 'failed')];

    const again = await v3Stream(m, '', { 'last-event-id': seen.seq });
    try {
      await ready(again);
      expect([(await again.webhook()).event.id, (await again.webhook()).event.id]).toEqual(
        missed.map((c) => c.eventId),
      );
    } finally {
      again.close();
    }
  });

  it("never shows another merchant's events, even resuming after one of their ids", async () => {
    const mine = await gw.merchant('Mine');
    const theirs = await gw.merchant('Theirs');
    const theirStream = await v3Stream(theirs);
    await ready(theirStream);
    await charge(theirs);
    const theirSeq = (await theirStream.webhook()).seq;
    theirStream.close();

    const s = await v3Stream(mine, '', { 'last-event-id': String(Number(theirSeq) - 1) });
    try {
      await ready(s);
      await charge(theirs);
      const own = await charge(mine);
      expect((await s.webhook()).event.id).toBe(own.eventId);
    } finally {
      s.close();
    }
  });

  it('still sends an event whose commit came after a later one was sent', async () => {
    const m = await gw.merchant();
    const s = await v3Stream(m);
    try {
      await ready(s);
      // A seq drawn by a transaction that has not committed yet…
      const { rows } = await gw.deps.db.query<{ seq: string }>(
        `SELECT nextval(pg_get_serial_sequence('events', 'seq'))::text AS seq`,
      );
      const early = rows[0]?.seq ?? '';
      // …while a later event commits and is sent…
      const later = await charge(m);
      expect((await s.webhook()).event.id).toBe(later.eventId);
      // …then the first transaction commits.
      const lateId = `wbk_late${randomUUID().slice(0, 8)}`;
      await gw.deps.db.query(
        `INSERT INTO events (id, merchant_id, type, charge_id, data, created_at, seq) OVERRIDING SYSTEM VALUE
         SELECT $1, merchant_id, type, charge_id, data, created_at, $2::bigint FROM events WHERE id = $3`,
        [lateId, early, later.eventId],
      );
      const late = await s.webhook();
      expect(late).toMatchObject({ seq: early, event: { id: lateId } });
    } finally {
      s.close();
    }
  });
});

describe('the stream’s lifetime', () => {
  /** The stream route alone, on its own server, polling fast, over a store that counts event reads. */
  async function fastStream(m: TestMerchant) {
    let reads = 0;
    const db: Db = {
      ...gw.deps.db,
      query: (sql, params) => {
        if (sql.includes('FROM events')) reads++;
        return gw.deps.db.query(sql, params);
      },
    };
    const app: FastifyInstance = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    installErrorHandling(app, {
      v4: renderV4Error,
      v3: renderV4Error,
      oauth: renderV4Error,
      web: renderV4Error,
    });
    app.addHook('onRequest', async (req) => {
      setCaller(req, { merchantId: m.credentials.merchant_id, clientId: m.credentials.v4.client_id });
    });
    eventStreamRoutes(app, { ...gw.deps, db }, 'v4', { pollMs: 20, pingMs: 100 });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    return { app, base, reads: () => reads };
  }

  it('polls while the client is there and stops when it goes', async () => {
    const m = await gw.merchant();
    const { app, base, reads } = await fastStream(m);
    try {
      const s = await openStream('/sandbox/events/stream', {}, base);
      await ready(s);
      await charge(m);
      expect((await s.webhook()).event.type).toBe('charge.completed');
      expect(reads()).toBeGreaterThan(1);
      s.close();
      await new Promise((r) => setTimeout(r, 100));
      const after = reads();
      await new Promise((r) => setTimeout(r, 300));
      expect(reads()).toBe(after);
    } finally {
      await app.close();
    }
  });

  it('sends ": ping" comments while quiet', async () => {
    const m = await gw.merchant();
    const { app, base } = await fastStream(m);
    try {
      const res = await new Promise<IncomingMessage>((resolve) => {
        request(`${base}/sandbox/events/stream`, resolve).end();
      });
      let text = '';
      for await (const chunk of res) {
        text += String(chunk);
        if (text.includes(': ping')) break;
      }
      expect(text).toMatch(/^retry: \d+\nevent: ready\ndata: .*\n\n: ping\n\n/);
    } finally {
      await app.close();
    }
  });

  it('is ended by the server when it closes, so closing does not wait for the client', async () => {
    const m = await gw.merchant();
    const { app, base } = await fastStream(m);
    const s = await openStream('/sandbox/events/stream', {}, base);
    await ready(s);
    const started = Date.now();
    await app.close();
    await s.ended();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
