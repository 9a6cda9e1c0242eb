import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

// The body of the official docs' sample (spec §8.1), quirks included: `line2: ""`, numeric phone number.
const DOC_SAMPLE = {
  email: 'james@example.com',
  name: { first: 'King', middle: 'Leo', last: 'James' },
  phone: { country_code: '1', number: '6313958745' },
  address: {
    city: 'Gotham',
    country: 'US',
    line1: '221B Baker Street',
    line2: 'Apartment 4',
    postal_code: '94105',
    state: 'Colorado',
  },
  meta: { segment: 'gold' },
};

let gw: TestGateway;
let alice: TestMerchant;
let bob: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  alice = await gw.merchant('Alice Shop');
  bob = await gw.merchant('Bob Shop');
});
afterAll(() => gw.close());

const create = (m: TestMerchant, payload: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/customers',
    headers: { ...m.headers, ...headers },
    payload: payload as object,
  });

describe('POST /customers', () => {
  it('creates a customer from the documented request and answers 201 in the documented shape', async () => {
    expectValidRequest('POST /customers', DOC_SAMPLE);
    const res = await create(alice, DOC_SAMPLE);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expectOperationResponse('POST /customers', 201, body);
    expect(body).toMatchObject({ status: 'success', message: 'Customer created', data: { ...DOC_SAMPLE } });
    expect(body.data.id).toMatch(/^cus_[A-Za-z0-9]{10}$/);
    expect(body.data.created_datetime).toBe(gw.clock.now().toISOString());
  });

  it('accepts the docs quirks: an empty line2 is dropped and a numeric phone number becomes a string', async () => {
    const res = await create(alice, {
      ...DOC_SAMPLE,
      phone: { country_code: 234, number: 8012345678 },
      address: { ...DOC_SAMPLE.address, line2: '' },
    });
    expect(res.statusCode).toBe(201);
    const { data } = res.json();
    expect(data.phone).toEqual({ country_code: '234', number: '8012345678' });
    expect(data.address).not.toHaveProperty('line2');
  });

  it('needs only an email and answers meta as an empty object', async () => {
    const res = await create(alice, { email: 'only@example.com' });
    expect(res.statusCode).toBe(201);
    const { data } = res.json();
    expect(data).toEqual({
      id: data.id,
      email: 'only@example.com',
      meta: {},
      created_datetime: data.created_datetime,
    });
    expectOperationResponse('POST /customers', 201, res.json());
  });

  it('ignores fields it does not know, as the real API does', async () => {
    const res = await create(alice, { email: 'x@example.com', nickname: 'X' });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).not.toHaveProperty('nickname');
  });

  it('lists every failing field with its dotted path', async () => {
    const res = await create(alice, {
      email: 'not-an-email',
      name: { first: 'K', last: '12' },
      phone: { country_code: '1234' },
      address: { line1: 'x', city: 'y', country: 'ng' },
      meta: { level: 3 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expectOperationResponse('POST /customers', 400, body);
    expect(body.error).toMatchObject({ type: 'REQUEST_NOT_VALID', code: '10400' });
    const fields = (body.error.validation_errors as { field_name: string }[]).map((e) => e.field_name).sort();
    expect(fields).toEqual(
      [
        'address.country',
        'address.postal_code',
        'address.state',
        'email',
        'meta.level',
        'name.first',
        'name.last',
        'phone.country_code',
        'phone.number',
      ].sort(),
    );
    for (const e of body.error.validation_errors as { field_name: string; message: string }[]) {
      expect(e.message.startsWith(e.field_name)).toBe(true);
    }
  });

  it('rejects a missing email, a wrongly typed email and a body that is not an object', async () => {
    const missing = await create(alice, { name: { first: 'Ada' } });
    expect(missing.json().error.validation_errors).toEqual([
      { field_name: 'email', message: 'email is required' },
    ]);
    const typed = await create(alice, { email: 42 });
    expect(typed.json().error.validation_errors).toEqual([
      { field_name: 'email', message: 'email must be a string' },
    ]);
    const list = await create(alice, [{ email: 'a@b.co' }]);
    expect(list.statusCode).toBe(400);
    expect(list.json().error.validation_errors).toEqual([
      { field_name: 'body', message: 'body must be an object' },
    ]);
  });

  it('caps sizes the API leaves open so one request cannot bloat the store', async () => {
    const meta = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    const res = await create(alice, { email: 'big@example.com', meta });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors[0].field_name).toBe('meta');
  });
});

describe('GET /customers/{id}', () => {
  it('fetches a customer of the caller', async () => {
    const made = (await create(alice, DOC_SAMPLE)).json().data;
    const res = await gw.app.inject({ method: 'GET', url: `/customers/${made.id}`, headers: alice.headers });
    expect(res.statusCode).toBe(200);
    expectOperationResponse('GET /customers/{id}', 200, res.json());
    expect(res.json()).toEqual({ status: 'success', message: 'Customer fetched', data: made });
  });

  it('answers 404 for an unknown id', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/customers/cus_0000000000',
      headers: alice.headers,
    });
    expect(res.statusCode).toBe(404);
    expectOperationResponse('GET /customers/{id}', 404, res.json());
    expect(res.json().error).toMatchObject({
      type: 'RESOURCE_NOT_FOUND',
      code: '10404',
      message: 'Customer not found',
    });
  });

  it("never shows one merchant another merchant's customer", async () => {
    const made = (await create(alice, DOC_SAMPLE)).json().data;
    const res = await gw.app.inject({ method: 'GET', url: `/customers/${made.id}`, headers: bob.headers });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('james@example.com');
  });
});

describe('PUT /customers/{id}', () => {
  it('replaces the fields sent and keeps the others', async () => {
    const made = (await create(alice, DOC_SAMPLE)).json().data;
    const payload = { name: { first: 'Queen' }, meta: { tier: 'silver' } };
    const res = await gw.app.inject({
      method: 'PUT',
      url: `/customers/${made.id}`,
      headers: alice.headers,
      payload,
    });
    expect(res.statusCode).toBe(200);
    expectOperationResponse('PUT /customers/{id}', 200, res.json());
    expect(res.json().message).toBe('Customer updated');
    expect(res.json().data).toEqual({ ...made, name: { first: 'Queen' }, meta: { tier: 'silver' } });
    const again = await gw.app.inject({
      method: 'GET',
      url: `/customers/${made.id}`,
      headers: alice.headers,
    });
    expect(again.json().data).toEqual(res.json().data);
  });

  it('applies an email sent by client libraries even though the official schema omits it', async () => {
    const made = (await create(alice, { email: 'old@example.com' })).json().data;
    const res = await gw.app.inject({
      method: 'PUT',
      url: `/customers/${made.id}`,
      headers: alice.headers,
      payload: { email: 'new@example.com' },
    });
    expect(res.json().data.email).toBe('new@example.com');
  });

  it('rejects invalid fields, leaving the customer as it was', async () => {
    const made = (await create(alice, DOC_SAMPLE)).json().data;
    const res = await gw.app.inject({
      method: 'PUT',
      url: `/customers/${made.id}`,
      headers: alice.headers,
      payload: { phone: { country_code: '1', number: 'abc' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors).toEqual([
      { field_name: 'phone.number', message: 'phone.number must be 7 to 10 digits' },
    ]);
    const again = await gw.app.inject({
      method: 'GET',
      url: `/customers/${made.id}`,
      headers: alice.headers,
    });
    expect(again.json().data).toEqual(made);
  });

  it("cannot update another merchant's customer", async () => {
    const made = (await create(alice, DOC_SAMPLE)).json().data;
    const res = await gw.app.inject({
      method: 'PUT',
      url: `/customers/${made.id}`,
      headers: bob.headers,
      payload: { name: { first: 'Mallory' } },
    });
    expect(res.statusCode).toBe(404);
    const again = await gw.app.inject({
      method: 'GET',
      url: `/customers/${made.id}`,
      headers: alice.headers,
    });
    expect(again.json().data.name).toEqual(DOC_SAMPLE.name);
  });
});

describe('GET /customers and POST /customers/search', () => {
  it('pages through customers most recent first with page_info', async () => {
    const carol = await gw.merchant('Carol');
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      gw.clock.advance(1000);
      ids.push((await create(carol, { email: `c${i}@example.com` })).json().data.id);
    }
    const page1 = await gw.app.inject({ method: 'GET', url: '/customers', headers: carol.headers });
    expectOperationResponse('GET /customers', 200, page1.json());
    expect(page1.json().meta.page_info).toEqual({ total: 23, current_page: 1, total_pages: 3 });
    expect(page1.json().data.map((c: { id: string }) => c.id)).toEqual(ids.slice(-10).reverse());

    const page3 = await gw.app.inject({
      method: 'GET',
      url: '/customers?page=3&size=10',
      headers: carol.headers,
    });
    expect(page3.json().data.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 3).reverse());

    const big = await gw.app.inject({ method: 'GET', url: '/customers?size=50', headers: carol.headers });
    expect(big.json().data).toHaveLength(23);
    expect(big.json().meta.page_info).toEqual({ total: 23, current_page: 1, total_pages: 1 });

    const beyond = await gw.app.inject({ method: 'GET', url: '/customers?page=9', headers: carol.headers });
    expect(beyond.json()).toMatchObject({ data: [], meta: { page_info: { total: 23, current_page: 9 } } });
  });

  it('answers INVALID_PAGINATION_TYPE for a page or size out of range', async () => {
    for (const query of ['page=0', 'size=9', 'size=51', 'page=abc', 'size=1.5']) {
      const res = await gw.app.inject({ method: 'GET', url: `/customers?${query}`, headers: alice.headers });
      expect(res.statusCode, query).toBe(400);
      expectOperationResponse('GET /customers', 400, res.json());
      expect(res.json().error).toMatchObject({ type: 'INVALID_PAGINATION_TYPE', code: '701500' });
    }
  });

  it('lists only the caller’s customers', async () => {
    const dave = await gw.merchant('Dave');
    await create(dave, { email: 'dave-only@example.com' });
    const res = await gw.app.inject({ method: 'GET', url: '/customers?size=50', headers: alice.headers });
    expect(res.body).not.toContain('dave-only@example.com');
  });

  it('searches by email case-insensitively within the merchant', async () => {
    const erin = await gw.merchant('Erin');
    await create(erin, { email: 'Twin@Example.com' });
    await create(erin, { email: 'twin@example.com' });
    await create(erin, { email: 'other@example.com' });
    await create(bob, { email: 'twin@example.com' });
    const payload = { email: 'TWIN@example.com' };
    expectValidRequest('POST /customers/search', payload);
    const res = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: erin.headers,
      payload,
    });
    expect(res.statusCode).toBe(200);
    expectOperationResponse('POST /customers/search', 200, res.json());
    expect(res.json().meta.page_info).toEqual({ total: 2, current_page: 1, total_pages: 1 });
    expect(res.json().data.map((c: { email: string }) => c.email)).toEqual([
      'twin@example.com',
      'Twin@Example.com',
    ]);
  });

  it('requires a valid email to search', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: alice.headers,
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expectOperationResponse('POST /customers/search', 400, res.json());
    expect(res.json().error.validation_errors).toEqual([
      { field_name: 'email', message: 'email is required' },
    ]);
  });
});

describe('authentication on customer routes', () => {
  // Missing, wrong and mixed-up credentials on every route: test/security/credentials.test.ts.
  it('answers 401 once the token has expired (600 s) and accepts it just before', async () => {
    const m = await gw.merchant('Clocked');
    gw.clock.advance(599_000);
    expect((await gw.app.inject({ method: 'GET', url: '/customers', headers: m.headers })).statusCode).toBe(
      200,
    );
    gw.clock.advance(2_000);
    const res = await gw.app.inject({ method: 'GET', url: '/customers', headers: m.headers });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('expired');
  });
});
