/**
 * Bounds at the edge: JSON nested deeper than MAX_JSON_DEPTH is refused before anything recursive
 * reads it (v3 `meta` 10,000 deep used to overflow the stack: a 500), and numeric query parameters
 * must be plain decimal numbers within their limits (`page=1e309` was Infinity: a 500 from the store).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../../src/api/http/json-limits.js';
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
  m = await gw.merchant('Bounds');
  v3 = v3Headers(m);
});
afterAll(() => gw.close());

/** A v3 card charge body as text, with `meta` set to `metaText` (built as text: too deep to stringify). */
const cardWithMeta = (metaText: string): string =>
  `${JSON.stringify(v3Card(CARDS.mastercard)).slice(0, -1)},"meta":${metaText}}`;

/** `{"a":{"a":…1…}}`, `levels` objects deep. */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};
const nestedText = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const TOO_DEEP = `body must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep`;

describe('JSON depth', () => {
  it('is documented as 32', () => {
    expect(MAX_JSON_DEPTH).toBe(32);
  });

  it('refuses v3 meta 10,000 deep with a 400 naming body, in the v3 envelope', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: { ...v3, 'content-type': 'application/json' },
      payload: cardWithMeta(nestedText(10_000)),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ status: 'error', message: TOO_DEEP, data: null });
  });

  it('refuses the same inside the 3DES client payload, naming client', async () => {
    const payload = cardWithMeta(nestedText(10_000));
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3,
      payload: { client: encrypt3Des(m.credentials.v3.encryption_key, payload) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      status: 'error',
      message: `client must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep`,
      data: null,
    });
  });

  it('refuses v4 bodies one level too deep, arrays counted as levels too', async () => {
    for (const text of [nestedText(MAX_JSON_DEPTH + 1), `${'['.repeat(40)}${']'.repeat(40)}`]) {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: { ...m.headers, 'content-type': 'application/json' },
        payload: text,
      });
      expect(res.statusCode).toBe(400);
      expectOperationResponse('POST /customers', 400, res.json());
      expect(res.json().error.validation_errors).toEqual([{ field_name: 'body', message: TOO_DEEP }]);
    }
  });

  it('does not count brackets inside strings', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/customers',
      headers: m.headers,
      payload: { email: 'brackets@example.com', meta: { note: '{['.repeat(100) } },
    });
    expect(res.statusCode).toBe(201);
  });

  it('accepts v3 meta nested to the limit', async () => {
    // The body is one level, meta a second: MAX_JSON_DEPTH levels in all.
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3,
      payload: { ...v3Card(CARDS.mastercard), meta: nested(MAX_JSON_DEPTH - 1) },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('numeric query parameters', () => {
  const list = (url: string, headers: Record<string, string> = m.headers) =>
    gw.app.inject({ method: 'GET', url, headers });

  it.each(['page', 'size'])('refuses %s=1e309 on a v4 list, naming it', async (field) => {
    const res = await list(`/charges?${field}=1e309`);
    expect(res.statusCode).toBe(400);
    expectOperationResponse('GET /charges', 400, res.json());
    expect(res.json().error).toMatchObject({
      type: 'INVALID_PAGINATION_TYPE',
      validation_errors: [{ field_name: field, message: `${field} must be an integer` }],
    });
  });

  it('refuses other spellings that are not plain decimal integers', async () => {
    for (const page of ['Infinity', 'NaN', '1e3', '0x10', '1.5', '-0x1', '99999999999999999999', '']) {
      const res = await list(`/customers?page=${encodeURIComponent(page)}`);
      expect(res.statusCode, page).toBe(400);
      expect(res.json().error.validation_errors[0].field_name, page).toBe('page');
    }
  });

  it('refuses numbers beyond the maximum, and keeps accepting plain ones', async () => {
    const over = await list('/customers?page=1000001');
    expect(over.statusCode).toBe(400);
    expect(over.json().error.validation_errors[0]).toEqual({
      field_name: 'page',
      message: 'page must be less than or equal to 1000000',
    });
    expect((await list('/customers?page=2&size=10')).statusCode).toBe(200);
  });

  it('refuses page=1e309 on the v3 transaction list in the v3 envelope', async () => {
    const res = await list('/v3/transactions?page=1e309', v3);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ status: 'error', message: 'page must be an integer', data: null });
  });
});
