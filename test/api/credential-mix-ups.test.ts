/**
 * A credential sent to the wrong API gets a 401 that names it and says what the route takes, in the
 * dialect's own envelope: a v3 secret key or a v4 client secret on a v4 route, a v4 access token on a
 * v3 route, and the other credentials a merchant holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Mixed Up Ltd');
});
afterAll(() => gw.close());

const call = (url: string, bearer: string) =>
  gw.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });

describe('a v4 route given another credential', () => {
  const v4 = async (bearer: string) => {
    const res = await call('/customers', bearer);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expectOperationResponse('GET /customers', 401, res.json());
    expect(res.json()).toMatchObject({ status: 'failed', error: { type: 'UNAUTHORIZED', code: '10401' } });
    return res.json().error.message as string;
  };
  const TAKES =
    'v4 routes take an access token: POST your client_id and client_secret to /oauth/token (grant_type=client_credentials) and send Authorization: Bearer <access_token>';

  it('names a v3 secret key, and says it is for the v3 API', async () => {
    expect(await v4(m.credentials.v3.secret_key)).toBe(
      `Unauthorized: this looks like a v3 secret key (FLWSECK…), which is for the v3 API (/v3/… routes), not an access token. ${TAKES}`,
    );
  });

  it('names the v4 client secret sent instead of the token it buys', async () => {
    expect(await v4(m.credentials.v4.client_secret)).toBe(
      `Unauthorized: this looks like a v4 client_secret, not an access token. ${TAKES}`,
    );
  });

  it('names the other credentials too', async () => {
    const { v3, v4: keys } = m.credentials;
    expect(await v4(keys.client_id)).toContain('this looks like a v4 client_id, not an access token');
    expect(await v4(keys.encryption_key)).toContain(
      'this looks like a v4 encryption key, not an access token',
    );
    expect(await v4(v3.public_key)).toContain(
      'this looks like a v3 public key (FLWPUBK…), which is for the v3 API',
    );
    expect(await v4(v3.encryption_key)).toContain(
      'this looks like a v3 encryption key, which is for the v3 API',
    );
  });

  it('keeps its wording for a token that is no credential of ours, or a forged access token', async () => {
    expect(await v4('not-a-credential')).toBe('Unauthorized: the access token is not valid');
    expect(await v4(`${m.token}x`)).toBe('Unauthorized: the access token is not valid');
  });
});

describe('a v3 route given another credential', () => {
  const v3 = async (bearer: string) => {
    const res = await call('/v3/transactions/1/verify', bearer);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ status: 'error', data: null });
    expect(Object.keys(res.json()).sort()).toEqual(['data', 'message', 'status']);
    return res.json().message as string;
  };
  const TAKES = 'v3 routes take your v3 secret key: Authorization: Bearer FLWSECK_TEST-…-X';

  it('names a v4 access token, and says it is for the v4 API', async () => {
    expect(await v3(m.token)).toBe(
      `Invalid authorization key: this looks like a v4 access token, which is for the v4 API. ${TAKES}`,
    );
  });

  it('names a v4 client secret, and the v3 public and encryption keys', async () => {
    const { v3: keys, v4 } = m.credentials;
    expect(await v3(v4.client_secret)).toBe(
      `Invalid authorization key: this looks like a v4 client_secret, which is for the v4 API. ${TAKES}`,
    );
    expect(await v3(keys.public_key)).toBe(
      `Invalid authorization key: this looks like a v3 public key (FLWPUBK…). ${TAKES}`,
    );
    expect(await v3(keys.encryption_key)).toBe(
      `Invalid authorization key: this looks like a v3 encryption key. ${TAKES}`,
    );
  });

  it('keeps the real API’s wording for a wrong secret key', async () => {
    expect(await v3(`FLWSECK_TEST-${'0'.repeat(32)}-X`)).toBe('Invalid authorization key');
  });
});
