/**
 * URLs the router itself refuses (a malformed %-escape, a path segment longer than any id) used to
 * reach Fastify's `frameworkErrors` and throw there, which ended the process. Each now gets an
 * answer in the caller's dialect, judged by the URL prefix, and the app keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Headers } from '../../support/v3.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('URL Attacks');
});
afterAll(() => gw.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  gw.app.inject({ method: 'GET', url, headers });

const BAD_URL = {
  field_name: 'url',
  message: 'url is not a valid URL: it has a malformed %-escape',
};

describe('a malformed %-escape', () => {
  it.each(['/health/%ZZ', '/charges/%E0%A4%A', '/nothing/%E0%A4%A', '/customers/%C0%AF'])(
    'GET %s answers 400 naming url in the v4 envelope',
    async (url) => {
      const res = await get(url, m.headers);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.json()).toEqual({
        status: 'failed',
        error: {
          type: 'REQUEST_NOT_VALID',
          code: '10400',
          message: 'Request is not valid',
          validation_errors: [BAD_URL],
        },
      });
    },
  );

  it('fits the documented 400 of the operation it was aimed at', async () => {
    const res = await get('/charges/%E0%A4%A', m.headers);
    expectOperationResponse('GET /charges/{id}', 400, res.json());
  });

  it.each(['/v3/transactions/%E0%A4%A/verify', '/v3/nothing/%ZZ', '/v3/charges/%ZZ/capture'])(
    'GET %s answers 400 naming url in the v3 envelope',
    async (url) => {
      const res = await get(url, v3Headers(m));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ status: 'error', message: BAD_URL.message, data: null });
    },
  );

  it('answers a sandbox page URL with a page', async () => {
    const res = await get('/sandbox/redirects/%ZZ');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('url is not a valid URL');
  });

  it('echoes the trace id the caller sent', async () => {
    const trace = 'trace-bad-escape-0001';
    const res = await get('/charges/%ZZ', { ...m.headers, 'x-trace-id': trace });
    expect(res.headers['x-trace-id']).toBe(trace);
  });
});

describe('a path segment longer than any id', () => {
  const long = 'a'.repeat(300);

  it('answers 404 in the v4 envelope', async () => {
    const res = await get(`/charges/${long}`, m.headers);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      status: 'failed',
      error: {
        type: 'RESOURCE_NOT_FOUND',
        code: '10404',
        message: 'Nothing here: a path segment is longer than any id (200 characters at most)',
      },
    });
    expectOperationResponse('GET /charges/{id}', 404, res.json());
  });

  it('answers 404 in the v3 envelope under /v3', async () => {
    const res = await get(`/v3/transactions/${long}/verify`, v3Headers(m));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      status: 'error',
      message: 'Nothing here: a path segment is longer than any id (200 characters at most)',
      data: null,
    });
  });

  it('answers 400 naming id for an id longer than its route allows but under the router limit', async () => {
    const res = await get(`/charges/chg_${'b'.repeat(100)}`, m.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors).toEqual([
      { field_name: 'id', message: 'id must be at most 64 characters long' },
    ]);
  });

  it('answers 404 for an id with characters no id has', async () => {
    for (const id of ['chg%20one', '%E2%82%AC100', 'a%09b']) {
      const res = await get(`/charges/${id}`, m.headers);
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error).toMatchObject({ type: 'RESOURCE_NOT_FOUND', code: '10404' });
    }
  });
});

describe('after every attack', () => {
  it('still serves requests', async () => {
    for (const url of ['/health/%ZZ', `/charges/${'x'.repeat(500)}`, '/v3/x/%E0%A4%A']) {
      await get(url, m.headers);
    }
    const health = await get('/health');
    expect(health.statusCode).toBe(200);
    const list = await get('/charges', m.headers);
    expect(list.statusCode).toBe(200);
  });
});
