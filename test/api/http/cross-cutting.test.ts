import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/store/db.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { PGLITE, type TestStore } from '../../support/stores.js';

/** Log lines the app writes, captured in memory. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

/** A store that can be made to fail on demand, to see how the app behaves when its database does. */
function breakable(db: Db) {
  let broken = false;
  const fail = () => Promise.reject(new Error('connection to 10.0.0.7 refused: password=hunter2'));
  const wrapped: Db = {
    kind: db.kind,
    query: (sql, params) => (broken ? fail() : db.query(sql, params)),
    exec: (sql) => (broken ? fail() : db.exec(sql)),
    transaction: (work) => (broken ? fail() : db.transaction(work)),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
  return { db: wrapped, set: (value: boolean) => (broken = value) };
}

let store: TestStore;
let gw: TestGateway;
let alice: TestMerchant;
let logs: ReturnType<typeof captureLogs>;
let fault: ReturnType<typeof breakable>;

beforeAll(async () => {
  store = await PGLITE.open();
  logs = captureLogs();
  fault = breakable(store.db);
  gw = await startGateway(PGLITE, { db: fault.db, bodyLimit: 4096, logger: logs.logger });
  alice = await gw.merchant('Alice');
});
afterAll(async () => {
  await gw.close();
  await store.close();
});

describe('X-Trace-Id', () => {
  it('echoes a trace id the caller sends and stamps it on the log lines of that request', async () => {
    const trace = 'trace-abc-123456789';
    const res = await gw.app.inject({
      method: 'GET',
      url: '/customers',
      headers: { ...alice.headers, 'x-trace-id': trace },
    });
    expect(res.headers['x-trace-id']).toBe(trace);
    const mine = logs.lines.filter((l) => l.includes(trace));
    // One line per request, once answered (not Fastify's "incoming request" and "request completed").
    expect(mine.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({
        trace_id: trace,
        msg: 'request completed',
        method: 'GET',
        url: '/customers',
        status_code: 200,
        response_time_ms: expect.any(Number),
      }),
    ]);
  });

  it('generates one when absent, on successes and errors alike', async () => {
    const ok = await gw.app.inject({ method: 'GET', url: '/customers', headers: alice.headers });
    const denied = await gw.app.inject({ method: 'GET', url: '/customers' });
    const missing = await gw.app.inject({ method: 'GET', url: '/nowhere' });
    for (const res of [ok, denied, missing]) expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers['x-trace-id']).not.toBe(denied.headers['x-trace-id']);
  });

  it('rejects a trace id outside 12–255 printable characters, naming the header', async () => {
    for (const trace of ['short', 'x'.repeat(256)]) {
      const res = await gw.app.inject({
        method: 'GET',
        url: '/customers',
        headers: { ...alice.headers, 'x-trace-id': trace },
      });
      expect(res.statusCode).toBe(400);
      expectOperationResponse('GET /customers', 400, res.json());
      expect(res.json().error.validation_errors).toEqual([
        { field_name: 'X-Trace-Id', message: 'X-Trace-Id must be 12 to 255 printable ASCII characters' },
      ]);
      expect(res.headers['x-trace-id']).not.toBe(trace);
    }
  });
});

describe('unknown routes and methods', () => {
  it('answers 404 in the v4 envelope for an unknown path', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/no/such/thing', headers: alice.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      status: 'failed',
      error: { type: 'RESOURCE_NOT_FOUND', code: '10404', message: 'No route for GET /no/such/thing' },
    });
  });

  it('answers 404 in the v3 envelope under /v3', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/v3/no-such-endpoint' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      status: 'error',
      message: 'No route for GET /v3/no-such-endpoint',
      data: null,
    });
  });

  it('answers 405 with an Allow header for a known path and an unsupported method', async () => {
    const res = await gw.app.inject({
      method: 'DELETE',
      url: '/customers/cus_0000000000',
      headers: alice.headers,
    });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD, PUT');
    expect(res.json().error).toMatchObject({ type: 'METHOD_NOT_ALLOWED', code: '10405' });
  });

  it('treats a trailing slash as the same route', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/customers/', headers: alice.headers });
    expect(res.statusCode).toBe(200);
  });
});

describe('request bodies', () => {
  const post = (payload: string, contentType = 'application/json') =>
    gw.app.inject({
      method: 'POST',
      url: '/customers',
      headers: { ...alice.headers, 'content-type': contentType },
      payload,
    });

  it('answers 413 in the envelope when the body is over the limit', async () => {
    const res = await post(JSON.stringify({ email: 'a@b.co', meta: { note: 'x'.repeat(5000) } }));
    expect(res.statusCode).toBe(413);
    expectOperationResponse('POST /customers', 413, res.json());
    expect(res.json().error).toMatchObject({ type: 'PAYLOAD_TOO_LARGE', code: '10413' });
  });

  it('answers 400 naming the body for malformed JSON, or none where a body is required', async () => {
    for (const payload of ['{"email": ', '']) {
      const res = await post(payload);
      expect(res.statusCode).toBe(400);
      expectOperationResponse('POST /customers', 400, res.json());
      expect(res.json().error.validation_errors[0].field_name).toBe('body');
    }
  });

  it('answers 415 for a body that is not JSON', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const res = await post('email=a@b.co', type);
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error).toMatchObject({ type: 'UNSUPPORTED_MEDIA_TYPE', code: '10415' });
    }
  });

  it('does not let a __proto__ key through', async () => {
    const res = await post('{"email":"proto@example.com","__proto__":{"admin":true}}');
    expect(res.statusCode).toBe(400);
  });
});

describe('when the store fails', () => {
  it('answers a retryable 500 in the envelope that reveals nothing of the cause, and logs it', async () => {
    fault.set(true);
    try {
      const res = await gw.app.inject({ method: 'GET', url: '/customers', headers: alice.headers });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        status: 'failed',
        error: { type: 'INTERNAL_SERVER_ERROR', code: '10500', message: 'Internal server error' },
      });
      expect(res.body).not.toContain('hunter2');
      expect(
        logs.lines.some(
          (l) => l.includes('unhandled error') && l.includes(String(res.headers['x-trace-id'])),
        ),
      ).toBe(true);
      const health = await gw.app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'unavailable', store: 'down', store_kind: 'pglite' });
    } finally {
      fault.set(false);
    }
    expect((await gw.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({
      status: 'ok',
      store: 'up',
      store_kind: 'pglite',
    });
  });
});

describe('logs', () => {
  it('never contain a secret: client secret, access token, Authorization header, secret keys', async () => {
    const m = await gw.merchant('Secretive');
    await gw.app.inject({
      method: 'POST',
      url: '/customers',
      headers: { ...m.headers, 'x-idempotency-key': 'log-check-000001' },
      payload: { email: 'log@example.com' },
    });
    const all = logs.lines.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [
      m.credentials.v4.client_secret,
      m.token,
      m.token.split('.')[2] ?? 'unreachable',
      m.credentials.v3.secret_key,
      m.credentials.v4.encryption_key,
      m.credentials.webhook_secret_hash,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
