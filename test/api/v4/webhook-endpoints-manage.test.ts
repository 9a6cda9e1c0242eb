/**
 * Listing, replacing and deleting webhook endpoints, delivery to them, and the security of their routes (the
 * setup is in ./webhook-endpoints-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { unseal } from '../../../src/crypto/sealed.js';
import { setV3Endpoint } from '../../../src/flows/webhooks/webhook-endpoints.js';
import { subscribers } from '../../../src/store/webhooks.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import {
  LIST,
  UPDATE,
  SECRET,
  MASKED,
  logLines,
  gw,
  alice,
  bob,
  create,
  update,
  remove,
  listOf,
  created,
  storedRow,
  expectDeleteAnswer,
  type Payload,
} from './webhook-endpoints-support.js';

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
