import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unseal } from '../../../src/crypto/sealed.js';
import { EVENT_TYPES } from '../../../src/domain/webhooks.js';
import { setV3Endpoint } from '../../../src/flows/webhooks/webhook-endpoints.js';
import { subscribers } from '../../../src/store/webhooks.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

const LIST = 'GET /profile/webhook-endpoints';
const CREATE = 'POST /profile/webhook-endpoints';
const UPDATE = 'PUT /profile/webhook-endpoints/{id}';
const DELETE = 'DELETE /profile/webhook-endpoints/{id}';

const SECRET = 'baobab-test-webhook-secret-0123456789-abcdef';
const MASKED = 'baob********cdef';

const logLines: string[] = [];
let gw: TestGateway;
let alice: TestMerchant;
let bob: TestMerchant;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  gw = await startGateway(undefined, { logger: pino({ level: 'trace' }, stream) });
  alice = await gw.merchant('Alice Shop');
  bob = await gw.merchant('Bob Shop');
});
afterAll(() => gw.close());

type Payload = Record<string, unknown>;

const create = (m: TestMerchant, payload: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/profile/webhook-endpoints',
    headers: { ...m.headers, ...headers },
    payload: payload as object,
  });

const update = (m: TestMerchant, id: string, payload: unknown) =>
  gw.app.inject({
    method: 'PUT',
    url: `/profile/webhook-endpoints/${id}`,
    headers: m.headers,
    payload: payload as object,
  });

const remove = (m: TestMerchant, id: string) =>
  gw.app.inject({ method: 'DELETE', url: `/profile/webhook-endpoints/${id}`, headers: m.headers });

const listOf = (m: TestMerchant, query = '') =>
  gw.app.inject({ method: 'GET', url: `/profile/webhook-endpoints${query}`, headers: m.headers });

async function created(m: TestMerchant, payload: Payload = {}): Promise<Record<string, unknown>> {
  const res = await create(m, { url: 'https://hooks.example.com/flw', secret: SECRET, ...payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: Record<string, unknown> }>().data;
}

const storedRow = async (id: string) =>
  (
    await gw.deps.db.query<{
      secret_sealed: string;
      event_types: string[] | null;
      mode: string;
      status: string;
      deleted_at: Date | null;
    }>('SELECT secret_sealed, event_types, mode, status, deleted_at FROM webhook_endpoints WHERE id = $1', [
      id,
    ])
  ).rows[0];

// DELETE declares no success body in the official schemas; ours is the one PUT answers.
const expectDeleteAnswer = (status: number, body: unknown) => {
  expectOperationResponse(status === 200 ? UPDATE : DELETE, status, body);
};

describe('POST /profile/webhook-endpoints', () => {
  it('adds an endpoint from the documented request and answers 200 with the secret masked', async () => {
    const payload = { url: 'https://hooks.example.com/flw', secret: SECRET };
    expectValidRequest(CREATE, payload);
    const res = await create(alice, payload);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expectOperationResponse(CREATE, 200, body);
    expect(body).toEqual({
      status: 'success',
      message: 'Webhook endpoint created',
      data: {
        id: expect.stringMatching(/^whe_[A-Za-z0-9]{10}$/),
        url: 'https://hooks.example.com/flw',
        supported_event_types: [...EVENT_TYPES],
        status: 'enabled',
        secret: MASKED,
        signature_mode: 'hmac',
        meta: {},
        created_datetime: gw.clock.now().toISOString(),
      },
    });
    expect(res.body).not.toContain(SECRET);
    const row = await storedRow(body.data.id);
    expect(row).toMatchObject({ event_types: null, mode: 'hmac', status: 'enabled', deleted_at: null });
    expect(row?.secret_sealed).not.toContain(SECRET);
    expect(unseal(gw.keys.sealKey, row?.secret_sealed ?? '')).toBe(SECRET);
  });

  it('takes every field, with the signature_mode extension, and keeps each event type once', async () => {
    const payload = {
      url: 'http://localhost:4000/hooks?source=baobab',
      secret: 'x'.repeat(72),
      supported_event_types: ['refund.completed', 'refund.completed'],
      status: 'disabled',
      signature_mode: 'plain',
      description: 'Staging receiver',
      meta: { team: 'payments' },
    };
    const res = await create(alice, payload);
    expect(res.statusCode).toBe(200);
    expectOperationResponse(CREATE, 200, res.json());
    const { data } = res.json();
    expect(data).toMatchObject({
      url: payload.url,
      supported_event_types: ['refund.completed'],
      status: 'disabled',
      signature_mode: 'plain',
      description: 'Staging receiver',
      meta: { team: 'payments' },
      secret: 'xxxx********xxxx',
    });
    expect(await storedRow(data.id)).toMatchObject({
      event_types: ['refund.completed'],
      mode: 'plain',
      status: 'disabled',
    });
  });

  it('accepts the shortest and longest secrets and local receivers', async () => {
    for (const [url, secret] of [
      ['http://127.0.0.1:8080/', 'a'.repeat(36)],
      ['https://[::1]:9443/w', '~'.repeat(72)],
      ['HTTPS://Example.COM/Hooks', SECRET],
    ] as const) {
      const res = await create(alice, { url, secret });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('replays the reply for a repeated X-Idempotency-Key and refuses the key with another body', async () => {
    const headers = { 'x-idempotency-key': 'webhook-endpoint-key-1' };
    const payload = { url: 'https://hooks.example.com/once', secret: SECRET };
    const first = await create(bob, payload, headers);
    const again = await create(bob, payload, headers);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-idempotency-cache-hit']).toBe('true');
    expect(again.body).toBe(first.body);
    const { rows } = await gw.deps.db.query(
      `SELECT id FROM webhook_endpoints WHERE merchant_id = $1 AND url = $2`,
      [bob.credentials.merchant_id, payload.url],
    );
    expect(rows).toHaveLength(1);
    const other = await create(bob, { ...payload, url: 'https://hooks.example.com/twice' }, headers);
    expect(other.statusCode).toBe(409);
    expectOperationResponse(CREATE, 409, other.json());
  });

  it.each([
    ['not a URL', 'not a url'],
    ['a relative URL', '/hooks'],
    ['another scheme', 'ftp://hooks.example.com/'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a URL without slashes', 'http:hooks.example.com'],
    ['a URL without a host', 'http:///hooks'],
    ['a user name and password', 'https://user:pass@hooks.example.com/'],
    ['a bare @ in the authority', 'https://@hooks.example.com/'],
    ['a fragment', 'https://hooks.example.com/flw#top'],
    ['an empty fragment', 'https://hooks.example.com/flw#'],
    ['spaces around it', ' https://hooks.example.com/flw'],
    ['a space inside', 'https://hooks.example.com/a b'],
    ['a line break', 'https://hooks.example.com/a\nb'],
    ['an empty string', ''],
    ['2049 characters', `https://hooks.example.com/${'a'.repeat(2049 - 26)}`],
  ])('refuses a url with %s: 400 WEBHOOK_URL_INVALID naming url', async (_what, url) => {
    const res = await create(alice, { url, secret: SECRET });
    expect(res.statusCode).toBe(400);
    expectOperationResponse(CREATE, 400, res.json());
    expect(res.json().error).toMatchObject({
      type: 'WEBHOOK_URL_INVALID',
      code: '1600400',
      validation_errors: [{ field_name: 'url', message: expect.stringMatching(/^url /) }],
    });
  });

  it('accepts a url of exactly 2048 characters', async () => {
    const url = `https://hooks.example.com/${'a'.repeat(2048 - 26)}`;
    expect(url).toHaveLength(2048);
    expect((await create(alice, { url, secret: SECRET })).statusCode).toBe(200);
  });

  it.each<[string, Payload, string, RegExp]>([
    ['no url', { secret: SECRET }, 'url', /required/],
    ['a url that is not a string', { url: 42, secret: SECRET }, 'url', /must be a string/],
    ['no secret', { url: 'https://h.example.com' }, 'secret', /required/],
    [
      'a secret of 35 characters',
      { url: 'https://h.example.com', secret: 'a'.repeat(35) },
      'secret',
      /36 to 72/,
    ],
    [
      'a secret of 73 characters',
      { url: 'https://h.example.com', secret: 'a'.repeat(73) },
      'secret',
      /36 to 72/,
    ],
    [
      'a secret with a space',
      { url: 'https://h.example.com', secret: `${'a'.repeat(20)} ${'b'.repeat(20)}` },
      'secret',
      /printable ASCII/,
    ],
    [
      'a secret that is not ASCII',
      { url: 'https://h.example.com', secret: 'é'.repeat(40) },
      'secret',
      /printable ASCII/,
    ],
    [
      'an unknown event type',
      {
        url: 'https://h.example.com',
        secret: SECRET,
        supported_event_types: ['charge.completed', 'charge.created'],
      },
      'supported_event_types[1]',
      /must be one of: charge\.completed, refund\.completed/,
    ],
    [
      'no event type',
      { url: 'https://h.example.com', secret: SECRET, supported_event_types: [] },
      'supported_event_types',
      /at least one event type/,
    ],
    [
      'event types as a string',
      { url: 'https://h.example.com', secret: SECRET, supported_event_types: 'charge.completed' },
      'supported_event_types',
      /must be an array/,
    ],
    [
      'an unknown status',
      { url: 'https://h.example.com', secret: SECRET, status: 'paused' },
      'status',
      /must be one of: enabled, disabled/,
    ],
    [
      'an unknown signature mode',
      { url: 'https://h.example.com', secret: SECRET, signature_mode: 'sha512' },
      'signature_mode',
      /must be one of: hmac, plain/,
    ],
    [
      'a meta value that is not a string',
      { url: 'https://h.example.com', secret: SECRET, meta: { n: 1 } },
      'meta.n',
      /must be a string/,
    ],
    [
      'a description of 256 characters',
      { url: 'https://h.example.com', secret: SECRET, description: 'd'.repeat(256) },
      'description',
      /at most 255/,
    ],
  ])('refuses %s: 400 naming the field', async (_what, payload, field, message) => {
    const res = await create(alice, payload);
    expect(res.statusCode).toBe(400);
    expectOperationResponse(CREATE, 400, res.json());
    const { error } = res.json();
    expect(error).toMatchObject({ type: 'REQUEST_NOT_VALID', code: '10400' });
    const named = (error.validation_errors as { field_name: string; message: string }[]).find(
      (v) => v.field_name === field,
    );
    expect(named?.message, JSON.stringify(error)).toMatch(message);
    const secret = payload['secret'];
    if (typeof secret === 'string') expect(res.body).not.toContain(secret);
  });

  it('answers bodies that are not endpoints with a 400, never a 500', async () => {
    for (const payload of [null, [], 'text', 7, { url: null, secret: null }, { url: ['a'], secret: {} }]) {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/profile/webhook-endpoints',
        headers: { ...alice.headers, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expectOperationResponse(CREATE, 400, res.json());
    }
    const broken = await gw.app.inject({
      method: 'POST',
      url: '/profile/webhook-endpoints',
      headers: { ...alice.headers, 'content-type': 'application/json' },
      payload: '{"url": ',
    });
    expect(broken.statusCode).toBe(400);
  });
});

describe('GET /profile/webhook-endpoints', () => {
  it("lists the merchant's live v4 endpoints, most recent first, paginated", async () => {
    const carol = await gw.merchant('Carol Shop');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(String((await created(carol, { url: `https://hooks.example.com/${String(i)}` }))['id']));
      gw.clock.advance(1000);
    }
    // Neither a deleted endpoint nor the v3 one is listed.
    expect((await remove(carol, ids[0] ?? '')).statusCode).toBe(200);
    await setV3Endpoint(gw.deps, carol.credentials.merchant_id, {
      url: 'https://hooks.example.com/v3',
      format: 'envelope',
    });

    const first = await listOf(carol);
    expect(first.statusCode).toBe(200);
    expectOperationResponse(LIST, 200, first.json());
    expect(first.json().meta).toEqual({ page_info: { total: 11, current_page: 1, total_pages: 2 } });
    const page1 = first.json<{ data: { id: string; secret: string }[] }>().data;
    expect(page1.map((e) => e.id)).toEqual(ids.slice(2).reverse());
    expect(page1.every((e) => e.secret === MASKED)).toBe(true);

    const second = await listOf(carol, '?page=2&size=10');
    expectOperationResponse(LIST, 200, second.json());
    expect(second.json().data.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
    expect(first.body + second.body).not.toContain(SECRET);
  });

  it('answers an empty page for a merchant without endpoints', async () => {
    const dave = await gw.merchant('Dave Shop');
    const res = await listOf(dave);
    expectOperationResponse(LIST, 200, res.json());
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Webhook endpoints fetched',
      meta: { page_info: { total: 0, current_page: 1, total_pages: 0 } },
      data: [],
    });
  });

  it('refuses a page or size out of range', async () => {
    for (const query of ['?page=0', '?size=9', '?size=51', '?page=x']) {
      const res = await listOf(alice, query);
      expect(res.statusCode, query).toBe(400);
      expectOperationResponse(LIST, 400, res.json());
    }
  });
});

describe('PUT /profile/webhook-endpoints/{id}', () => {
  it('replaces the fields sent and keeps the others', async () => {
    const before = await created(alice, {
      supported_event_types: ['charge.completed'],
      description: 'Main',
      meta: { a: '1' },
    });
    const id = String(before['id']);
    gw.clock.advance(5000);
    const payload = { status: 'disabled', signature_mode: 'plain', meta: { b: '2' } };
    expectValidRequest(UPDATE, payload);
    const res = await update(alice, id, payload);
    expect(res.statusCode).toBe(200);
    expectOperationResponse(UPDATE, 200, res.json());
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Webhook endpoint updated',
      data: {
        ...before,
        status: 'disabled',
        signature_mode: 'plain',
        meta: { b: '2' },
      },
    });

    const more = await update(alice, id, {
      url: 'https://new.example.com/hook',
      supported_event_types: ['refund.completed', 'charge.completed'],
      secret: `NEW-${'s'.repeat(40)}-END`,
      status: 'enabled',
      description: 'Renamed',
    });
    expect(more.statusCode).toBe(200);
    expectOperationResponse(UPDATE, 200, more.json());
    expect(more.json().data).toMatchObject({
      url: 'https://new.example.com/hook',
      supported_event_types: ['refund.completed', 'charge.completed'],
      secret: 'NEW-********-END',
      status: 'enabled',
      description: 'Renamed',
      created_datetime: before['created_datetime'],
    });
    const row = await storedRow(id);
    expect(unseal(gw.keys.sealKey, row?.secret_sealed ?? '')).toBe(`NEW-${'s'.repeat(40)}-END`);
    expect(row?.event_types).toEqual(['refund.completed', 'charge.completed']);
  });

  it('answers an empty body with the endpoint unchanged', async () => {
    const before = await created(alice);
    const res = await update(alice, String(before['id']), {});
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toEqual(before);
  });

  it('refuses an invalid url, secret, event type or status, naming the field', async () => {
    const id = String((await created(alice))['id']);
    const cases: [Payload, string, string][] = [
      [{ url: 'ftp://x.example.com' }, 'url', 'WEBHOOK_URL_INVALID'],
      [{ url: 'https://u@x.example.com' }, 'url', 'WEBHOOK_URL_INVALID'],
      [{ secret: 'short' }, 'secret', 'REQUEST_NOT_VALID'],
      [{ supported_event_types: ['transfer.completed'] }, 'supported_event_types[0]', 'REQUEST_NOT_VALID'],
      [{ status: 'on' }, 'status', 'REQUEST_NOT_VALID'],
      [{ signature_mode: 'none' }, 'signature_mode', 'REQUEST_NOT_VALID'],
      [{ meta: 'x' }, 'meta', 'REQUEST_NOT_VALID'],
    ];
    for (const [payload, field, type] of cases) {
      const res = await update(alice, id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expectOperationResponse(UPDATE, 400, res.json());
      expect(res.json().error.type).toBe(type);
      expect(res.json().error.validation_errors[0].field_name).toBe(field);
    }
    expect((await storedRow(id))?.status).toBe('enabled');
  });

  it('answers 404 WEBHOOK_ENDPOINT_NOT_FOUND for an unknown, malformed or deleted id', async () => {
    const deleted = String((await created(alice))['id']);
    await remove(alice, deleted);
    for (const id of ['whe_0000000000', 'nope', 'cus_0000000000', deleted]) {
      const res = await update(alice, id, { status: 'disabled' });
      expect(res.statusCode, id).toBe(404);
      expectOperationResponse(UPDATE, 404, res.json());
      expect(res.json().error).toMatchObject({ type: 'WEBHOOK_ENDPOINT_NOT_FOUND', code: '1601404' });
    }
  });
});

describe('DELETE /profile/webhook-endpoints/{id}', () => {
  it('deletes the endpoint, answering it as it was, and it is gone afterwards', async () => {
    const before = await created(alice);
    const id = String(before['id']);
    const res = await remove(alice, id);
    expect(res.statusCode).toBe(200);
    expectDeleteAnswer(200, res.json());
    expect(res.json()).toEqual({ status: 'success', message: 'Webhook endpoint deleted', data: before });
    expect((await storedRow(id))?.deleted_at).toEqual(gw.clock.now());

    const again = await remove(alice, id);
    expect(again.statusCode).toBe(404);
    expectDeleteAnswer(404, again.json());
    expect(again.json().error.type).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const listed = await listOf(alice, '?size=50');
    expect(listed.json().data.map((e: { id: string }) => e.id)).not.toContain(id);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['whe_0000000000', 'x']) {
      const res = await remove(alice, id);
      expect(res.statusCode).toBe(404);
      expectDeleteAnswer(404, res.json());
      expect(res.json().error).toMatchObject({ type: 'WEBHOOK_ENDPOINT_NOT_FOUND', code: '1601404' });
    }
  });
});

describe('endpoints and event delivery', () => {
  it('delivers only to enabled, live endpoints: disabling or deleting one stops it receiving', async () => {
    const erin = await gw.merchant('Erin Shop');
    const kept = String((await created(erin))['id']);
    const disabled = String((await created(erin))['id']);
    const deleted = String((await created(erin))['id']);
    const reenabled = String((await created(erin, { status: 'disabled' }))['id']);
    await update(erin, disabled, { status: 'disabled' });
    await remove(erin, deleted);
    await update(erin, reenabled, { status: 'enabled' });
    const live = await subscribers(gw.deps.db, [erin.credentials.merchant_id]);
    expect(live.map((s) => s.id).sort()).toEqual([kept, reenabled].sort());
  });
});

describe('security of webhook endpoint routes', () => {
  // Credentials on every route: the shared suite (test/security/credentials.test.ts).
  it("never shows, changes or deletes another merchant's endpoint", async () => {
    const mine = await created(alice, { url: 'https://alice.example.com/hooks' });
    const id = String(mine['id']);
    const listed = await listOf(bob, '?size=50');
    expect(listed.json().data.map((e: { id: string }) => e.id)).not.toContain(id);
    const changed = await update(bob, id, { url: 'https://bob.example.com/steal' });
    expect(changed.statusCode).toBe(404);
    expect(changed.json().error.type).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const deleted = await remove(bob, id);
    expect(deleted.statusCode).toBe(404);
    const row = await gw.deps.db.query<{ url: string; deleted_at: Date | null }>(
      'SELECT url, deleted_at FROM webhook_endpoints WHERE id = $1',
      [id],
    );
    expect(row.rows[0]).toEqual({ url: 'https://alice.example.com/hooks', deleted_at: null });
  });

  it('keeps the v3 endpoint out of reach of the v4 API', async () => {
    const v3 = await setV3Endpoint(gw.deps, alice.credentials.merchant_id, {
      url: 'https://alice.example.com/v3',
      format: 'legacy',
    });
    if (!v3.ok) throw new Error(v3.error.message);
    expect((await update(alice, v3.value.id, { status: 'disabled' })).statusCode).toBe(404);
    expect((await remove(alice, v3.value.id)).statusCode).toBe(404);
  });

  it('answers 405 with Allow for a method the path does not take', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/profile/webhook-endpoints/whe_0000000000',
      headers: alice.headers,
    });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toContain('PUT');
  });

  it('never writes a secret in clear to a response, a log line or the database', async () => {
    const secrets = [`first-${'1'.repeat(40)}`, `second-${'2'.repeat(40)}`];
    const bodies: string[] = [];
    const made = await create(
      alice,
      { url: 'https://s.example.com', secret: secrets[0] },
      {
        'x-idempotency-key': 'secret-scan-key-0001',
      },
    );
    bodies.push(made.body);
    const id = made.json<{ data: { id: string } }>().data.id;
    bodies.push((await update(alice, id, { secret: secrets[1] })).body);
    bodies.push((await update(alice, id, { secret: 'too short' })).body);
    bodies.push((await listOf(alice, '?size=50')).body);
    bodies.push((await remove(alice, id)).body);
    const stored: string[] = [];
    for (const table of ['webhook_endpoints', 'idempotency_keys']) {
      const { rows } = await gw.deps.db.query<{ r: unknown }>(`SELECT row_to_json(t) AS r FROM ${table} t`);
      stored.push(...rows.map((r) => JSON.stringify(r.r)));
    }
    expect(logLines.length).toBeGreaterThan(10);
    for (const [where, text] of [
      ['responses', bodies.join('\n')],
      ['the logs', logLines.join('\n')],
      ['the database', stored.join('\n')],
    ] as const) {
      for (const secret of [...secrets, SECRET]) expect(text, `a secret in ${where}`).not.toContain(secret);
    }
  });
});
