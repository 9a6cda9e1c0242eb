/**
 * The sandbox clock per merchant (docs/sandbox.md "Time"), through both dialects: GET, freeze,
 * unfreeze and advance, each merchant's own, never moving backwards, and bad advances refused with a
 * 400 naming the field. Timers on the clock are in sandbox-clock-timers.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { expectOperationResponse } from '../support/operations.js';
import { STORES } from '../support/stores.js';
import { v3Headers } from '../support/v3.js';

interface ClockData {
  now: string;
  frozen: boolean;
  offset_seconds: number;
}

const HOUR = 3_600_000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`sandbox clock (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Clockwork Traders');
    });
    afterAll(() => gw.close());

    const v4 = (method: 'GET' | 'POST', path: string, payload?: object, who = m) =>
      gw.app.inject({
        method,
        url: `/sandbox/clock${path}`,
        headers: who.headers,
        ...(payload && { payload }),
      });
    const v3 = (method: 'GET' | 'POST', path: string, payload?: object, who = m) =>
      gw.app.inject({
        method,
        url: `/v3/sandbox/clock${path}`,
        headers: v3Headers(who),
        ...(payload && { payload }),
      });
    const clockOf = async (who = m): Promise<ClockData> => {
      const res = await v4('GET', '', undefined, who);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: ClockData }>().data;
    };

    it('runs on real time until it is touched', async () => {
      const res = await v4('GET', '');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'success',
        message: 'Clock fetched',
        data: { now: gw.clock.now().toISOString(), frozen: false, offset_seconds: 0 },
      });
      gw.clock.advance(1_500);
      expect((await clockOf()).now).toBe(gw.clock.now().toISOString());
    });

    it('freezes: the merchant’s time stands still while real time goes on, and resumes from there', async () => {
      const at = gw.clock.now();
      const frozen = await v4('POST', '/freeze');
      expect(frozen.statusCode, frozen.body).toBe(200);
      expect(frozen.json()).toMatchObject({
        status: 'success',
        message: 'Clock frozen',
        data: { now: at.toISOString(), frozen: true, offset_seconds: 0 },
      });
      gw.clock.advance(90_000);
      expect(await clockOf()).toEqual({ now: at.toISOString(), frozen: true, offset_seconds: -90 });
      // Freezing again changes nothing.
      expect((await v4('POST', '/freeze')).json().data.now).toBe(at.toISOString());

      const unfrozen = await v4('POST', '/unfreeze');
      expect(unfrozen.json()).toMatchObject({
        message: 'Clock unfrozen',
        data: { now: at.toISOString(), frozen: false, offset_seconds: -90 },
      });
      gw.clock.advance(10_000);
      expect(await clockOf()).toEqual({
        now: new Date(at.getTime() + 10_000).toISOString(),
        frozen: false,
        offset_seconds: -90,
      });
      await v4('POST', '/unfreeze');
      expect((await clockOf()).offset_seconds).toBe(-90);
    });

    it('advances by seconds or to an instant, frozen or running, and reports the clock', async () => {
      const start = new Date((await clockOf()).now);
      const bySeconds = await v4('POST', '/advance', { seconds: 3600 });
      expect(bySeconds.statusCode, bySeconds.body).toBe(200);
      expect(bySeconds.json()).toEqual({
        status: 'success',
        message: 'Clock advanced',
        data: {
          now: new Date(start.getTime() + HOUR).toISOString(),
          frozen: false,
          offset_seconds: 3600 - 90,
          fired: [],
        },
      });
      await v4('POST', '/freeze');
      const to = new Date(start.getTime() + 26 * HOUR);
      const toInstant = await v4('POST', '/advance', { to: to.toISOString().replace('Z', '+00:00') });
      expect(toInstant.json().data).toMatchObject({ now: to.toISOString(), frozen: true });
      // Another zone, the same instant: nothing moves. 0 seconds is allowed too.
      const inZone = new Date(to.getTime() + 2 * HOUR).toISOString().replace('Z', '+02:00');
      const again = await v4('POST', '/advance', { to: inZone });
      expect(again.statusCode, again.body).toBe(200);
      expect((await v4('POST', '/advance', { seconds: 0 })).json().data.now).toBe(to.toISOString());
      expect((await v4('POST', '/advance', { seconds: 0.25 })).json().data.now).toBe(
        new Date(to.getTime() + 250).toISOString(),
      );
      await v4('POST', '/unfreeze');
    });

    it('refuses an advance that is missing, doubled, negative, malformed or in the past, naming the field', async () => {
      const before = await clockOf();
      const cases: [object | undefined, string][] = [
        [undefined, 'seconds'],
        [{}, 'seconds'],
        [{ seconds: 10, to: '2030-01-01T00:00:00Z' }, 'to'],
        [{ seconds: -1 }, 'seconds'],
        [{ seconds: '60' }, 'seconds'],
        [{ seconds: 1e12 }, 'seconds'],
        [{ to: 'tomorrow' }, 'to'],
        [{ to: '2027-01-01' }, 'to'],
        [{ to: '2027-01-01T00:00:00' }, 'to'],
        [{ to: 7 }, 'to'],
        [{ to: '2020-01-01T00:00:00Z' }, 'to'],
        [{ minutes: 5 }, 'minutes'],
      ];
      for (const [body, field] of cases) {
        const res = await v4('POST', '/advance', body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expectOperationResponse('POST /charges', 400, res.json());
        expect(res.json().status).toBe('failed');
        expect(
          res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name),
          JSON.stringify(body),
        ).toContain(field);
        const old = await v3('POST', '/advance', body);
        expect(old.statusCode, JSON.stringify(body)).toBe(400);
        expect(old.json()).toMatchObject({ status: 'error', data: null });
        expect(old.json().message, JSON.stringify(body)).toContain(field);
      }
      const past = await v4('POST', '/advance', { to: '2020-01-01T00:00:00Z' });
      expect(past.json().error.message).toContain('never moves backwards');
      const after = await clockOf();
      expect(after.now).toBe(before.now);
      expect(after.frozen).toBe(before.frozen);
    });

    it('speaks v3 too, on the same clock', async () => {
      const { now: v4Now, offset_seconds: offset } = await clockOf();
      const read = await v3('GET', '');
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({
        status: 'success',
        message: 'Clock fetched',
        data: { now: v4Now, frozen: false, offset_seconds: offset },
      });
      const frozen = await v3('POST', '/freeze');
      expect(frozen.json()).toMatchObject({
        status: 'success',
        message: 'Clock frozen',
        data: { frozen: true },
      });
      const moved = await v3('POST', '/advance', { seconds: 60 });
      expect(moved.json()).toEqual({
        status: 'success',
        message: 'Clock advanced',
        data: {
          now: new Date(Date.parse(v4Now) + 60_000).toISOString(),
          frozen: true,
          offset_seconds: offset + 60,
          fired: [],
        },
      });
      expect((await clockOf()).now).toBe(moved.json().data.now);
      const unfrozen = await v3('POST', '/unfreeze');
      expect(unfrozen.json()).toMatchObject({ message: 'Clock unfrozen', data: { frozen: false } });
    });

    it('is each merchant’s own', async () => {
      const other = await gw.merchant('Real Time Ltd');
      await v4('POST', '/advance', { seconds: 86_400 });
      expect(await clockOf(other)).toEqual({
        now: gw.clock.now().toISOString(),
        frozen: false,
        offset_seconds: 0,
      });
      expect((await clockOf()).offset_seconds).toBeGreaterThan(86_000);
    });

    it('is listed in /openapi.json, in both dialects', async () => {
      const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
        paths: Record<string, Record<string, { security?: unknown }>>;
      }>();
      for (const prefix of ['', '/v3']) {
        expect(doc.paths[`${prefix}/sandbox/clock`]?.['get']).toBeDefined();
        for (const action of ['freeze', 'unfreeze', 'advance']) {
          expect(
            doc.paths[`${prefix}/sandbox/clock/${action}`]?.['post'],
            `${prefix} ${action}`,
          ).toBeDefined();
        }
      }
      expect(doc.paths['/sandbox/clock/advance']?.['post']?.security).toEqual([{ bearer: [] }]);
    });
  });
}
