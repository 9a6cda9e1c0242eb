/**
 * The v4 routes answer under `/developersandbox` and `/v4` as at the root (issue 13 item 8): the
 * orchestrator guide's direct-charge request, a customer round trip, auth, idempotency and the 404/405
 * answers; /openapi.json lists each route once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard } from '../../support/cards.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

let gw: TestGateway;
let m: TestMerchant;
let other: TestMerchant;
let seq = 0;
const ref = () => `bp-${Date.now().toString(36)}-${(seq++).toString(36)}`;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Prefix Stores');
  other = await gw.merchant('Other Stores');
});
afterAll(() => gw.close());

/** The orchestrator guide's body (spec §8.5) with the Mastercard test card. */
const seedBody = () => ({
  amount: 1234.56,
  currency: 'NGN',
  reference: ref(),
  customer: { email: 'james@example.com', name: { first: 'King', last: 'James' } },
  payment_method: {
    type: 'card',
    card: encryptCard(m.credentials.v4.encryption_key, { number: CARDS.mastercard, cvv: CVVS.mastercard }),
  },
  redirect_url: 'https://merchant.example/return',
});

const BASES = ['/developersandbox', '/v4'] as const;

describe.each(BASES)('under %s', (base) => {
  it('answers the seed direct-charge request as at the root', async () => {
    const body = seedBody();
    const at = (url: string, reference: string) =>
      gw.app.inject({
        method: 'POST',
        url,
        headers: { ...m.headers, 'x-scenario-key': 'scenario:auth_pin' },
        payload: { ...body, reference },
      });
    const root = await at('/orchestration/direct-charges', ref());
    const prefixed = await at(`${base}/orchestration/direct-charges`, body.reference);
    expect(prefixed.statusCode).toBe(201);
    expect(root.statusCode).toBe(201);
    expectOperationResponse('POST /orchestration/direct-charges', 201, prefixed.json());
    // Everything but the ids, the reference and the time is the same.
    const strip = (d: Record<string, unknown>) => {
      const pmd = d.payment_method_details as Record<string, unknown>;
      const drop = { id: 0, reference: 0, created_datetime: 0, customer_id: 0, payment_method_details: 0 };
      return {
        rest: Object.fromEntries(Object.entries(d).filter(([k]) => !(k in drop))),
        pmd: { ...pmd, id: undefined, customer_id: undefined },
      };
    };
    expect(strip(prefixed.json().data)).toEqual(strip(root.json().data));
    expect(prefixed.json().data.next_action.type).toBe('requires_pin');
    // The charge is the same object at every base path.
    const id = prefixed.json().data.id as string;
    for (const url of [`/charges/${id}`, `${base}/charges/${id}`]) {
      const got = await gw.app.inject({ method: 'GET', url, headers: m.headers });
      expect(got.statusCode).toBe(200);
      expect(got.json().data.id).toBe(id);
    }
  });

  it('creates and reads customers, and keeps other merchants out', async () => {
    const made = await gw.app.inject({
      method: 'POST',
      url: `${base}/customers`,
      headers: m.headers,
      payload: { email: 'prefix@example.com' },
    });
    expect(made.statusCode).toBe(201);
    const id = made.json().data.id as string;
    const mine = await gw.app.inject({ method: 'GET', url: `${base}/customers/${id}`, headers: m.headers });
    expect(mine.statusCode).toBe(200);
    const theirs = await gw.app.inject({
      method: 'GET',
      url: `${base}/customers/${id}`,
      headers: other.headers,
    });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().status).toBe('failed');
  });

  it('requires the bearer token in the v4 envelope', async () => {
    const res = await gw.app.inject({ method: 'GET', url: `${base}/customers` });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 'failed', error: { type: 'UNAUTHORIZED' } });
  });

  it('validates bodies naming the field, in the v4 envelope', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: `${base}/customers`,
      headers: m.headers,
      payload: { email: 42 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors[0].field_name).toBe('email');
  });

  it('shares the idempotency scope with the root route: a replay, then a 409 for another body', async () => {
    const key = `idem-${ref()}`;
    const post = (url: string, email: string) =>
      gw.app.inject({
        method: 'POST',
        url,
        headers: { ...m.headers, 'x-idempotency-key': key },
        payload: { email },
      });
    const first = await post(`${base}/customers`, 'same@example.com');
    expect(first.statusCode).toBe(201);
    const replay = await post('/customers', 'same@example.com');
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['x-idempotency-cache-hit']).toBe('true');
    expect(replay.json().data.id).toBe(first.json().data.id);
    const again = await post(`${base}/customers`, 'same@example.com');
    expect(again.headers['x-idempotency-cache-hit']).toBe('true');
    const clash = await post(`${base}/customers`, 'different@example.com');
    expect(clash.statusCode).toBe(409);
    expect(clash.json().status).toBe('failed');
  });

  it('answers 404 for an unknown path and 405 with Allow for a known path, in the v4 envelope', async () => {
    const missing = await gw.app.inject({ method: 'GET', url: `${base}/no-such-thing`, headers: m.headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 'failed', error: { type: 'RESOURCE_NOT_FOUND' } });
    const wrong = await gw.app.inject({
      method: 'DELETE',
      url: `${base}/orchestration/direct-charges`,
      headers: m.headers,
    });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.json()).toMatchObject({ status: 'failed', error: { type: 'METHOD_NOT_ALLOWED' } });
  });
});

describe('the base paths are not a dialect of their own', () => {
  it('serves no v3 route under them', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/v4/v3/transactions', headers: m.headers });
    expect(res.statusCode).toBe(404);
  });
});

describe('/openapi.json', () => {
  it('lists each v4 route once, at the root, and names the base paths', async () => {
    const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const paths = Object.keys(doc.paths as object);
    expect(paths).toContain('/orchestration/direct-charges');
    expect(paths.filter((p) => p.startsWith('/developersandbox') || p.startsWith('/v4/'))).toEqual([]);
    expect(new Set(paths).size).toBe(paths.length);
    expect(doc.info.description).toContain('/developersandbox');
  });
});
