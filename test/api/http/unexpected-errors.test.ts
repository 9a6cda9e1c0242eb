/**
 * An error nobody foresaw is answered as a retryable 500, logged with the request's trace id and
 * counted in /metrics (`baobab_unexpected_errors_total{source}`), so an operator alerting on the
 * counter finds the request behind it. Expected refusals are not counted.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/domain/errors.js';
import type { Db } from '../../../src/store/db.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { PGLITE, type TestStore } from '../../support/stores.js';

let store: TestStore;
let gw: TestGateway;
let m: TestMerchant;
const lines: string[] = [];
let failure: Error | undefined;

/** The store, failing every call with `failure` while it is set. */
function failing(db: Db): Db {
  const fail = () => Promise.reject(failure ?? new Error('no failure set'));
  return {
    kind: db.kind,
    query: (sql, params) => (failure ? fail() : db.query(sql, params)),
    exec: (sql) => (failure ? fail() : db.exec(sql)),
    transaction: (work) => (failure ? fail() : db.transaction(work)),
    listen: (channel, onNotify) => db.listen(channel, onNotify),
    close: () => db.close(),
  };
}

beforeAll(async () => {
  store = await PGLITE.open();
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  gw = await startGateway(PGLITE, { db: failing(store.db), logger: pino({ level: 'info' }, stream) });
  m = await gw.merchant('Unexpected');
});
afterAll(async () => {
  await gw.close();
  await store.close();
});

async function counted(source: string): Promise<number> {
  const text = (await gw.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`baobab_unexpected_errors_total{source="${source}"}`));
  return Number(line?.split(' ').pop());
}

async function whileFailing<T>(error: Error, work: () => Promise<T>): Promise<T> {
  failure = error;
  try {
    return await work();
  } finally {
    failure = undefined;
  }
}

describe('an unexpected error', () => {
  it('is answered 500 in the dialect, logged with the trace id and counted by source', async () => {
    expect(await counted('request')).toBe(0);
    const trace = 'trace-unexpected-0001';
    const v4 = await whileFailing(new Error('disk on fire'), () =>
      gw.app.inject({ method: 'GET', url: '/customers', headers: { ...m.headers, 'x-trace-id': trace } }),
    );
    expect(v4.statusCode).toBe(500);
    expect(v4.json().error).toMatchObject({ type: 'INTERNAL_SERVER_ERROR', code: '10500' });
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['trace_id'] === trace && l['msg'] === 'unhandled error');
    expect(logged).toMatchObject({
      level: 50,
      method: 'GET',
      route: '/customers',
      err: { message: 'disk on fire' },
    });

    const v3 = await whileFailing(new Error('disk on fire'), () =>
      gw.app.inject({
        method: 'GET',
        url: '/v3/transactions',
        headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
      }),
    );
    // The v3 key is checked against the store: the failure happens there, still a counted 500.
    expect(v3.statusCode).toBe(500);
    expect(v3.json()).toEqual({ status: 'error', message: 'Internal server error', data: null });
    expect(await counted('request')).toBe(2);
  });

  it('is not what a refused request or an unavailable store is', async () => {
    const before = await counted('request');
    await gw.app.inject({ method: 'GET', url: '/charges/%00', headers: m.headers });
    await gw.app.inject({ method: 'GET', url: '/charges?page=1e309', headers: m.headers });
    const unavailable = await whileFailing(new StoreUnavailableError('connection refused'), () =>
      gw.app.inject({ method: 'GET', url: '/customers', headers: m.headers }),
    );
    expect(unavailable.statusCode).toBe(503);
    expect(await counted('request')).toBe(before);
  });
});

describe('the token endpoint while the store is unavailable', () => {
  it('answers 503 temporarily_unavailable in OAuth2 terms, with Retry-After', async () => {
    const res = await whileFailing(new StoreUnavailableError('connection refused'), () =>
      gw.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: m.credentials.v4.client_id,
          client_secret: m.credentials.v4.client_secret,
        }).toString(),
      }),
    );
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'Service temporarily unavailable; retry shortly',
    });
  });
});
