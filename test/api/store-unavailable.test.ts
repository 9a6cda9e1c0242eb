/**
 * A store that cannot serve (here an embedded store whose instance is gone) is the gateway's fault,
 * not the caller's: every request that needs it answers 503 SERVICE_UNAVAILABLE with Retry-After, in
 * the caller's dialect, and /health says so. Through PostgreSQL outages: test/chaos.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { v3Headers } from '../support/v3.js';

let db: Db;
let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  db = await openPglite();
  await migrate(db);
  gw = await startGateway(undefined, { db, logger: silent() });
  m = await gw.merchant('Outage Foods');
  await db.close();
});
afterAll(() => gw.close());

function silent() {
  const noop = () => undefined;
  const logger = {
    level: 'silent',
    fatal: noop,
    error: noop,
    warn: noop,
    info: noop,
    debug: noop,
    trace: noop,
    silent: noop,
    child: () => logger,
  };
  return logger;
}

describe('with the store unusable', () => {
  it('answers a v4 call 503 in the v4 envelope, with Retry-After', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/customers', headers: m.headers });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({
      status: 'failed',
      error: {
        type: 'SERVICE_UNAVAILABLE',
        code: '10503',
        message: 'Service temporarily unavailable; retry shortly',
      },
    });
  });

  it('answers a v3 call 503 in the v3 envelope, with Retry-After', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/v3/transactions/1/verify',
      headers: v3Headers(m),
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({
      status: 'error',
      message: 'Service temporarily unavailable; retry shortly',
      data: null,
    });
  });

  it('reports itself unhealthy on /health', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toEqual({ status: 'unavailable', store: 'down', store_kind: 'pglite' });
  });
});
