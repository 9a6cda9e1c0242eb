import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringFrom } from '../../../src/crypto/keyring.js';
import type { MerchantCredentials } from '../../../src/domain/merchant.js';
import { createMerchant } from '../../../src/flows/merchants/merchants.js';
import { startGateway, type TestGateway } from '../../support/gateway.js';
import { PGLITE, type TestStore } from '../../support/stores.js';

let store: TestStore;
let gw: TestGateway;
let creds: MerchantCredentials;

beforeAll(async () => {
  store = await PGLITE.open();
  gw = await startGateway(PGLITE, { db: store.db });
  creds = (await createMerchant(gw.deps, 'OAuth Shop')).credentials;
});
afterAll(async () => {
  await gw.close();
  await store.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const token = (payload: string, headers: Record<string, string> = {}, url = '/oauth/token') =>
  gw.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload,
  });
const grant = () => ({
  grant_type: 'client_credentials',
  client_id: creds.v4.client_id,
  client_secret: creds.v4.client_secret,
});

describe('POST /oauth/token and the Keycloak path', () => {
  it.each(['/oauth/token', '/realms/flutterwave/protocol/openid-connect/token'])(
    '%s issues a 600-second Bearer token in the Keycloak shape',
    async (url) => {
      const res = await token(form(grant()), {}, url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expires_in: 600,
        refresh_expires_in: 0,
        token_type: 'Bearer',
        'not-before-policy': 0,
        scope: 'profile email',
      });
      const use = await gw.app.inject({
        method: 'GET',
        url: '/customers',
        headers: { authorization: `Bearer ${res.json().access_token}` },
      });
      expect(use.statusCode).toBe(200);
    },
  );

  it('accepts HTTP Basic client authentication and a JSON body', async () => {
    const basic = Buffer.from(`${creds.v4.client_id}:${creds.v4.client_secret}`).toString('base64');
    const viaBasic = await token(form({ grant_type: 'client_credentials' }), {
      authorization: `Basic ${basic}`,
    });
    expect(viaBasic.statusCode).toBe(200);
    const viaJson = await gw.app.inject({ method: 'POST', url: '/oauth/token', payload: grant() });
    expect(viaJson.statusCode).toBe(200);
  });

  it('answers OAuth2 errors with Keycloak wording', async () => {
    const cases: [Record<string, string>, number, string, string][] = [
      [{ client_id: 'x', client_secret: 'y' }, 400, 'invalid_request', 'Missing form parameter: grant_type'],
      [{ ...grant(), grant_type: 'password' }, 400, 'unsupported_grant_type', 'Unsupported grant_type'],
      [{ grant_type: 'client_credentials' }, 400, 'invalid_request', 'Missing form parameter: client_id'],
      [
        { grant_type: 'client_credentials', client_id: creds.v4.client_id },
        401,
        'invalid_client',
        'Invalid client or Invalid client credentials',
      ],
      [
        { ...grant(), client_secret: 'wrong' },
        401,
        'invalid_client',
        'Invalid client or Invalid client credentials',
      ],
      [
        { ...grant(), client_id: 'nobody' },
        401,
        'invalid_client',
        'Invalid client or Invalid client credentials',
      ],
    ];
    for (const [fields, status, error, description] of cases) {
      const res = await token(form(fields));
      expect(res.statusCode, JSON.stringify(fields)).toBe(status);
      expect(res.json()).toEqual({ error, error_description: description });
    }
  });

  it('answers a malformed body in OAuth2 terms, not the v4 envelope', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
  });

  it("does not accept one merchant's secret for another's client id", async () => {
    const other = (await createMerchant(gw.deps, 'Other')).credentials;
    const res = await token(form({ ...grant(), client_secret: other.v4.client_secret }));
    expect(res.statusCode).toBe(401);
  });
});

describe('access tokens across nodes', () => {
  it('are accepted by another node sharing the database and master key', async () => {
    const other = await startGateway(PGLITE, { db: store.db, keys: gw.keys, clock: gw.clock });
    try {
      const issued = (await token(form(grant()))).json().access_token as string;
      const res = await other.app.inject({
        method: 'GET',
        url: '/customers',
        headers: { authorization: `Bearer ${issued}` },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await other.app.close();
    }
  });

  it('are refused by a node with a different master key, and when tampered with', async () => {
    const stranger = await startGateway(PGLITE, {
      db: store.db,
      keys: keyringFrom(randomBytes(32)),
      clock: gw.clock,
    });
    try {
      const issued = (await token(form(grant()))).json().access_token as string;
      const res = await stranger.app.inject({
        method: 'GET',
        url: '/customers',
        headers: { authorization: `Bearer ${issued}` },
      });
      expect(res.statusCode).toBe(401);
      const [header = '', payload = '', signature = ''] = issued.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
        string,
        unknown
      >;
      const forged = Buffer.from(JSON.stringify({ ...claims, mid: 'mer_somebodyel' })).toString('base64url');
      for (const bad of [`${header}.${forged}.${signature}`, `${header}.${payload}.`, 'not.a.token']) {
        const denied = await gw.app.inject({
          method: 'GET',
          url: '/customers',
          headers: { authorization: `Bearer ${bad}` },
        });
        expect(denied.statusCode).toBe(401);
        expect(denied.json().error.message).toBe('Unauthorized: the access token is not valid');
      }
    } finally {
      await stranger.app.close();
    }
  });
});
