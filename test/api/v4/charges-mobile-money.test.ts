/**
 * v4 mobile-money charges end to end: the push prompt (answered by the sandbox controls or by the
 * sandbox's timer), the redirect page, the QR code, and every check of the wallet, currency and amount.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { decodeQr, storedQrPayload } from '../../support/qr.js';
import { directBody, driver, METHODS, ref } from './other-methods-support.js';

const WAIT_MS = 10_000;
const DIRECT = 'POST /orchestration/direct-charges';

let gw: TestGateway;
let m: TestMerchant;
const api = () => driver(gw, () => m);

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Accra Market');
});
afterAll(() => gw.close());

async function pushCharge(scenario?: string) {
  const body = directBody('ghana');
  expectValidRequest(DIRECT, body);
  const res = await api().direct(body, scenario);
  expect(res.statusCode, res.body).toBe(201);
  expectOperationResponse(DIRECT, 201, res.json());
  return res.json().data;
}

describe('mobile money: the push prompt (default)', () => {
  it('creates a pending charge telling the customer to authorise on their phone', async () => {
    const data = await pushCharge();
    expect(data).toMatchObject({
      amount: 200,
      currency: 'GHS',
      status: 'pending',
      next_action: {
        type: 'payment_instruction',
        payment_instruction: {
          note: 'Please authorise this payment on your phone: a prompt was sent to MTN +233 241234567',
        },
      },
      payment_method_details: {
        type: 'mobile_money',
        mobile_money: { network: 'MTN', country_code: '233', phone_number: '241234567' },
        customer_id: data.customer_id,
      },
    });
    expect(data).not.toHaveProperty('processor_response');
    expect(await api().events(data.id)).toEqual([]);
  });

  it('succeeds when the customer approves (sandbox control), writing one charge.completed', async () => {
    const { id } = await pushCharge();
    const res = await api().control(id, 'approve');
    expect(res.statusCode).toBe(200);
    expectOperationResponse('PUT /charges/{id}', 200, res.json());
    expect(res.json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(res.json().data).not.toHaveProperty('next_action');
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('fails with the scenario’s issuer when the customer approves but the issuer declines', async () => {
    const { id } = await pushCharge('issuer:insufficient_funds');
    const res = await api().control(id, 'approve');
    expect(res.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
  });

  it('fails with 05 when the customer declines, or with the decline the tester names', async () => {
    const plain = await pushCharge();
    expect((await api().control(plain.id, 'decline')).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
    const named = await pushCharge();
    const res = await api().control(named.id, 'decline', { issuer: 'exceeds_withdrawal_limit' });
    expectOperationResponse('PUT /charges/{id}', 200, res.json());
    expect(res.json().data.processor_response).toEqual({ type: 'exceeds_withdrawal_limit', code: '65' });
    expect(await api().events(named.id)).toEqual(['charge.completed']);
  });

  it('is completed by the sandbox when nobody answers: not before the wait, approved by default', async () => {
    const { id } = await pushCharge();
    gw.clock.advance(WAIT_MS - 1);
    await gw.runJobs();
    expect((await api().get(id)).json().data.status).toBe('pending');
    gw.clock.advance(2);
    expect(await gw.runJobs()).toBeGreaterThanOrEqual(1);
    const fetched = await api().get(id);
    expectOperationResponse('GET /charges/{id}', 200, fetched.json());
    expect(fetched.json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('is completed by the sandbox with the scenario’s issuer: issuer:insufficient_funds fails it', async () => {
    const { id } = await pushCharge('issuer:insufficient_funds');
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(id)).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('leaves a charge the customer already answered alone when its timer comes due', async () => {
    const { id } = await pushCharge();
    await api().control(id, 'decline');
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(id)).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('charges M-Pesa in Kenya the same way', async () => {
    const res = await api().direct(directBody('mpesa'));
    expectOperationResponse(DIRECT, 201, res.json());
    expect(res.json().data).toMatchObject({
      amount: 1500,
      currency: 'KES',
      next_action: {
        type: 'payment_instruction',
        payment_instruction: { note: expect.stringContaining('MPESA +254 712345678') },
      },
    });
  });

  it('leaves a charge whose scenario asks for a requery pending, with no timer', async () => {
    const data = await pushCharge('scenario:requery');
    expect(data).toMatchObject({ status: 'pending', next_action: { type: 'requires_requery' } });
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(data.id)).json().data.status).toBe('pending');
  });
});

describe('mobile money: the redirect page (scenario:auth_redirect)', () => {
  it('sends the customer to the sandbox page, which approves it', async () => {
    const data = await pushCharge('scenario:auth_redirect');
    expect(data).toMatchObject({ status: 'pending', next_action: { type: 'redirect_url' } });
    const url: string = data.next_action.redirect_url.url;
    expect(url).toMatch(
      /^http:\/\/baobab\.test\/sandbox\/redirects\?mobile_money&token=[\w-]+\.[\w-]+\.[\w-]+$/,
    );
    const page = await gw.app.inject({ method: 'GET', url: url.replace('http://baobab.test', '') });
    expect(page.statusCode).toBe(200);
    const done = await api().redirect(url);
    expect(done.statusCode).toBe(200);
    expectOperationResponse('PUT /redirect-sessions/charges', 200, done.json());
    expect(done.json().data).toMatchObject({ status: 'succeeded', processor_response: { code: '00' } });
    expect(await api().events(data.id)).toEqual(['charge.completed']);
  });

  it('fails with 05 when the customer declines on the page, and is not completed by the timer', async () => {
    const data = await pushCharge('scenario:auth_redirect&issuer:approved');
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(data.id)).json().data.status).toBe('pending');
    const done = await api().redirect(data.next_action.redirect_url.url, 'decline');
    expect(done.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });
});

describe('mobile money: paying by QR code (use_qr)', () => {
  it('shows a QR code image that scans to the charge’s EMVCo payload, and completes when approved', async () => {
    const body = directBody('ghanaQr');
    expectValidRequest(DIRECT, body);
    const res = await api().direct(body);
    expect(res.statusCode, res.body).toBe(201);
    expectOperationResponse(DIRECT, 201, res.json());
    const { data } = res.json();
    expect(data).toMatchObject({
      status: 'pending',
      next_action: { type: 'qr_code', qr_code: { image: expect.stringMatching(/^data:image\/png;base64,/) } },
      payment_method_details: { mobile_money: { network: 'VODAFONE', use_qr: true } },
    });
    const payload = await storedQrPayload(gw, { id: data.id });
    expect(payload).toMatch(/^000201/);
    expect(payload).toContain('MOMO.VODAFONE.GH');
    expect(payload).toContain('540575.50'); // tag 54, the amount: 75.50
    expect(payload).toContain('5303936'); // tag 53, the currency: GHS (936)
    expect(decodeQr(data.next_action.qr_code.image)).toBe(payload);
    // The same image each time the charge is read.
    expect((await api().get(data.id)).json().data.next_action).toEqual(data.next_action);
    expect((await api().control(data.id, 'approve')).json().data.status).toBe('succeeded');
  });

  it('shows a QR code for any wallet with scenario:qr', async () => {
    const data = await pushCharge('scenario:qr');
    expect(data.next_action.type).toBe('qr_code');
    expect(decodeQr(data.next_action.qr_code.image)).toBe(await storedQrPayload(gw, { id: data.id }));
  });
});

describe('mobile money: what the wallet, currency and amount must be', () => {
  const rejected = async (body: object, status: number) => {
    const res = await api().direct(body);
    expect(res.statusCode, res.body).toBe(status);
    expectOperationResponse(DIRECT, status, res.json());
    return res.json().error;
  };

  it('refuses a currency other than the wallet country’s, saying which one', async () => {
    const error = await rejected(directBody('ghana', { currency: 'NGN', amount: 5000 }), 400);
    expect(error).toEqual({
      type: 'CURRENCY_NOT_SUPPORTED',
      code: '1125400',
      message: 'Currency NGN is not supported for Ghana mobile money: use GHS',
      validation_errors: [
        { field_name: 'currency', message: 'Currency NGN is not supported for Ghana mobile money: use GHS' },
      ],
    });
    // A method spanning countries takes only the wallet's own currency (Côte d'Ivoire: XOF, not XAF).
    const ivorian = directBody('ghana', {
      currency: 'XAF',
      amount: 5000,
      payment_method: {
        type: 'mobile_money',
        mobile_money: { country_code: '225', network: 'orange', phone_number: '0701020304' },
      },
    });
    expect((await rejected(ivorian, 400)).message).toBe(
      'Currency XAF is not supported for mobile money (CI, +225): use XOF',
    );
  });

  it('refuses an amount below the method’s smallest', async () => {
    const error = await rejected(directBody('ghana', { amount: 0.5 }), 400);
    expect(error).toMatchObject({
      type: 'AMOUNT_BELOW_MINIMUM',
      code: '1130400',
      message: 'The smallest Ghana mobile money charge is GHS 1.00',
      validation_errors: [{ field_name: 'amount' }],
    });
  });

  it('refuses a country code without mobile money and a network the country does not have', async () => {
    const country = await rejected(
      directBody('ghana', {
        payment_method: {
          type: 'mobile_money',
          mobile_money: { country_code: '1', network: 'MTN', phone_number: '2025550123' },
        },
      }),
      400,
    );
    expect(country).toMatchObject({
      type: 'MOBILE_MONEY_COUNTRY_CODE_NOT_SUPPORTED',
      code: '1126400',
      message: expect.stringMatching(
        /^Mobile money country code 1 is not supported: use one of 233 \(GH\), /,
      ),
      validation_errors: [{ field_name: 'payment_method.mobile_money.country_code' }],
    });
    const network = await rejected(
      directBody('ghana', {
        payment_method: {
          type: 'mobile_money',
          mobile_money: { country_code: '233', network: 'MPESA', phone_number: '241234567' },
        },
      }),
      400,
    );
    expect(network).toMatchObject({
      type: 'MOBILE_MONEY_NETWORK_NOT_SUPPORTED',
      code: '1127400',
      message: 'Network MPESA is not supported for mobile money in GH: use MTN, VODAFONE, AIRTELTIGO',
      validation_errors: [{ field_name: 'payment_method.mobile_money.network' }],
    });
  });

  it('refuses a malformed wallet, naming each field', async () => {
    const res = await api().direct(
      directBody('ghana', {
        payment_method: {
          type: 'mobile_money',
          mobile_money: { country_code: '+233', network: 'MTN', phone_number: '024-123' },
        },
      }),
    );
    expect(res.statusCode).toBe(400);
    expectOperationResponse(DIRECT, 400, res.json());
    expect(
      res
        .json()
        .error.validation_errors.map((e: { field_name: string }) => e.field_name)
        .sort(),
    ).toEqual(['payment_method.mobile_money.country_code', 'payment_method.mobile_money.phone_number']);
    const missing = await api().direct(directBody('ghana', { payment_method: { type: 'mobile_money' } }));
    expect(missing.json().error.validation_errors).toEqual([
      { field_name: 'payment_method.mobile_money', message: 'payment_method.mobile_money is required' },
    ]);
  });

  it('refuses an up-front authorization: the customer completes a mobile-money charge', async () => {
    const error = await rejected(
      directBody('ghana', { authorization: { type: 'otp', otp: { code: '123456' } } }),
      400,
    );
    expect(error).toMatchObject({
      type: 'CHARGE_UPDATE_NOT_ALLOWED',
      code: '1112400',
      validation_errors: [
        {
          field_name: 'authorization',
          message:
            'authorization applies to card charges only: a mobile_money charge is completed by the customer, as its next_action says',
        },
      ],
    });
  });

  it('creates nothing when the wallet is refused', async () => {
    const email = `refused-${ref()}@example.com`;
    await rejected(directBody('ghana', { currency: 'NGN', customer: { email } }), 400);
    const search = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: m.headers,
      payload: { email },
    });
    expect(search.json().meta.page_info.total).toBe(0);
  });
});

describe('POST /charges with a saved wallet', () => {
  let customerId: string;
  let walletId: string;
  beforeAll(async () => {
    customerId = (
      await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: { email: 'kofi@example.com' },
      })
    ).json().data.id;
    const saved = await gw.app.inject({
      method: 'POST',
      url: '/payment-methods',
      headers: m.headers,
      payload: { ...METHODS.ghana, customer_id: customerId },
    });
    walletId = saved.json().data.id;
  });
  const charge = (extra: Record<string, unknown> = {}, scenario?: string) =>
    gw.app.inject({
      method: 'POST',
      url: '/charges',
      headers: { ...m.headers, ...(scenario ? { 'x-scenario-key': scenario } : {}) },
      payload: {
        amount: 120,
        currency: 'GHS',
        reference: ref('saved'),
        customer_id: customerId,
        payment_method_id: walletId,
        ...extra,
      },
    });

  it('prompts the phone, and the timer completes it', async () => {
    const body = {
      amount: 120,
      currency: 'GHS',
      reference: ref(),
      customer_id: customerId,
      payment_method_id: walletId,
    };
    expectValidRequest('POST /charges', body);
    const res = await charge();
    expect(res.statusCode, res.body).toBe(201);
    expectOperationResponse('POST /charges', 201, res.json());
    const { data } = res.json();
    expect(data).toMatchObject({
      status: 'pending',
      next_action: { type: 'payment_instruction' },
      payment_method_details: { id: walletId, type: 'mobile_money' },
    });
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(data.id)).json().data.status).toBe('succeeded');
    expect(await api().events(data.id)).toEqual(['charge.completed']);
  });

  it('ignores recurring: a wallet always needs its owner to approve', async () => {
    const res = await charge({ recurring: true });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      status: 'pending',
      next_action: { type: 'payment_instruction' },
    });
  });

  it('refuses a currency other than the wallet’s and an up-front authorization', async () => {
    const currency = await charge({ currency: 'KES' });
    expect(currency.statusCode).toBe(400);
    expectOperationResponse('POST /charges', 400, currency.json());
    expect(currency.json().error).toMatchObject({
      type: 'CURRENCY_NOT_SUPPORTED',
      message: 'Currency KES is not supported for Ghana mobile money: use GHS',
    });
    const upFront = await charge({ authorization: { type: 'otp', otp: { code: '123456' } } });
    expect(upFront.statusCode).toBe(400);
    expect(upFront.json().error).toMatchObject({
      type: 'CHARGE_UPDATE_NOT_ALLOWED',
      validation_errors: [{ field_name: 'authorization' }],
    });
  });

  it('refuses a PIN or OTP for a pending wallet charge, saying what it waits for', async () => {
    const { id } = (await charge()).json().data;
    const res = await gw.app.inject({
      method: 'PUT',
      url: `/charges/${id}`,
      headers: m.headers,
      payload: { authorization: { type: 'otp', otp: { code: '123456' } } },
    });
    expect(res.statusCode).toBe(400);
    expectOperationResponse('PUT /charges/{id}', 400, res.json());
    expect(res.json().error).toMatchObject({
      type: 'CHARGE_UPDATE_NOT_ALLOWED',
      message: `Charge ${id} is waiting for the customer to follow the payment instruction`,
    });
  });
});
