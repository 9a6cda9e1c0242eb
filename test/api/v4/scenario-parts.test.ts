/**
 * Scenario keys written for other payment methods never strand a v4 charge: the part that does not
 * apply to the method is ignored and the `issuer:` part decides (mobile money with `scenario:auth_pin`,
 * USSD and virtual accounts with `scenario:auth_redirect`, which one PHP SDK sends on every call). Only
 * `scenario:requery` — or a key that is no scenario at all — leaves a charge pending for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { directBody, driver, type METHODS } from './other-methods-support.js';

const WAIT_MS = 10_000;

let gw: TestGateway;
let m: TestMerchant;
const api = () => driver(gw, () => m);

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('SDK Shop');
});
afterAll(() => gw.close());

async function created(method: keyof typeof METHODS, scenario: string) {
  const res = await api().direct(directBody(method), scenario);
  expect(res.statusCode, res.body).toBe(201);
  expectOperationResponse('POST /orchestration/direct-charges', 201, res.json());
  return res.json().data as { id: string; status: string; next_action: { type: string } };
}
const fetched = async (id: string) => (await api().get(id)).json().data;
const timersRun = async () => {
  gw.clock.advance(WAIT_MS + 1);
  await gw.runJobs();
};

describe('v4 charges under a scenario key of another method', () => {
  it('mobile money with scenario:auth_pin prompts the phone; the timer completes it by the issuer', async () => {
    const approved = await created('mpesa', 'scenario:auth_pin');
    const declined = await created('mpesa', 'scenario:auth_pin&issuer:insufficient_funds');
    for (const c of [approved, declined]) {
      expect(c).toMatchObject({ status: 'pending', next_action: { type: 'payment_instruction' } });
    }
    await timersRun();
    expect(await fetched(approved.id)).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(await fetched(declined.id)).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
  });

  it('USSD with scenario:auth_redirect shows its code; the customer’s confirmation lets the issuer answer', async () => {
    const approved = await created('ussd', 'scenario:auth_redirect');
    const declined = await created('ussd', 'scenario:auth_redirect&issuer:do_not_honor');
    expect(approved.next_action.type).toBe('payment_instruction');
    expect((await api().control(approved.id, 'approve')).json().data.status).toBe('succeeded');
    expect((await api().control(declined.id, 'approve')).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });

  it('a virtual account opened with scenario:auth_redirect takes transfers, answered by its issuer', async () => {
    const customer = (
      await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: { email: 'ada@example.com' },
      })
    ).json().data.id as string;
    const open = async (scenario: string) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/virtual-accounts',
        headers: { ...m.headers, 'x-scenario-key': scenario },
        payload: {
          reference: `va-${scenario.length}-${Date.now().toString(36)}`,
          customer_id: customer,
          amount: 1500,
          currency: 'NGN',
          account_type: 'dynamic',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data.id as string;
    };
    const transfer = async (id: string) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: `/sandbox/virtual-accounts/${id}/transfers`,
        headers: m.headers,
        payload: { amount: 1500 },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data;
    };
    expect(await transfer(await open('scenario:auth_redirect'))).toMatchObject({ status: 'succeeded' });
    expect(await transfer(await open('scenario:auth_redirect&issuer:failed'))).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });

  it('stays pending for good when the key asks for a requery: no timer, no control', async () => {
    for (const method of ['mpesa', 'ussd'] as const) {
      const c = await created(method, 'scenario:requery');
      expect(c).toMatchObject({ status: 'pending', next_action: { type: 'requires_requery' } });
      await timersRun();
      expect((await fetched(c.id)).status).toBe('pending');
      expect((await api().control(c.id, 'approve')).statusCode).toBe(400);
    }
  });
});
