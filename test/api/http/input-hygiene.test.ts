/**
 * Text the store cannot hold (NUL, which PostgreSQL refuses in text and jsonb; a lone UTF-16
 * surrogate, which is no character at all) is refused at the edge with a 400 naming the field by its
 * dotted path, in every part of a request and in both dialects. These inputs used to reach the store
 * and come back as 500s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptV3Payload as encrypt3Des } from '../../../src/sdk/encryption.js';
import { CARDS } from '../../support/cards.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Card, v3Headers } from '../../support/v3.js';

let gw: TestGateway;
let m: TestMerchant;
let v3: Record<string, string>;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Hygiene');
  v3 = v3Headers(m);
});
afterAll(() => gw.close());

const NUL = '\u0000';
const LONE = '\ud800';

/** The v4 400 naming exactly `fields`, each with a message that starts with its name. */
function expectV4Refusal(res: { statusCode: number; json: () => unknown }, key: string, fields: string[]) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { error: { validation_errors: { field_name: string; message: string }[] } };
  expectOperationResponse(key, 400, body);
  expect(body.error.validation_errors.map((e) => e.field_name)).toEqual(fields);
  for (const e of body.error.validation_errors) expect(e.message.startsWith(e.field_name)).toBe(true);
}

function expectV3Refusal(res: { statusCode: number; json: () => unknown }, field: string) {
  expect(res.statusCode).toBe(400);
  const body = res.json() as { status: string; message: string; data: unknown };
  expect(body).toEqual({ status: 'error', message: expect.any(String), data: null });
  expect(body.message.startsWith(`${field} `)).toBe(true);
}

describe('v4 bodies', () => {
  const createCustomer = (payload: object) =>
    gw.app.inject({ method: 'POST', url: '/customers', headers: m.headers, payload });

  it('refuses a NUL in a meta value, naming meta.<key>', async () => {
    const res = await createCustomer({ email: 'nul@example.com', meta: { note: `a${NUL}b` } });
    expectV4Refusal(res, 'POST /customers', ['meta.note']);
    expect(res.json().error.validation_errors[0].message).toBe('meta.note must not contain NUL characters');
  });

  it('refuses a NUL in a meta key, showing the key escaped', async () => {
    const res = await createCustomer({ email: 'nul@example.com', meta: { [`k${NUL}`]: 'v' } });
    expectV4Refusal(res, 'POST /customers', ['meta.k\\u0000']);
  });

  it('refuses a lone surrogate in meta, naming the field', async () => {
    for (const value of [LONE, `x${LONE}y`, '\udc00', `\udc00\ud800`]) {
      const res = await createCustomer({ email: 'sur@example.com', meta: { note: value } });
      expectV4Refusal(res, 'POST /customers', ['meta.note']);
      expect(res.json().error.validation_errors[0].message).toBe(
        'meta.note must not contain lone UTF-16 surrogates',
      );
    }
  });

  it('accepts a real pair of surrogates (an emoji) and stores it as sent', async () => {
    const res = await createCustomer({ email: 'emoji@example.com', meta: { note: 'ok 🌳' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.meta).toEqual({ note: 'ok 🌳' });
  });

  it('refuses a NUL in customer_id of a charge', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/charges',
      headers: m.headers,
      payload: {
        reference: 'nul-in-customer-id',
        currency: 'NGN',
        amount: 100,
        customer_id: `cus_${NUL}`,
        payment_method_id: 'pmd_0000000000',
      },
    });
    expectV4Refusal(res, 'POST /charges', ['customer_id']);
  });

  it('names nested fields by their dotted path, array items by index', async () => {
    const res = await createCustomer({
      email: 'deep@example.com',
      address: { line1: `1 ${NUL} Road`, city: 'Lagos', state: 'LA', country: 'NG', postal_code: '1' },
    });
    expectV4Refusal(res, 'POST /customers', ['address.line1']);
  });
});

describe('query strings, path parameters and headers', () => {
  it('refuses a NUL in a query filter, naming it', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/charges?customer_id=%00', headers: m.headers });
    expectV4Refusal(res, 'GET /charges', ['customer_id']);
  });

  it('refuses a NUL in a path id, naming it', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/charges/%00', headers: m.headers });
    expectV4Refusal(res, 'GET /charges/{id}', ['id']);
  });

  it('refuses a NUL in a v3 path flw_ref and query tx_ref', async () => {
    const capture = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges/FLW%00/capture',
      headers: v3,
    });
    expectV3Refusal(capture, 'flw_ref');
    const verify = await gw.app.inject({
      method: 'GET',
      url: '/v3/transactions/verify_by_reference?tx_ref=a%00',
      headers: v3,
    });
    expectV3Refusal(verify, 'tx_ref');
  });

  it('refuses a NUL in a header the app reads, naming the header', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/customers',
      headers: { ...m.headers, 'x-scenario-key': `issuer:approved${NUL}` },
      payload: { email: 'hdr@example.com' },
    });
    expectV4Refusal(res, 'POST /customers', ['X-Scenario-Key']);
  });

  it('still answers 401 first to a caller without credentials', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/charges/%00' });
    expect(res.statusCode).toBe(401);
  });
});

describe('v3 bodies', () => {
  it('refuses a NUL in validate-charge flw_ref and tokenized-charge token', async () => {
    const validate = await gw.app.inject({
      method: 'POST',
      url: '/v3/validate-charge',
      headers: v3,
      payload: { otp: '12345', flw_ref: `FLW-${NUL}` },
    });
    expectV3Refusal(validate, 'flw_ref');
    const tokenized = await gw.app.inject({
      method: 'POST',
      url: '/v3/tokenized-charges',
      headers: v3,
      payload: {
        token: `flw-t1nf-${NUL}`,
        currency: 'NGN',
        amount: 100,
        email: 'tok@example.com',
        tx_ref: 'nul-token-1',
      },
    });
    expectV3Refusal(tokenized, 'token');
  });

  it('refuses a NUL or a lone surrogate in a plain card charge meta', async () => {
    for (const value of [NUL, LONE]) {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=card',
        headers: v3,
        payload: v3Card(CARDS.mastercard, { meta: { order: { note: value } } }),
      });
      expectV3Refusal(res, 'meta.order.note');
    }
  });

  it('refuses them inside the 3DES-encrypted client payload, naming the field inside it', async () => {
    for (const [extra, field] of [
      [{ meta: { [`bad${NUL}`]: 1 } }, 'meta.bad\\u0000'],
      [{ fullname: `Ada ${LONE}` }, 'fullname'],
      [{ tx_ref: `ref${NUL}` }, 'tx_ref'],
    ] as const) {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=card',
        headers: v3,
        payload: {
          client: encrypt3Des(
            m.credentials.v3.encryption_key,
            JSON.stringify(v3Card(CARDS.mastercard, extra)),
          ),
        },
      });
      expectV3Refusal(res, field);
    }
  });
});

describe('hosted checkout forms', () => {
  it('refuses a NUL in a posted form field with a page naming it', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/checkout/pay/cse_0000000000',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'action=pay&method=card&card_number=4111%00',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('card_number must not contain NUL characters');
  });
});
