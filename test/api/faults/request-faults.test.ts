/**
 * Request faults named by X-Scenario-Key (docs/sandbox.md "Faults"), through each dialect on both
 * stores: what the client sees, and that an error fault writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { expectEnvelope, read, write, written, type DialectName } from './support.js';

const ERRORS = [
  ['fault:error_500', 500, 'INTERNAL_SERVER_ERROR', '10500'],
  ['fault:error_502', 502, 'BAD_GATEWAY', '10502'],
  ['fault:error_503', 503, 'SERVICE_UNAVAILABLE', '10503'],
  ['fault:rate_limited', 429, 'TOO_MANY_REQUESTS', '10429'],
] as const;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`request faults (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Faulty Stores');
    });
    afterAll(() => gw.close());

    for (const dialect of ['v4', 'v3'] as DialectName[]) {
      for (const [key, status, type, code] of ERRORS) {
        it(`${dialect}: ${key} answers ${status} in the dialect's envelope and writes nothing`, async () => {
          const before = await written(gw, m);
          const res = await write(gw, m, dialect, key);
          expect(res.statusCode).toBe(status);
          expectEnvelope(dialect, res.json(), type, code);
          if (status === 429 || status === 503) expect(res.headers['retry-after']).toBe('1');
          expect(await written(gw, m)).toBe(before);
          // A read is faulted the same way.
          expect((await read(gw, m, dialect, key)).statusCode).toBe(status);
        });
      }

      it(`${dialect}: a fault part beside scenario parts still faults, and the request without it succeeds`, async () => {
        const res = await write(gw, m, dialect, 'issuer:approved&fault:error_503');
        expect(res.statusCode).toBe(503);
        const ok = await write(gw, m, dialect, 'issuer:approved');
        expect(ok.statusCode).toBeLessThan(300);
      });

      it(`${dialect}: connection_reset ends the exchange without an answer and writes nothing`, async () => {
        const before = await written(gw, m);
        await expect(write(gw, m, dialect, 'fault:connection_reset')).rejects.toThrow(/destroyed/);
        expect(await written(gw, m)).toBe(before);
      });

      it(`${dialect}: fault:latency=<ms> answers normally, that much later`, async () => {
        const before = await written(gw, m);
        const started = Date.now();
        const res = await write(gw, m, dialect, 'fault:latency=300');
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
        expect(res.statusCode).toBeLessThan(300);
        expect(await written(gw, m)).toBe(before + 1);
      });

      it.each([
        ['fault:latency=30001', 'from 0 to 30000'],
        ['fault:latency', 'fault:latency=<ms>'],
        ['fault:latency=-5', 'fault:latency=<ms>'],
        ['fault:explode', 'unknown fault "explode"'],
        ['fault:error_500&fault:error_502', 'at most one fault'],
      ])(`${dialect}: %j is a 400 naming X-Scenario-Key`, async (key, message) => {
        const before = await written(gw, m);
        const res = await write(gw, m, dialect, key);
        expect(res.statusCode).toBe(400);
        const body = res.json();
        if (dialect === 'v4') {
          expect(body.error.validation_errors).toEqual([
            { field_name: 'X-Scenario-Key', message: expect.stringContaining(message) },
          ]);
        } else {
          expect(body).toEqual({ status: 'error', message: expect.stringContaining(message), data: null });
        }
        expect(await written(gw, m)).toBe(before);
      });
    }

    it('an unauthenticated request is never faulted: its 401 stays a 401', async () => {
      for (const url of ['/customers', '/v3/transactions']) {
        const res = await gw.app.inject({
          method: 'GET',
          url,
          headers: { authorization: 'Bearer nope', 'x-scenario-key': 'fault:error_500' },
        });
        expect(res.statusCode).toBe(401);
      }
    });

    it('the fault-profile routes are never faulted', async () => {
      const res = await gw.app.inject({
        method: 'GET',
        url: '/sandbox/faults',
        headers: { ...m.headers, 'x-scenario-key': 'fault:error_500' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.message).toBe('No fault profile is set');
    });
  });
}
