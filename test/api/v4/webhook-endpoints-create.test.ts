/** POST /profile/webhook-endpoints: adding an endpoint (the setup is in ./webhook-endpoints-support.ts). */
import { describe, expect, it } from 'vitest';
import { unseal } from '../../../src/crypto/sealed.js';
import { EVENT_TYPES } from '../../../src/domain/webhooks.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import {
  CREATE,
  SECRET,
  MASKED,
  gw,
  alice,
  bob,
  create,
  storedRow,
  type Payload,
} from './webhook-endpoints-support.js';

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
