/**
 * Scenario keys written for other payment methods never strand a v3 charge: one PHP SDK sends
 * `scenario:auth_redirect` on every call. The part that does not apply is ignored and the `issuer:`
 * part decides; only `scenario:requery` (or a key that is no scenario at all) stays pending for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS } from '../../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Card, v3Headers } from '../../support/v3.js';
import { api, body, type ChargeType } from './method-charges-support.js';

let gw: TestGateway;
let m: TestMerchant;
let v3: ReturnType<typeof api>;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('PHP Shop');
  v3 = api(gw, () => m);
});
afterAll(() => gw.close());

const create = async (type: ChargeType, scenario: string) => {
  const payload = body(type);
  const res = await v3.charge(type, payload, { 'x-scenario-key': scenario });
  expect(res.statusCode, res.body).toBe(200);
  const tx = (await v3.verifyByRef(payload.tx_ref)).json().data as { id: number; status: string };
  return { reply: res.json(), tx };
};
const statusOf = async (id: number) => (await v3.verify(id)).json().data;

describe('v3 charges under a scenario key of another method', () => {
  it('USSD with scenario:auth_redirect shows its code, and the timer completes it by the issuer', async () => {
    const approved = await create('ussd', 'scenario:auth_redirect');
    const declined = await create('ussd', 'scenario:auth_redirect&issuer:insufficient_funds');
    expect(approved.reply.meta.authorization.mode).toBe('ussd');
    expect(approved.tx.status).toBe('pending');
    await v3.wait();
    expect((await statusOf(approved.tx.id)).status).toBe('successful');
    expect(await statusOf(declined.tx.id)).toMatchObject({
      status: 'failed',
      processor_response: 'Insufficient funds',
    });
  });

  it('M-Pesa with scenario:auth_pin prompts the phone, and the issuer decides', async () => {
    const approved = await create('mpesa', 'scenario:auth_pin');
    const declined = await create('mpesa', 'scenario:auth_pin&issuer:do_not_honor');
    expect(approved.tx.status).toBe('pending');
    expect((await v3.control(approved.tx.id, 'approve')).json().data.status).toBe('successful');
    await v3.wait();
    expect(await statusOf(declined.tx.id)).toMatchObject({
      status: 'failed',
      processor_response: 'Do not honor',
    });
  });

  it('a bank transfer with scenario:auth_redirect is paid, and issuer:failed fails it', async () => {
    const paid = await create('bank_transfer', 'scenario:auth_redirect');
    const failing = await create('bank_transfer', 'scenario:auth_redirect&issuer:failed');
    for (const { reply } of [paid, failing]) {
      expect(reply.meta.authorization.mode).toBe('banktransfer');
      expect((await v3.transfer(reply.meta.authorization.transfer_account, 1500)).statusCode).toBe(200);
    }
    expect((await statusOf(paid.tx.id)).status).toBe('successful');
    expect((await statusOf(failing.tx.id)).status).toBe('failed');
  });

  it('a card with scenario:auth_redirect needs no authentication: the issuer answers at once', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: { ...v3Headers(m), 'x-scenario-key': 'scenario:auth_redirect&issuer:insufficient_funds' },
      payload: v3Card(CARDS.visa),
    });
    expect(res.json().data).toMatchObject({ status: 'failed', processor_response: 'Insufficient funds' });
  });

  it('stays pending for good only when the key asks for a requery', async () => {
    const { tx } = await create('ussd', 'scenario:requery');
    await v3.wait();
    expect((await statusOf(tx.id)).status).toBe('pending');
    expect((await v3.control(tx.id, 'approve')).statusCode).toBe(400);
  });
});
