import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Card, v3Headers } from '../../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';
const PREAUTH_3DS_CARD = '5377283645077450';

let gw: TestGateway;
let m: TestMerchant;
let v3: Record<string, string>;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Hotel');
  v3 = v3Headers(m);
});
afterAll(() => gw.close());

interface Tx {
  readonly id: number;
  readonly tx_ref: string;
  readonly flw_ref: string;
  readonly status: string;
}

const charge = async (extra: Record<string, unknown> = {}, headers = v3) => {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers,
    payload: v3Card(NOAUTH_CARD, { preauthorize: true, ...extra }),
  });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const held = async (extra: Record<string, unknown> = {}): Promise<Tx> => (await charge(extra)).data;

const post = (flwRef: string, action: 'capture' | 'void' | 'refund', payload?: object, headers = v3) =>
  gw.app.inject({
    method: 'POST',
    url: `/v3/charges/${flwRef}/${action}`,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
const verify = async (id: number) =>
  (await gw.app.inject({ method: 'GET', url: `/v3/transactions/${id}/verify`, headers: v3 })).json().data;

/** The charge's events, oldest first, with the charge snapshot each carries. */
const eventsOf = async (txId: number) => {
  const { rows } = await gw.deps.db.query<{ type: string; data: { charge: Record<string, unknown> } }>(
    `SELECT e.type, e.data FROM events e JOIN charges c ON c.id = e.charge_id WHERE c.tx_id = $1 ORDER BY e.seq`,
    [txId],
  );
  return rows;
};

describe('POST /v3/charges?type=card with preauthorize', () => {
  it('holds the funds: the charge stays pending, approved and waiting for capture, with no event yet', async () => {
    const res = await charge();
    expect(res).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: { status: 'pending', processor_response: 'Approved. Pending capture', amount: 100 },
    });
    expect(await eventsOf(res.data.id)).toEqual([]);
  });
});

describe('POST /v3/charges/{flw_ref}/capture', () => {
  it('captures the whole hold when no amount is sent: the charge succeeds and writes charge.completed', async () => {
    const tx = await held();
    const res = await post(tx.flw_ref, 'capture');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'success',
      message: 'Charge captured',
      data: {
        id: tx.id,
        flw_ref: tx.flw_ref,
        status: 'successful',
        amount: 100,
        charged_amount: 100,
        app_fee: 1.51,
        processor_response: 'Approved by Financial Institution',
      },
    });
    expect(await verify(tx.id)).toMatchObject({ status: 'successful', amount: 100 });
    const events = await eventsOf(tx.id);
    expect(events.map((e) => e.type)).toEqual(['charge.completed']);
    expect(events[0]?.data.charge).toMatchObject({ status: 'succeeded', amount: 10000 });
  });

  it('captures part of the hold: the amount becomes what was captured and the fees follow it', async () => {
    const tx = await held();
    const res = await post(tx.flw_ref, 'capture', { amount: '60' });
    expect(res.json().data).toMatchObject({
      status: 'successful',
      amount: 60,
      charged_amount: 60,
      app_fee: 0.9, // 1.40 % of 60 = 0.84, plus 7.5 % VAT on it (0.06)
      amount_settled: 59.1,
    });
    expect(await verify(tx.id)).toMatchObject({ amount: 60, app_fee: 0.9 });
    const [event] = await eventsOf(tx.id);
    expect(event?.type).toBe('charge.completed');
    expect(event?.data.charge).toMatchObject({
      status: 'succeeded',
      amount: 6000,
      fees: [
        { type: 'vat', amount: 6 },
        { type: 'app', amount: 84 },
        { type: 'merchant', amount: 0 },
        { type: 'stamp_duty', amount: 0 },
      ],
    });
  });

  it('refuses to capture more than is held, and the hold stays capturable', async () => {
    const tx = await held();
    const res = await post(tx.flw_ref, 'capture', { amount: 100.01 });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      status: 'error',
      message: 'Capture amount is more than the amount held: NGN 100.00',
      data: null,
    });
    expect((await verify(tx.id)).status).toBe('pending');
    expect((await post(tx.flw_ref, 'capture', { amount: 100 })).json().data.status).toBe('successful');
  });

  it('refuses an amount that is not money, naming the field', async () => {
    const tx = await held();
    const res = await post(tx.flw_ref, 'capture', { amount: 'lots' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ status: 'error', message: 'amount must be a number', data: null });
  });

  it('captures a 3-D Secure pre-authorisation once the cardholder approved it on the sandbox page', async () => {
    const first = await charge({ card_number: PREAUTH_3DS_CARD });
    expect(first.meta.authorization.mode).toBe('redirect');
    const token = new URL(first.meta.authorization.redirect as string).searchParams.get('token') ?? '';
    const page = await gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, decision: 'approve' }).toString(),
    });
    expect(page.statusCode).toBe(303);
    const tx: Tx = first.data;
    expect(await verify(tx.id)).toMatchObject({
      status: 'pending',
      processor_response: 'Approved. Pending capture',
    });
    const captured = await post(tx.flw_ref, 'capture', { amount: 100 });
    expect(captured.json().data).toMatchObject({ status: 'successful', auth_model: 'VBVSECURECODE' });
  });
});

describe('POST /v3/charges/{flw_ref}/void', () => {
  it('releases the hold: the charge ends voided and writes charge.completed', async () => {
    const tx = await held();
    const res = await post(tx.flw_ref, 'void');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'success',
      message: 'Charge voided',
      data: { id: tx.id, status: 'voided', processor_response: 'Voided' },
    });
    const events = await eventsOf(tx.id);
    expect(events.map((e) => [e.type, e.data.charge['status']])).toEqual([['charge.completed', 'voided']]);
  });

  it('reads an empty body labelled JSON as no body, as HTTP clients send bodiless POSTs', async () => {
    const tx = await held();
    const res = await gw.app.inject({
      method: 'POST',
      url: `/v3/charges/${tx.flw_ref}/capture`,
      headers: { ...v3, 'content-type': 'application/json' },
      payload: '',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ status: 'successful', amount: 100 });
  });
});

describe('capture and void of a charge that holds nothing', () => {
  const refusal = (message: string) => ({ status: 'error', message, data: null });

  it('refuses to capture a voided charge, or to void it again', async () => {
    const tx = await held();
    await post(tx.flw_ref, 'void');
    const capture = await post(tx.flw_ref, 'capture');
    expect(capture.statusCode).toBe(400);
    expect(capture.json()).toEqual(
      refusal('Cannot capture this charge: it was voided and its hold released'),
    );
    expect((await post(tx.flw_ref, 'void')).json()).toEqual(
      refusal('Cannot void this charge: it was voided and its hold released'),
    );
  });

  it('refuses to void or capture again a charge already captured', async () => {
    const tx = await held();
    await post(tx.flw_ref, 'capture', { amount: 50 });
    const voided = await post(tx.flw_ref, 'void');
    expect(voided.statusCode).toBe(400);
    expect(voided.json()).toEqual(refusal('Cannot void this charge: it was already captured'));
    expect((await post(tx.flw_ref, 'capture')).json()).toEqual(
      refusal('Cannot capture this charge: it was already captured'),
    );
    expect((await verify(tx.id)).amount).toBe(50);
  });

  it('refuses to capture a charge that was not pre-authorised', async () => {
    const tx = await held({ preauthorize: false });
    expect(tx.status).toBe('successful');
    expect((await post(tx.flw_ref, 'capture')).json()).toEqual(
      refusal('Cannot capture this charge: it was not pre-authorised: its funds were taken at once'),
    );
  });

  it('refuses to capture a pre-authorisation the cardholder has not authorised yet', async () => {
    const tx: Tx = (await charge({ card_number: PREAUTH_3DS_CARD })).data;
    expect((await post(tx.flw_ref, 'capture')).json()).toEqual(
      refusal('Cannot capture this charge: it has not been authorised yet, so no funds are held'),
    );
  });
});

describe('POST /v3/charges/{flw_ref}/refund', () => {
  it('refunds a captured charge, in part then in full, answering the refund', async () => {
    const tx = await held();
    await post(tx.flw_ref, 'capture', { amount: 80 });
    const part = await post(tx.flw_ref, 'refund', { amount: 30 });
    expect(part.statusCode).toBe(200);
    expect(part.json()).toMatchObject({
      status: 'success',
      message: 'Charge refunded',
      data: { tx_id: tx.id, flw_ref: tx.flw_ref, amount_refunded: 30, status: 'completed' },
    });
    // The rest of what was captured (not of what was held) can still be refunded.
    const rest = await post(tx.flw_ref, 'refund');
    expect(rest.json().data.amount_refunded).toBe(50);
    const fetched = await gw.app.inject({
      method: 'GET',
      url: `/v3/refunds/${rest.json().data.id}`,
      headers: v3,
    });
    expect(fetched.json().data).toEqual(rest.json().data);
  });

  it('refuses to refund a hold that was not captured yet', async () => {
    const tx = await held();
    const res = await post(tx.flw_ref, 'refund', { amount: 10 });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(
      'Only successful transactions can be refunded; this one only holds pre-authorised funds: capture it first, or void it',
    );
  });
});

describe('unknown charges, other merchants and authentication', () => {
  it('answers 404 for an unknown flw_ref or another merchant’s, leaving that charge untouched', async () => {
    const tx = await held();
    const other = await gw.merchant('Other hotel');
    const otherKey = v3Headers(other);
    for (const action of ['capture', 'void', 'refund'] as const) {
      for (const [flwRef, headers] of [
        ['FLW-MOCK-00000000000000000000000000000000', v3],
        [tx.flw_ref, otherKey],
      ] as const) {
        const res = await post(flwRef, action, {}, headers);
        expect(res.statusCode, `${action} ${flwRef}`).toBe(404);
        expect(res.json()).toEqual({
          status: 'error',
          message: 'No transaction was found for this flw_ref',
          data: null,
        });
      }
    }
    expect((await verify(tx.id)).status).toBe('pending');
  });

  it('every pre-authorisation route answers 401 in the v3 envelope without a key', async () => {
    const tx = await held();
    for (const action of ['capture', 'void', 'refund'] as const) {
      const res = await gw.app.inject({
        method: 'POST',
        url: `/v3/charges/${tx.flw_ref}/${action}`,
        payload: {},
      });
      expect(res.statusCode, action).toBe(401);
      expect(res.json()).toEqual({ status: 'error', message: 'Authorization required', data: null });
    }
    expect((await verify(tx.id)).status).toBe('pending');
  });
});
