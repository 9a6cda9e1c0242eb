/**
 * The CLI's admin API (src/api/admin.ts) as the HTTP app answers it: only a loopback peer with the
 * token gets through, the routes stay out of /openapi.json, and a gateway built without a token has
 * none. The CLI's side is test/cli/admin.test.ts, through real processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';

const TOKEN = 'an-admin-token-for-this-test-only';
const auth = { authorization: `Bearer ${TOKEN}` };
let gw: TestGateway;
let plain: TestGateway;

beforeAll(async () => {
  gw = await startGateway(undefined, { admin: { token: TOKEN } });
  plain = await startGateway();
});
afterAll(async () => {
  await gw.close();
  await plain.close();
});

describe('the admin API', () => {
  it('answers a loopback peer with the token', async () => {
    await gw.merchant('Listed');
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await gw.app.inject({
        method: 'GET',
        url: '/_admin/merchants',
        headers: auth,
        remoteAddress,
      });
      expect(res.statusCode, remoteAddress).toBe(200);
      expect(res.json()).toMatchObject({ status: 'success', data: [{ name: 'Listed' }] });
    }
  });

  it.each([
    ['no token', {}],
    ['another token', { authorization: 'Bearer not-the-token' }],
    ['the token without Bearer', { authorization: TOKEN }],
    ['a merchant secret key', { authorization: 'Bearer FLWSECK_TEST-0000000000000000000000000000000-X' }],
  ])('refuses %s with 401, saying nothing else', async (_what, headers) => {
    for (const [method, url] of [
      ['GET', '/_admin/merchants'],
      ['POST', '/_admin/merchants'],
      ['GET', '/_admin/ping'],
      ['DELETE', '/_admin/merchants/mer_x/webhook'],
    ] as const) {
      const res = await gw.app.inject({ method, url, headers, ...(method === 'POST' && { payload: {} }) });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json()).toMatchObject({ status: 'failed', error: { type: 'UNAUTHORIZED' } });
    }
  });

  it('refuses a peer that is not on loopback, even with the token (403)', async () => {
    for (const remoteAddress of ['10.0.0.7', '192.168.1.20', '::ffff:10.1.2.3', '2001:db8::1']) {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/_admin/merchants',
        headers: auth,
        payload: { name: 'From afar' },
        remoteAddress,
      });
      expect(res.statusCode, remoteAddress).toBe(403);
      expect(res.json().error).toMatchObject({ type: 'FORBIDDEN' });
    }
    const listed = await gw.app.inject({ method: 'GET', url: '/_admin/merchants', headers: auth });
    expect(listed.json().data.map((m: { name: string }) => m.name)).not.toContain('From afar');
  });

  it('reads the peer from the socket, not from X-Forwarded-For', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/_admin/merchants',
      headers: { ...auth, 'x-forwarded-for': '127.0.0.1' },
      remoteAddress: '10.0.0.7',
    });
    expect(res.statusCode).toBe(403);
  });

  it('is not in /openapi.json', async () => {
    const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(50);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/_admin'))).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('_admin');
  });

  it('validates what it is sent (400 naming the field)', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/_admin/merchants', headers: auth, payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors[0]).toMatchObject({ field_name: 'name' });
    const format = await gw.app.inject({
      method: 'PUT',
      url: '/_admin/merchants/mer_x/webhook',
      headers: auth,
      payload: { url: 'https://x.example.com', format: 'xml' },
    });
    expect(format.statusCode).toBe(400);
    expect(format.json().error.message).toBe('format must be envelope or legacy');
  });

  it('does not exist on a gateway built without a token', async () => {
    const res = await plain.app.inject({ method: 'GET', url: '/_admin/merchants', headers: auth });
    expect(res.statusCode).toBe(404);
  });

  it('acts for the merchant owning a charge, and asks which when a tx_ref names several', async () => {
    const [a, b] = [await gw.merchant('Owner A'), await gw.merchant('Owner B')];
    const ussd = async (secret: string) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=ussd',
        headers: { authorization: `Bearer ${secret}` },
        payload: {
          amount: 1500,
          currency: 'NGN',
          account_bank: '058',
          phone_number: '07033923458',
          tx_ref: 'shared-ref-1',
          email: 'ada@example.com',
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data as { id: number };
    };
    const [ofA, ofB] = [await ussd(a.credentials.v3.secret_key), await ussd(b.credentials.v3.secret_key)];
    const approve = (id: string, payload: object = {}) =>
      gw.app.inject({ method: 'POST', url: `/_admin/sandbox/charges/${id}/approve`, headers: auth, payload });
    const ambiguous = await approve('shared-ref-1');
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error.validation_errors[0]).toMatchObject({ field_name: 'merchant_id' });
    const forB = await approve('shared-ref-1', { merchant_id: b.credentials.merchant_id });
    expect(forB.statusCode).toBe(200);
    expect(forB.json().data).toMatchObject({
      tx_id: ofB.id,
      merchant_id: b.credentials.merchant_id,
      status: 'succeeded',
    });
    // A's charge still waits, and its numeric id alone names it.
    const byId = await approve(String(ofA.id));
    expect(byId.json().data).toMatchObject({ merchant_id: a.credentials.merchant_id, status: 'succeeded' });
    const wrongOwner = await approve(String(ofA.id), { merchant_id: b.credentials.merchant_id });
    expect(wrongOwner.statusCode).toBe(404);
  });

  it('rotates a merchant’s v3 keys: the new secret key works at once', async () => {
    const m = await gw.merchant('Rotated');
    const res = await gw.app.inject({
      method: 'POST',
      url: `/_admin/merchants/${m.credentials.merchant_id}/rotate-keys`,
      headers: auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { v3 } = res.json<{ data: { v3: { secret_key: string; public_key: string } } }>().data;
    expect(v3.public_key).toBe(m.credentials.v3.public_key);
    expect(v3.secret_key).not.toBe(m.credentials.v3.secret_key);
    const listed = await gw.app.inject({
      method: 'GET',
      url: '/v3/transactions',
      headers: { authorization: `Bearer ${v3.secret_key}` },
    });
    expect(listed.statusCode).toBe(200);
    const unknown = await gw.app.inject({
      method: 'POST',
      url: '/_admin/merchants/mer_0000000000/rotate-keys',
      headers: auth,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
