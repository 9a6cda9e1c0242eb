/**
 * The sandbox fault profile (docs/sandbox.md "Faults"): PUT/GET/DELETE in both dialects, the draw is
 * fixed by the seed (the same sequence every run), merchants' profiles are their own, and bad input is
 * a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { v3Headers } from '../../support/v3.js';
import { drawFault } from '../../../src/domain/faults.js';
import { read, written } from './support.js';

const RATES = { error_500: 0.2, error_503: 0.2, rate_limited: 0.1 };
const STATUS: Partial<Record<string, number>> = { error_500: 500, error_503: 503, rate_limited: 429 };

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`sandbox fault profiles (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Profiled Stores');
    });
    afterAll(() => gw.close());

    const put = (who: TestMerchant, payload: object, dialect: 'v4' | 'v3' = 'v4') =>
      gw.app.inject({
        method: 'PUT',
        url: dialect === 'v4' ? '/sandbox/faults' : '/v3/sandbox/faults',
        headers: dialect === 'v4' ? who.headers : v3Headers(who),
        payload,
      });
    const statuses = async (who: TestMerchant, n: number): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await read(gw, who, 'v4')).statusCode);
      return out;
    };

    it('the same seed gives the same sequence of faults, as drawn for the n-th request', async () => {
      expect((await put(m, { seed: 42, rates: RATES })).json()).toEqual({
        status: 'success',
        message: 'Fault profile set',
        data: { seed: 42, rates: RATES, latency_ms: 1000, requests: 0 },
      });
      const first = await statuses(m, 30);
      const expected = Array.from({ length: 30 }, (_, i) => {
        const fault = drawFault({ seed: 42, rates: RATES, latencyMs: 1000 }, i + 1);
        return fault === undefined ? 200 : (STATUS[fault.kind] ?? 0);
      });
      expect(first).toEqual(expected);
      expect(new Set(first)).toEqual(new Set([200, 500, 503, 429]));
      // Setting it again starts the count again: the run repeats.
      await put(m, { seed: 42, rates: RATES });
      expect(await statuses(m, 30)).toEqual(first);
      // Another seed, another run.
      await put(m, { seed: 7, rates: RATES });
      expect(await statuses(m, 30)).not.toEqual(first);
      const got = await gw.app.inject({ method: 'GET', url: '/sandbox/faults', headers: m.headers });
      expect(got.json().data).toEqual({ seed: 7, rates: RATES, latency_ms: 1000, requests: 30 });
    });

    it('a header fault wins over the profile and is not counted against it', async () => {
      await put(m, { seed: 1, rates: { error_502: 1 } });
      expect((await read(gw, m, 'v4', 'fault:error_503')).statusCode).toBe(503);
      expect((await read(gw, m, 'v4')).statusCode).toBe(502);
      const got = await gw.app.inject({ method: 'GET', url: '/v3/sandbox/faults', headers: v3Headers(m) });
      expect(got.json()).toMatchObject({ status: 'success', data: { seed: 1, requests: 1 } });
    });

    it('a profile at rate 1 faults every write, which then writes nothing, and is cleared by DELETE', async () => {
      await put(m, { seed: 3, rates: { error_500: 1 } }, 'v3');
      const before = await written(gw, m);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: { email: 'never@example.com' },
      });
      expect(res.statusCode).toBe(500);
      expect(await written(gw, m)).toBe(before);
      const del = await gw.app.inject({ method: 'DELETE', url: '/sandbox/faults', headers: m.headers });
      expect(del.json()).toEqual({ status: 'success', message: 'Fault profile deleted', data: null });
      expect((await read(gw, m, 'v4')).statusCode).toBe(200);
      const again = await gw.app.inject({
        method: 'DELETE',
        url: '/v3/sandbox/faults',
        headers: v3Headers(m),
      });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toEqual({ status: 'error', message: 'No fault profile is set', data: null });
    });

    it("one merchant's profile never touches another's requests, nor can it be read by them", async () => {
      const other = await gw.merchant('Bystander');
      await put(m, { seed: 9, rates: { error_503: 1 } });
      expect(await statuses(other, 5)).toEqual([200, 200, 200, 200, 200]);
      const got = await gw.app.inject({ method: 'GET', url: '/sandbox/faults', headers: other.headers });
      expect(got.statusCode).toBe(404);
      await gw.app.inject({ method: 'DELETE', url: '/sandbox/faults', headers: other.headers });
      expect((await read(gw, m, 'v4')).statusCode).toBe(503);
      await gw.app.inject({ method: 'DELETE', url: '/sandbox/faults', headers: m.headers });
    });

    it.each([
      [{ seed: 1, rates: { error_500: 0.7, error_502: 0.5 } }, 'rates', 'add up to at most 1'],
      [{ seed: 1, rates: { error_500: 1.5 } }, 'rates.error_500', ''],
      [{ seed: 1, rates: { explode: 0.1 } }, 'rates', ''],
      [{ seed: -1, rates: {} }, 'seed', ''],
      [{ seed: 1, rates: {}, latency_ms: 30_001 }, 'latency_ms', ''],
      [{ rates: {} }, 'seed', ''],
    ])('PUT %j is a 400 naming %s', async (payload, field, message) => {
      const res = await put(m, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.validation_errors).toEqual(
        expect.arrayContaining([
          { field_name: expect.stringContaining(field), message: expect.stringContaining(message) },
        ]),
      );
      const v3 = await put(m, payload, 'v3');
      expect(v3.statusCode).toBe(400);
      expect(v3.json()).toMatchObject({ status: 'error', data: null });
    });

    it('the profile routes need credentials', async () => {
      for (const url of ['/sandbox/faults', '/v3/sandbox/faults']) {
        const res = await gw.app.inject({ method: 'PUT', url, payload: { seed: 1, rates: {} } });
        expect(res.statusCode).toBe(401);
      }
    });
  });
}
