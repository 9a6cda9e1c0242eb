/**
 * The shared security suite, tenancy: for every authenticated route that takes a resource id in its
 * path, merchant A makes the resource and merchant B asks for it by id: B gets 404 in the dialect's
 * envelope, as for an id that does not exist, and A's own request with the same body is not a 404
 * (so the fixture is the resource the route names). Which routes: test/security/routes.ts.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestMerchant } from '../support/gateway.js';
import { v3Headers } from '../support/v3.js';
import { FIXTURES } from './fixtures.js';
import { fill, ID_ROUTES, routesOf, type Route } from './routes.js';

const gw = await startGateway();
const withIds = routesOf(gw.app).filter((r) => r.authenticated && r.key in ID_ROUTES);
let alice: TestMerchant;
let bob: TestMerchant;

beforeAll(async () => {
  alice = await gw.merchant('Alice Shop');
  bob = await gw.merchant('Bob Shop');
});
afterAll(() => gw.close());

const ask = (route: Route, id: string, who: TestMerchant): Promise<LightMyRequestResponse> => {
  const spec = ID_ROUTES[route.key];
  const body = spec?.body?.(who);
  return gw.app.inject({
    method: route.method as 'GET',
    url: fill(route.path, id, spec?.params),
    headers: route.dialect === 'v3' ? v3Headers(who) : who.headers,
    ...(body ? { payload: body } : {}),
  });
};

function expectNotFound(route: Route, res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBe(404);
  if (route.dialect === 'v3') {
    expect(res.json()).toEqual({ status: 'error', message: expect.any(String), data: null });
    return;
  }
  expect(res.json()).toEqual({
    status: 'failed',
    error: {
      type: expect.stringMatching(/NOT_FOUND$/),
      code: expect.stringMatching(/404$/),
      message: expect.any(String),
    },
  });
}

it('covers a route of each kind of path id', () => {
  expect(withIds.map((r) => r.key).sort()).toEqual(Object.keys(ID_ROUTES).sort());
});

describe.each(withIds)('$key', (route) => {
  it('answers 404 to another merchant for the caller’s resource, and not to its owner', async () => {
    const spec = ID_ROUTES[route.key];
    if (!spec) throw new Error(`no fixture for ${route.key}`);
    const id = await FIXTURES[spec.kind](gw, alice);
    expectNotFound(route, await ask(route, id, bob));
    const own = await ask(route, id, alice);
    expect(own.statusCode, own.body).not.toBe(404);
    expect(own.statusCode, own.body).toBeLessThan(500);
  });
});
