/**
 * POST /payment-methods for every v4 type but card (card: payment-methods.test.ts), and how v4 shows
 * the payment methods only v3 can charge (NIBSS QR, 1Voucher, eNaira, Fawry, bank transfers, UK/EU
 * and ACH bank accounts) when a v4 client reads them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentMethod, type PlainDetails } from '../../../src/flows/charges/payment-methods.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { METHODS } from './other-methods-support.js';

const CREATE = 'POST /payment-methods';

let gw: TestGateway;
let m: TestMerchant;
let customerId: string;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Lagos Goods');
  customerId = (
    await gw.app.inject({
      method: 'POST',
      url: '/customers',
      headers: m.headers,
      payload: { email: 'ngozi@example.com' },
    })
  ).json().data.id;
});
afterAll(() => gw.close());

const save = (payload: object, headers: Record<string, string> = {}, who: TestMerchant = m) =>
  gw.app.inject({
    method: 'POST',
    url: '/payment-methods',
    headers: { ...who.headers, ...headers },
    payload,
  });

async function saved(payload: object) {
  expectValidRequest(CREATE, payload);
  const res = await save(payload);
  expect(res.statusCode, res.body).toBe(201);
  expectOperationResponse(CREATE, 201, res.json());
  expect(res.json().message).toBe('Payment method created');
  return res.json().data;
}

async function refused(payload: object) {
  const res = await save(payload);
  expect(res.statusCode, res.body).toBe(400);
  expectOperationResponse(CREATE, 400, res.json());
  return res.json().error;
}

describe('POST /payment-methods: every v4 type', () => {
  it('saves a mobile-money wallet, the network in upper case as the reference data names it', async () => {
    const data = await saved({
      type: 'mobile_money',
      mobile_money: { country_code: '256', network: 'airtel', phone_number: '772123456' },
      customer_id: customerId,
      meta: { order: '42' },
    });
    expect(data).toEqual({
      id: expect.stringMatching(/^pmd_[A-Za-z0-9]{10}$/),
      type: 'mobile_money',
      mobile_money: { network: 'AIRTEL', country_code: '256', phone_number: '772123456' },
      customer_id: customerId,
      meta: { order: '42' },
      created_datetime: expect.any(String),
    });
    const fetched = await gw.app.inject({
      method: 'GET',
      url: `/payment-methods/${data.id}`,
      headers: m.headers,
    });
    expectOperationResponse('GET /payment-methods/{id}', 200, fetched.json());
    expect(fetched.json().data).toEqual(data);
  });

  it('keeps use_qr on a wallet that pays by QR code', async () => {
    const data = await saved(METHODS.ghanaQr);
    expect(data.mobile_money).toEqual({
      network: 'VODAFONE',
      country_code: '233',
      phone_number: '201234567',
      use_qr: true,
    });
  });

  it('saves a USSD bank, OPay, Apple Pay, Google Pay and a Pay with Bank account', async () => {
    expect((await saved(METHODS.ussd)).ussd).toEqual({ account_bank: '058' });
    const opay = await saved({ type: 'opay' });
    expect(opay).toMatchObject({ type: 'opay', opay: {} });
    expect((await saved(METHODS.applepay)).applepay).toEqual({ card_holder_name: 'Ada Lovelace' });
    expect((await saved({ type: 'googlepay', googlepay: {} })).googlepay).toEqual({});
    const bank = await saved({ type: 'bank_account' });
    expect(bank).toMatchObject({ type: 'bank_account', bank_account: {} });
    const list = await gw.app.inject({ method: 'GET', url: '/payment-methods?size=50', headers: m.headers });
    expectOperationResponse('GET /payment-methods', 200, list.json());
    expect(list.json().data.map((pm: { type: string }) => pm.type)).toEqual(
      expect.arrayContaining(['ussd', 'opay', 'applepay', 'googlepay', 'bank_account']),
    );
  });

  it('is idempotent under X-Idempotency-Key', async () => {
    const headers = { 'x-idempotency-key': `wallet-key-${Date.now()}` };
    const a = await save(METHODS.ghana, headers);
    const b = await save(METHODS.ghana, headers);
    expect(a.statusCode).toBe(201);
    expect(b.headers['x-idempotency-cache-hit']).toBe('true');
    expect(b.body).toBe(a.body);
  });
});

describe('POST /payment-methods: what each type must be', () => {
  it('refuses a country code without mobile money, listing those with it', async () => {
    const error = await refused({
      type: 'mobile_money',
      mobile_money: { country_code: '44', network: 'EE', phone_number: '7700900123' },
    });
    expect(error).toMatchObject({
      type: 'MOBILE_MONEY_COUNTRY_CODE_NOT_SUPPORTED',
      code: '1126400',
      message: expect.stringContaining('254 (KE)'),
      validation_errors: [{ field_name: 'mobile_money.country_code' }],
    });
  });

  it('refuses a network the country does not have, and v3’s other names for networks', async () => {
    for (const network of ['ORANGE', 'TELECEL']) {
      const error = await refused({
        type: 'mobile_money',
        mobile_money: { country_code: '233', network, phone_number: '241234567' },
      });
      expect(error).toMatchObject({
        type: 'MOBILE_MONEY_NETWORK_NOT_SUPPORTED',
        code: '1127400',
        message: `Network ${network} is not supported for mobile money in GH: use MTN, VODAFONE, AIRTELTIGO`,
        validation_errors: [
          {
            field_name: 'mobile_money.network',
            message: `Network ${network} is not supported for mobile money in GH: use MTN, VODAFONE, AIRTELTIGO`,
          },
        ],
      });
    }
  });

  it('refuses a bank that does not take USSD, and a malformed bank code', async () => {
    const error = await refused({ type: 'ussd', ussd: { account_bank: '999' } });
    expect(error).toMatchObject({
      type: 'USSD_BANK_CODE_INVALID',
      code: '1142400',
      message: expect.stringMatching(
        /^Bank 999 does not take USSD payments: use one of 011 \(First Bank of Nigeria\), 030 \(Heritage Bank\), /,
      ),
      validation_errors: [{ field_name: 'ussd.account_bank' }],
    });
    const malformed = await refused({ type: 'ussd', ussd: { account_bank: '44' } });
    expect(malformed).toMatchObject({
      type: 'REQUEST_NOT_VALID',
      validation_errors: [
        {
          field_name: 'ussd.account_bank',
          message: 'ussd.account_bank must be a bank code of 3 or more digits, such as 044',
        },
      ],
    });
  });

  it('refuses bank_transfer: pay-with-bank-transfer is a virtual account', async () => {
    const error = await refused({ type: 'bank_transfer', bank_transfer: { account_type: 'dynamic' } });
    expect(error).toMatchObject({
      type: 'INVALID_CHARGE',
      code: '1150400',
      message: expect.stringContaining('POST /virtual-accounts'),
      validation_errors: [{ field_name: 'type' }],
    });
  });

  it('names every malformed field: the missing object, the phone number, the card holder name', async () => {
    expect((await refused({ type: 'mobile_money' })).validation_errors).toEqual([
      { field_name: 'mobile_money', message: 'mobile_money is required' },
    ]);
    expect((await refused({ type: 'ussd' })).validation_errors).toEqual([
      { field_name: 'ussd', message: 'ussd is required' },
    ]);
    const phone = await refused({
      type: 'mobile_money',
      mobile_money: { country_code: '233', network: 'MTN', phone_number: '+233241234567' },
    });
    expect(phone.validation_errors).toEqual([
      {
        field_name: 'mobile_money.phone_number',
        message:
          'mobile_money.phone_number must be the national number: 7 to 10 digits, without the dialing code',
      },
    ]);
    const name = await refused({ type: 'applepay', applepay: { card_holder_name: '4111 1111' } });
    expect(name.validation_errors[0].field_name).toBe('applepay.card_holder_name');
    const type = await refused({ type: 'crypto' });
    expect(type.validation_errors[0].field_name).toBe('type');
  });

  it('will not save a method for another merchant’s customer', async () => {
    const other = await gw.merchant('Other Shop');
    const res = await save({ ...METHODS.ussd, customer_id: customerId }, {}, other);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.validation_errors[0].field_name).toBe('customer_id');
  });
});

describe('payment methods only v3 charges, as v4 shows them', () => {
  const v3Only: readonly [PlainDetails, Record<string, unknown>][] = [
    [{ type: 'nqr' }, { type: 'bank_account', bank_account: { method: 'nqr' } }],
    [{ type: 'enaira' }, { type: 'bank_account', bank_account: { method: 'enaira' } }],
    [
      { type: 'fawry', fawry: { phoneNumber: '1012345678' } },
      { type: 'bank_account', bank_account: { method: 'fawry', phone_number: '1012345678' } },
    ],
    [
      { type: 'bank_account', bankAccount: { scheme: 'ach', country: 'US' } },
      { type: 'bank_account', bank_account: { method: 'ach', country: 'US' } },
    ],
    [
      { type: 'bank_account', bankAccount: { scheme: 'open_banking', country: 'GB' } },
      { type: 'bank_account', bank_account: { method: 'open_banking', country: 'GB' } },
    ],
    [
      {
        type: 'bank_transfer',
        bankTransfer: {
          accountType: 'dynamic',
          accountNumber: '7824822527',
          bankName: 'WEMA BANK',
          originatorName: 'Ngozi Okafor',
        },
      },
      { type: 'bank_transfer', bank_transfer: { account_type: 'dynamic', originator_name: 'Ngozi Okafor' } },
    ],
  ];

  // v3 charges create these through the same flow; here the flow is called directly, so this test
  // does not depend on the v3 routes.
  const made = async (input: PlainDetails | { readonly voucherPin: string }) => {
    let id = '';
    const done = await createPaymentMethod(
      gw.deps,
      { merchantId: m.credentials.merchant_id, meta: {}, ...('type' in input ? { details: input } : input) },
      { idempotency: undefined, render: (pm) => ((id = pm.id), { status: 201, body: '' }) },
    );
    expect(done.ok).toBe(true);
    return id;
  };

  it.each(v3Only)('shows %j as a valid v4 payment method', async (details, shown) => {
    const id = await made(details);
    const res = await gw.app.inject({ method: 'GET', url: `/payment-methods/${id}`, headers: m.headers });
    expect(res.statusCode).toBe(200);
    expectOperationResponse('GET /payment-methods/{id}', 200, res.json());
    expect(res.json().data).toMatchObject(shown);
  });

  it('shows a 1Voucher by its last four digits only', async () => {
    const id = await made({ voucherPin: '4930284756102938' });
    const res = await gw.app.inject({ method: 'GET', url: `/payment-methods/${id}`, headers: m.headers });
    expectOperationResponse('GET /payment-methods/{id}', 200, res.json());
    expect(res.json().data).toMatchObject({
      type: 'bank_account',
      bank_account: { method: 'voucher', last4: '2938' },
    });
    expect(res.body).not.toContain('4930284756102938');
  });

  it('will not charge them through POST /charges, saying why', async () => {
    const charge = (pmId: string, extra: Record<string, unknown> = {}) =>
      gw.app.inject({
        method: 'POST',
        url: '/charges',
        headers: m.headers,
        payload: {
          amount: 500,
          currency: 'NGN',
          reference: `v3only-${pmId.slice(4)}`,
          customer_id: customerId,
          payment_method_id: pmId,
          ...extra,
        },
      });
    const qr = await made({ type: 'nqr' });
    const res = await charge(qr);
    expect(res.statusCode).toBe(422);
    expectOperationResponse('POST /charges', 422, res.json());
    expect(res.json().error).toMatchObject({
      type: 'UNPROCESSABLE',
      message: `Payment method ${qr} (NIBSS QR) is charged through the v3 API only`,
      validation_errors: [{ field_name: 'payment_method_id' }],
    });
    const transfer = await made(v3Only[5]?.[0] ?? { type: 'nqr' });
    const refusedTransfer = await charge(transfer);
    expect(refusedTransfer.statusCode).toBe(400);
    expect(refusedTransfer.json().error).toMatchObject({ type: 'INVALID_CHARGE', code: '1150400' });
  });
});
