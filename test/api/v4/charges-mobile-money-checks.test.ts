/**
 * v4 mobile-money charges: every check of the wallet, currency and amount, and charges with a saved wallet (the
 * setup is in ./charges-mobile-money-support.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { directBody, METHODS, ref } from './other-methods-support.js';
import { WAIT_MS, DIRECT, gw, m, api } from './charges-mobile-money-support.js';

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
