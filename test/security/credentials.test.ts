/**
 * The shared security suite, credentials: every route the app answers (its route table, hidden
 * routes included, checked against /openapi.json) is either public with a reason or authenticated,
 * and every authenticated route answers 401 in its dialect's envelope without credentials, with wrong
 * ones and, on v4, with an expired access token — before it reads a body or a path id.
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operation, expectOperationResponse } from '../support/operations.js';
import { startGateway, type TestMerchant } from '../support/gateway.js';
import { v3Headers } from '../support/v3.js';
import {
  BODY_KEY_AUTH,
  fill,
  ID_ROUTES,
  NOT_A_RESOURCE,
  openApiKeys,
  PUBLIC,
  routesOf,
  unclassified,
  type Route,
} from './routes.js';

const gw = await startGateway();
const routes = routesOf(gw.app);
const authenticated = routes.filter((r) => r.authenticated && !BODY_KEY_AUTH.has(r.key));
let merchant: TestMerchant;
let expired: TestMerchant;

beforeAll(async () => {
  expired = await gw.merchant('Expired Token Shop');
  gw.clock.advance(601_000); // access tokens live 600 s
  merchant = await gw.merchant('Valid Token Shop');
});
afterAll(() => gw.close());

const request = (route: Route, authorization?: string) =>
  gw.app.inject({
    method: route.method as 'GET',
    url: fill(route.path, 'abc123'),
    headers: authorization === undefined ? {} : { authorization },
  });

const V4 = {
  none: 'Unauthorized: send Authorization: Bearer <access token>',
  wrong: 'Unauthorized: the access token is not valid',
  expired: 'Unauthorized: the access token has expired; request a new one',
};
const V3 = { none: 'Authorization required', wrong: 'Invalid authorization key' };

function expect401(route: Route, res: LightMyRequestResponse, message: string): void {
  expect(res.statusCode, res.body).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/json/); // an answer, never a stream
  if (route.dialect === 'v3') {
    expect(res.json()).toEqual({ status: 'error', message, data: null });
    return;
  }
  expect(res.json()).toEqual({ status: 'failed', error: { type: 'UNAUTHORIZED', code: '10401', message } });
  // Where Flutterwave documents the operation, the answer also fits its official 401 schema.
  if (hasOperation(route.key)) expectOperationResponse(route.key, 401, res.json());
}

function hasOperation(key: string): boolean {
  try {
    operation(key);
    return true;
  } catch {
    return false;
  }
}

describe('every route is classified', () => {
  it('the route table holds every operation /openapi.json lists', async () => {
    const known = new Set(routes.map((r) => r.key));
    const missing = (await openApiKeys(gw.app)).filter((key) => !known.has(key));
    expect(missing).toEqual([]);
    expect(authenticated.filter((r) => r.dialect === 'v3').length).toBeGreaterThan(15);
    expect(authenticated.filter((r) => r.dialect === 'v4').length).toBeGreaterThan(30);
  });

  it('each route is public with a reason, or authenticated with a fixture for its path id', () => {
    const unknown = routes.flatMap((r) => {
      const why = unclassified(r);
      return why === undefined ? [] : [`${r.key}: ${why}`];
    });
    expect(unknown).toEqual([]);
  });

  it('each listed route exists, so the lists cannot go stale', () => {
    const known = new Set(routes.map((r) => r.key));
    const listed = [...Object.keys(PUBLIC), ...Object.keys(ID_ROUTES), ...Object.keys(NOT_A_RESOURCE)];
    expect(listed.filter((key) => !known.has(key))).toEqual([]);
  });

  it('refuses a route it cannot classify', () => {
    const route = (over: Partial<Route>): Route => ({
      key: 'GET /widgets/{id}',
      method: 'GET',
      path: '/widgets/{id}',
      params: ['id'],
      dialect: 'v4',
      authenticated: true,
      ...over,
    });
    expect(unclassified(route({}))).toMatch(/no fixture/);
    expect(unclassified(route({ authenticated: false }))).toMatch(/listed as public/);
    expect(unclassified(route({ key: 'GET /health', path: '/health', params: [] }))).toMatch(/public/);
    expect(unclassified(route({ key: 'GET /widgets', path: '/widgets', params: [] }))).toBeUndefined();
  });
});

describe.each(authenticated)('$key', (route) => {
  const v4 = route.dialect === 'v4';

  it('answers 401 without credentials, in its dialect’s envelope', async () => {
    expect401(route, await request(route), v4 ? V4.none : V3.none);
  });

  it('answers 401 to wrong credentials of the right kind', async () => {
    // An access token whose signature is not ours; a secret key of the right shape that is no one's.
    const wrong = v4
      ? `Bearer ${merchant.token.slice(0, -8)}${randomBytes(6).toString('base64url')}`
      : `Bearer FLWSECK_TEST-${randomBytes(16).toString('hex')}-X`;
    expect401(route, await request(route, wrong), v4 ? V4.wrong : V3.wrong);
  });

  it('answers 401 to another authorization scheme', async () => {
    const message = v4 ? 'Unauthorized: the Authorization header must be Bearer <access token>' : V3.none;
    expect401(route, await request(route, 'Basic abc'), message);
  });

  it('answers 401 to the other API’s credential, naming it', async () => {
    const other = v4 ? v3Headers(merchant).authorization : merchant.headers.authorization;
    const message = v4
      ? /^Unauthorized: this looks like a v3 secret key \(FLWSECK…\), which is for the v3 API/
      : /^Invalid authorization key: this looks like a v4 access token, which is for the v4 API/;
    expect401(route, await request(route, other), expect.stringMatching(message));
  });

  if (v4) {
    it('answers 401 to an access token past its 600 s', async () => {
      expect401(route, await request(route, expired.headers.authorization), V4.expired);
    });
  }

  // The same request with valid credentials gets past authentication: the 401s above were the
  // credentials' doing. (An event stream with valid credentials would stay open: not asked here.)
  if (!route.path.endsWith('/stream')) {
    it('lets valid credentials through', async () => {
      const valid = v4 ? merchant.headers.authorization : v3Headers(merchant).authorization;
      expect((await request(route, valid)).statusCode).not.toBe(401);
    });
  }
});
