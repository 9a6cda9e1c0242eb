/**
 * /openapi.json lists every status each operation answers, errors included, each with its dialect's
 * error body — v3 operations as well as v4 (they used to document only 200). The fuzz suite
 * (test/fuzz) checks that real answers fit these; this checks the document says what it must.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Headers } from '../../support/v3.js';

interface Operation {
  responses: Record<string, { description: string; content?: Record<string, { schema: object }> }>;
  security?: Record<string, unknown>[];
}

let gw: TestGateway;
let m: TestMerchant;
let operations: { method: string; path: string; op: Operation }[];

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Documented');
  const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, Operation>>;
  }>();
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
});
afterAll(() => gw.close());

const schemaOf = (op: Operation, status: number) =>
  op.responses[String(status)]?.content?.['application/json']?.schema;
const isTokenPath = (path: string) => path.endsWith('/token');
const ajv = new Ajv2020({ strict: false });

describe('/openapi.json error answers', () => {
  it('gives every operation 400, 500 and 503, and a success', () => {
    expect(operations.length).toBeGreaterThan(55);
    for (const { method, path, op } of operations) {
      const statuses = Object.keys(op.responses);
      for (const status of ['400', '500', '503']) expect(statuses, `${method} ${path}`).toContain(status);
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${method} ${path}`,
      ).toBe(true);
    }
  });

  it('describes v3 errors with the v3 error body, v4 with the v4 one, the token endpoint in OAuth2 terms', () => {
    for (const { method, path, op } of operations) {
      for (const status of Object.keys(op.responses).filter((s) => Number(s) >= 400)) {
        const schema = schemaOf(op, Number(status)) as { properties?: Record<string, unknown> } | undefined;
        const where = `${method} ${path} ${status}`;
        if (path === '/health' && status === '503') continue; // its own health body
        if (path.startsWith('/v3/')) {
          expect(schema, where).toEqual({
            type: 'object',
            required: ['status', 'message', 'data'],
            properties: {
              status: { type: 'string', enum: ['error'] },
              message: { type: 'string' },
              data: { type: 'null' },
            },
          });
        } else if (isTokenPath(path)) {
          expect(Object.keys(schema?.properties ?? {}), where).toEqual(['error', 'error_description']);
        } else {
          expect(schema?.properties?.['status'], where).toEqual({ type: 'string', enum: ['failed'] });
        }
      }
    }
  });

  it('lists 401 where credentials are needed, 404 where an id is in the path, 413/415 where a body is read', () => {
    for (const { method, path, op } of operations) {
      const statuses = Object.keys(op.responses);
      const where = `${method} ${path}`;
      if (op.security !== undefined) expect(statuses, where).toContain('401');
      if (path.includes('{')) expect(statuses, where).toContain('404');
      if (method !== 'GET' && !isTokenPath(path))
        expect(statuses, where).toEqual(expect.arrayContaining(['413', '415']));
    }
  });

  it('names the v3 secret key as the v3 operations’ security, and 409 on their idempotent creations', () => {
    const v3 = operations.filter((o) => o.path.startsWith('/v3/'));
    // Inline checkout's endpoint is public: its public key is in the body, checked by the route.
    for (const { path, op } of v3) {
      if (path === '/v3/inline/sessions') expect(op.security, path).toBeUndefined();
      else expect(op.security, path).toEqual([{ v3_secret_key: [] }]);
    }
    for (const name of [
      '/v3/charges',
      '/v3/tokenized-charges',
      '/v3/payments',
      '/v3/transactions/{id}/refund',
    ]) {
      const found = v3.find((o) => o.path === name && o.method === 'POST');
      expect(Object.keys(found?.op.responses ?? {}), name).toContain('409');
    }
  });

  it('documents bodies that the real answers fit', async () => {
    const op = (method: string, path: string) =>
      operations.find((o) => o.method === method && o.path === path)?.op;
    const cases = [
      {
        method: 'GET',
        path: '/v3/transactions/{id}/verify',
        url: '/v3/transactions/1/verify',
        headers: {},
        status: 401,
      },
      {
        method: 'GET',
        path: '/v3/transactions/{id}/verify',
        url: '/v3/transactions/999/verify',
        headers: v3Headers(m),
        status: 404,
      },
      {
        method: 'GET',
        path: '/v3/transactions',
        url: '/v3/transactions?page=0',
        headers: v3Headers(m),
        status: 400,
      },
      {
        method: 'GET',
        path: '/customers/{id}',
        url: '/customers/cus_0000000000',
        headers: m.headers,
        status: 404,
      },
    ];
    for (const c of cases) {
      const res = await gw.app.inject({ method: 'GET', url: c.url, headers: c.headers });
      expect(res.statusCode, c.url).toBe(c.status);
      const schema = schemaOf(op(c.method, c.path) as Operation, c.status);
      expect(ajv.validate(schema as object, res.json()), `${c.url}: ${ajv.errorsText()}`).toBe(true);
    }
  });
});
