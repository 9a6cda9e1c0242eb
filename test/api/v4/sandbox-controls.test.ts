/**
 * POST /sandbox/charges/{id}/approve|decline (v4): a tester answering, in the customer's place, a
 * charge that waits for the customer away from the merchant — and only such a charge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard } from '../../support/cards.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { directBody, driver } from './other-methods-support.js';

// The controls answer a charge as PUT /charges/{id} does: the same envelope and Charge object.
const SHAPE = 'PUT /charges/{id}';

let gw: TestGateway;
let m: TestMerchant;
const api = () => driver(gw, () => m);

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kumasi Crafts');
});
afterAll(() => gw.close());

const pending = async (method: 'ghana' | 'ussd' | 'opay' = 'ghana', scenario?: string) => {
  const res = await api().direct(directBody(method), scenario);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data as { id: string; status: string };
};

describe('POST /sandbox/charges/{id}/approve', () => {
  it('approves a waiting charge, with or without a body: the scenario’s issuer answers', async () => {
    const { id } = await pending();
    const res = await api().control(id, 'approve');
    expect(res.statusCode).toBe(200);
    expectOperationResponse(SHAPE, 200, res.json());
    expect(res.json()).toMatchObject({
      status: 'success',
      message: 'Charge updated',
      data: { id, status: 'succeeded', processor_response: { type: 'approved', code: '00' } },
    });
    const withBody = await pending('ussd', 'issuer:do_not_honor');
    const declinedByIssuer = await api().control(withBody.id, 'approve', {});
    expect(declinedByIssuer.json().data).toMatchObject({
      status: 'failed',
      processor_response: { code: '05' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
    expect(await api().events(withBody.id)).toEqual(['charge.completed']);
  });

  it('refuses a charge already final, once answered', async () => {
    const { id } = await pending();
    await api().control(id, 'approve');
    const again = await api().control(id, 'decline');
    expect(again.statusCode).toBe(400);
    expectOperationResponse(SHAPE, 400, again.json());
    expect(again.json().error).toMatchObject({
      type: 'CHARGE_FINALIZED',
      code: '1111400',
      message: `Charge ${id} is already succeeded`,
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('refuses a card charge waiting for its PIN, saying what it waits for', async () => {
    const card = await api().direct(
      {
        ...directBody('ghana'),
        amount: 100,
        currency: 'NGN',
        payment_method: {
          type: 'card',
          card: encryptCard(m.credentials.v4.encryption_key, {
            number: CARDS.mastercard,
            cvv: CVVS.mastercard,
          }),
        },
      },
      'scenario:auth_pin',
    );
    const { id } = card.json().data;
    const res = await api().control(id, 'approve');
    expect(res.statusCode).toBe(400);
    expectOperationResponse(SHAPE, 400, res.json());
    expect(res.json().error).toMatchObject({
      type: 'CHARGE_UPDATE_NOT_ALLOWED',
      code: '1112400',
      message: `Charge ${id} is waiting for the card PIN (authorization.type "pin")`,
    });
    expect((await api().get(id)).json().data.status).toBe('pending');
  });

  it('refuses a charge waiting on the sandbox page (OPay): the page answers it', async () => {
    const { id } = await pending('opay');
    const res = await api().control(id, 'approve');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      type: 'CHARGE_UPDATE_NOT_ALLOWED',
      message: expect.stringContaining(id),
    });
    expect((await api().get(id)).json().data.status).toBe('pending');
  });

  it('refuses a charge left pending for a requery (scenario:requery)', async () => {
    const { id } = await pending('ghana', 'scenario:requery');
    const res = await api().control(id, 'approve');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      type: 'CHARGE_UPDATE_NOT_ALLOWED',
      message: `Charge ${id} is waiting for nothing: its outcome is unknown, fetch it again later`,
    });
  });
});

describe('POST /sandbox/charges/{id}/decline', () => {
  it('declines with 05 by default, or with the issuer answer given', async () => {
    const plain = await pending();
    const res = await api().control(plain.id, 'decline');
    expectOperationResponse(SHAPE, 200, res.json());
    expect(res.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
    const named = await pending('ussd');
    const withIssuer = await api().control(named.id, 'decline', { issuer: 'insufficient_funds' });
    expect(withIssuer.statusCode).toBe(200);
    expect(withIssuer.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
    expect(await api().events(named.id)).toEqual(['charge.completed']);
  });

  it('refuses an issuer answer it does not know, or approval, naming `issuer`', async () => {
    const { id } = await pending();
    for (const issuer of ['card_melted', 'approved', 51]) {
      const res = await api().control(id, 'decline', { issuer });
      expect(res.statusCode).toBe(400);
      expectOperationResponse(SHAPE, 400, res.json());
      expect(res.json().error).toMatchObject({
        type: 'REQUEST_NOT_VALID',
        validation_errors: [{ field_name: 'issuer' }],
      });
    }
    expect((await api().get(id)).json().data.status).toBe('pending');
  });
});

describe('sandbox controls: who may use them', () => {
  it('require a token', async () => {
    const { id } = await pending();
    for (const decision of ['approve', 'decline']) {
      const res = await gw.app.inject({ method: 'POST', url: `/sandbox/charges/${id}/${decision}` });
      expect(res.statusCode).toBe(401);
      expectOperationResponse(SHAPE, 401, res.json());
    }
    expect((await api().get(id)).json().data.status).toBe('pending');
  });

  it('cannot reach another merchant’s charge, nor an unknown one', async () => {
    const { id } = await pending();
    const other = await gw.merchant('Nosy Neighbour');
    for (const decision of ['approve', 'decline'] as const) {
      const res = await api().control(id, decision, undefined, other);
      expect(res.statusCode).toBe(404);
      expectOperationResponse(SHAPE, 404, res.json());
      expect(res.json().error).toMatchObject({ type: 'CHARGE_NOT_FOUND', code: '1110404' });
    }
    expect((await api().control('chg_0000000000', 'approve')).statusCode).toBe(404);
    expect((await api().get(id)).json().data.status).toBe('pending');
  });
});
