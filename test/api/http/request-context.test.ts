/**
 * The per-request context (src/api/http/request-context.ts), through the public API: one
 * X-Scenario-Key parser with its 1000-character limit on every route that reads the header, in
 * either dialect (the v3 charges used to read it unchecked), and the merchant profile read at most
 * once per request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_KEY_MAX_LENGTH } from '../../../src/domain/scenario.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { uniqueRef, v3Card, v3Headers } from '../../support/v3.js';
import { body as v3MethodBody } from '../v3/method-charges-support.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Context Shop');
});
afterAll(() => gw.close());

const NOAUTH_CARD = '5061460410120223210';
const tooLong = `issuer:${'a'.repeat(SCENARIO_KEY_MAX_LENGTH)}`;
const atLimit = `issuer:${'a'.repeat(SCENARIO_KEY_MAX_LENGTH - 'issuer:'.length)}`;
const MESSAGE = `X-Scenario-Key must be at most ${SCENARIO_KEY_MAX_LENGTH} characters`;

const v3Charge = (type: string, payload: object, scenario?: string) =>
  gw.app.inject({
    method: 'POST',
    url: `/v3/charges?type=${type}`,
    headers: { ...v3Headers(m), ...(scenario === undefined ? {} : { 'x-scenario-key': scenario }) },
    payload,
  });

const verifyByRef = (ref: string) =>
  gw.app.inject({
    method: 'GET',
    url: `/v3/transactions/verify_by_reference?tx_ref=${ref}`,
    headers: v3Headers(m),
  });

describe('X-Scenario-Key', () => {
  it('a v3 card charge refuses a key over the limit, naming the header, and makes no charge', async () => {
    const payload = v3Card(NOAUTH_CARD);
    const res = await v3Charge('card', payload, tooLong);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ status: 'error', message: MESSAGE, data: null });
    expect((await verifyByRef(payload.tx_ref)).statusCode).toBe(404);
  });

  it('a v3 mobile-money charge refuses it the same way', async () => {
    const payload = v3MethodBody('mobile_money_ghana');
    const res = await v3Charge('mobile_money_ghana', payload, tooLong);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ status: 'error', message: MESSAGE, data: null });
    expect((await verifyByRef(payload.tx_ref)).statusCode).toBe(404);
  });

  it('a v4 direct charge refuses it in the v4 envelope', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/orchestration/direct-charges',
      headers: { ...m.headers, 'x-scenario-key': tooLong },
      payload: {
        amount: 200,
        currency: 'GHS',
        reference: uniqueRef('ctx'),
        customer: { email: 'ama@example.com', name: { first: 'Ama', last: 'Mensah' } },
        payment_method: {
          type: 'mobile_money',
          mobile_money: { country_code: '233', network: 'MTN', phone_number: '241234567' },
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors).toEqual([{ field_name: 'X-Scenario-Key', message: MESSAGE }]);
  });

  it('takes a key at the limit: a malformed one then marks the charge as any malformed key does', async () => {
    const payload = v3Card(NOAUTH_CARD);
    const res = await v3Charge('card', payload, atLimit);
    expect(res.statusCode, res.body).not.toBe(400);
  });

  it('a blank key is no key: the test card decides', async () => {
    const res = await v3Charge('card', v3Card(NOAUTH_CARD), '');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.status).toBe('successful');
  });
});

describe('the merchant profile', () => {
  it('is read at most once per request, however many steps of the handler need it', async () => {
    const profiles = gw.deps.profiles;
    const original = profiles.get.bind(profiles);
    let reads = 0;
    profiles.get = (merchantId, fresh) => {
      reads += 1;
      return original(merchantId, fresh);
    };
    try {
      for (const send of [
        () => v3Charge('card', v3Card(NOAUTH_CARD)),
        () => v3Charge('mobile_money_ghana', v3MethodBody('mobile_money_ghana')),
      ]) {
        reads = 0;
        const res = await send();
        expect(res.statusCode, res.body).toBe(200);
        expect(reads).toBe(1);
      }
    } finally {
      profiles.get = original;
    }
  });
});
