import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard, encryptPin } from '../../support/cards.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

let gw: TestGateway;
let m: TestMerchant;
let customerId: string;
let seq = 0;
const ref = () => `pm-ref-${(seq++).toString(36)}-${Date.now().toString(36)}`;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Main Flow Shop');
  const created = await gw.app.inject({
    method: 'POST',
    url: '/customers',
    headers: m.headers,
    payload: { email: 'ada@example.com' },
  });
  customerId = created.json().data.id as string;
});
afterAll(() => gw.close());

const key = () => m.credentials.v4.encryption_key;
const savePm = (payload: object, who: TestMerchant = m) =>
  gw.app.inject({ method: 'POST', url: '/payment-methods', headers: who.headers, payload });
const charge = (payload: object, headers: Record<string, string> = {}, who: TestMerchant = m) =>
  gw.app.inject({ method: 'POST', url: '/charges', headers: { ...who.headers, ...headers }, payload });

const cardBody = (number: string = CARDS.visa, extra: Record<string, unknown> = {}) => ({
  type: 'card',
  card: encryptCard(key(), { number, cvv: number === CARDS.amex ? CVVS.amex : '123' }, extra),
  customer_id: customerId,
});

describe('POST /payment-methods', () => {
  it.each([
    [CARDS.visa, 'VISA', '411111', '1111'],
    [CARDS.mastercard, 'MASTERCARD', '553188', '2950'],
    [CARDS.verve, 'VERVE', '506146', '3210'],
    [CARDS.amex, 'AMERICAN EXPRESS', '378282', '0005'],
  ])(
    'saves card %s as %s, keeping only first6/last4/expiry/network',
    async (number, network, first6, last4) => {
      const body = cardBody(number);
      expectValidRequest('POST /payment-methods', body);
      const res = await savePm(body);
      expect(res.statusCode).toBe(201);
      expectOperationResponse('POST /payment-methods', 201, res.json());
      expect(res.json()).toMatchObject({
        message: 'Payment method created',
        data: {
          type: 'card',
          customer_id: customerId,
          card: { first6, last4, network, expiry_month: 9, expiry_year: 32 },
        },
      });
      expect(res.body).not.toContain(number);
    },
  );

  it('keeps the billing address, card holder name and card-on-file agreement', async () => {
    const billing = {
      line1: '1 Marina',
      city: 'Lagos',
      state: 'Lagos',
      country: 'NG',
      postal_code: '101001',
    };
    const res = await savePm(
      cardBody(CARDS.visa, {
        billing_address: billing,
        card_holder_name: 'Ada Lovelace',
        cof: { enabled: true, agreement_id: 'agr-1' },
      }),
    );
    expectOperationResponse('POST /payment-methods', 201, res.json());
    expect(res.json().data.card).toMatchObject({
      billing_address: billing,
      card_holder_name: 'Ada Lovelace',
      cof: {
        enabled: true,
        agreement_id: 'agr-1',
        recurring_amount_variability: 'VARIABLE',
        agreement_type: 'UNSCHEDULED',
      },
    });
  });

  it('is idempotent under X-Idempotency-Key', async () => {
    const body = cardBody();
    const headers = { ...m.headers, 'x-idempotency-key': 'pm-key-00000001' };
    const a = await gw.app.inject({ method: 'POST', url: '/payment-methods', headers, payload: body });
    const b = await gw.app.inject({ method: 'POST', url: '/payment-methods', headers, payload: body });
    expect(b.headers['x-idempotency-cache-hit']).toBe('true');
    expect(b.body).toBe(a.body);
  });

  it('answers a card that cannot be decrypted or is invalid, naming the card field', async () => {
    const wrongKey = {
      ...cardBody(),
      card: encryptCard(Buffer.alloc(32, 5).toString('base64'), { number: CARDS.visa }),
    };
    const bad = await savePm(wrongKey);
    expect(bad.statusCode).toBe(400);
    expectOperationResponse('POST /payment-methods', 400, bad.json());
    expect(bad.json().error.type).toBe('CLIENT_ENCRYPTION_ERROR');
    expect(bad.json().error.validation_errors[0].field_name).toBe('card.encrypted_card_number');
    const luhn = await savePm(cardBody('4111111111111112'));
    expect(luhn.json().error).toMatchObject({
      type: 'INVALID_CARD_NUMBER',
      validation_errors: [{ field_name: 'card.encrypted_card_number' }],
    });
  });

  it('rejects a missing card object, an unknown customer and bank_transfer (a virtual account now)', async () => {
    const missing = await savePm({ type: 'card' });
    expect(missing.json().error.validation_errors).toEqual([
      { field_name: 'card', message: 'card is required' },
    ]);
    const stranger = await savePm({ ...cardBody(), customer_id: 'cus_0000000000' });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.validation_errors[0].field_name).toBe('customer_id');
    const transfer = await savePm({ type: 'bank_transfer' });
    expect(transfer.statusCode).toBe(400);
    expect(transfer.json().error).toMatchObject({ type: 'INVALID_CHARGE', code: '1150400' });
    expect(transfer.json().error.validation_errors[0].field_name).toBe('type');
  });
});

describe('GET /payment-methods and /payment-methods/{id}', () => {
  it('fetches and lists the caller’s payment methods, not another merchant’s', async () => {
    const made = (await savePm(cardBody())).json().data;
    const one = await gw.app.inject({
      method: 'GET',
      url: `/payment-methods/${made.id}`,
      headers: m.headers,
    });
    expectOperationResponse('GET /payment-methods/{id}', 200, one.json());
    expect(one.json()).toEqual({ status: 'success', message: 'Payment method fetched', data: made });
    const list = await gw.app.inject({ method: 'GET', url: '/payment-methods', headers: m.headers });
    expectOperationResponse('GET /payment-methods', 200, list.json());
    expect(list.json().data[0]).toEqual(made);
    const other = await gw.merchant('Nosy');
    const hidden = await gw.app.inject({
      method: 'GET',
      url: `/payment-methods/${made.id}`,
      headers: other.headers,
    });
    expect(hidden.statusCode).toBe(404);
    expect(
      (await gw.app.inject({ method: 'GET', url: '/payment-methods', headers: other.headers })).json().data,
    ).toEqual([]);
  });
});

describe('POST /charges (the main flow)', () => {
  const chargeBody = (pmId: string, extra: Record<string, unknown> = {}) => ({
    amount: 2500,
    currency: 'NGN',
    reference: ref(),
    customer_id: customerId,
    payment_method_id: pmId,
    ...extra,
  });

  it('charges a saved card through PIN and OTP', async () => {
    const pm = (await savePm(cardBody(CARDS.mastercard))).json().data;
    const body = chargeBody(pm.id, { meta: { order: 'A1' } });
    expectValidRequest('POST /charges', body);
    const created = await charge(body, { 'x-scenario-key': 'scenario:auth_pin' });
    expect(created.statusCode).toBe(201);
    expectOperationResponse('POST /charges', 201, created.json());
    expect(created.json().data).toMatchObject({
      customer_id: customerId,
      payment_method_details: { id: pm.id },
      meta: { order: 'A1' },
      status: 'pending',
      next_action: { type: 'requires_pin' },
    });
    const id = created.json().data.id as string;
    await gw.app.inject({
      method: 'PUT',
      url: `/charges/${id}`,
      headers: m.headers,
      payload: { authorization: encryptPin(key(), '1234') },
    });
    const done = await gw.app.inject({
      method: 'PUT',
      url: `/charges/${id}`,
      headers: m.headers,
      payload: { authorization: { type: 'otp', otp: { code: '123456' } } },
    });
    expect(done.json().data.status).toBe('succeeded');
  });

  it('charges a saved card again with recurring: true, final at once whatever the scenario flow', async () => {
    const pm = (await savePm(cardBody())).json().data;
    const res = await charge(chargeBody(pm.id, { recurring: true }), {
      'x-scenario-key': 'scenario:auth_pin',
    });
    expect(res.json().data).toMatchObject({ status: 'succeeded', processor_response: { code: '00' } });
    const declined = await charge(chargeBody(pm.id, { recurring: true }), {
      'x-scenario-key': 'scenario:auth_3ds&issuer:insufficient_funds',
    });
    expect(declined.json().data).toMatchObject({ status: 'failed', processor_response: { code: '51' } });
  });

  it('answers an unknown customer or payment method, and another customer’s method, with their codes', async () => {
    const pm = (await savePm(cardBody())).json().data;
    const noCustomer = await charge({ ...chargeBody(pm.id), customer_id: 'cus_0000000000' });
    expect(noCustomer.statusCode).toBe(422);
    expect(noCustomer.json().error).toMatchObject({ type: 'CUSTOMER_NOT_FOUND_FOR_CHARGE', code: '1101422' });
    const noMethod = await charge(chargeBody('pmd_0000000000'));
    expect(noMethod.statusCode).toBe(422);
    expect(noMethod.json().error).toMatchObject({
      type: 'PAYMENT_METHOD_NOT_FOUND_FOR_CHARGE',
      code: '1102422',
    });
    const someoneElse = (
      await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: { email: 'bo@example.com' },
      })
    ).json().data.id as string;
    const theirs = await charge({ ...chargeBody(pm.id), customer_id: someoneElse });
    expect(theirs.json().error.type).toBe('PAYMENT_METHOD_NOT_FOUND_FOR_CHARGE');
    // A payment method saved without a customer may be charged for any customer.
    const shared = (await savePm({ type: 'card', card: encryptCard(key(), { number: CARDS.visa }) })).json()
      .data;
    expect((await charge({ ...chargeBody(shared.id), customer_id: someoneElse })).statusCode).toBe(201);
  });

  it("cannot charge another merchant's customer or payment method", async () => {
    const pm = (await savePm(cardBody())).json().data;
    const other = await gw.merchant('Thief');
    const res = await charge(chargeBody(pm.id), {}, other);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.type).toBe('CUSTOMER_NOT_FOUND_FOR_CHARGE');
  });

  it('refuses a reused reference with CHARGE_ALREADY_EXISTS, and replays under the same idempotency key', async () => {
    const pm = (await savePm(cardBody())).json().data;
    const body = chargeBody(pm.id);
    const first = await charge(body, { 'x-idempotency-key': 'charge-key-0000001' });
    expect(first.statusCode).toBe(201);
    const replay = await charge(body, { 'x-idempotency-key': 'charge-key-0000001' });
    expect(replay.headers['x-idempotency-cache-hit']).toBe('true');
    expect(replay.body).toBe(first.body);
    const reused = await charge(body);
    expect(reused.statusCode).toBe(409);
    expectOperationResponse('POST /charges', 409, reused.json());
    expect(reused.json().error).toMatchObject({ type: 'CHARGE_ALREADY_EXISTS', code: '1100409' });
  });

  it('rejects an up-front authorization the first step does not take', async () => {
    const pm = (await savePm(cardBody())).json().data;
    const res = await charge(chargeBody(pm.id, { authorization: { type: 'otp', otp: { code: '1234' } } }), {
      'x-scenario-key': 'scenario:auth_pin',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.type).toBe('CHARGE_UPDATE_NOT_ALLOWED');
  });
});

describe('GET /charges', () => {
  it('filters by status, reference, customer, payment method and time, and pages', async () => {
    const other = await gw.merchant('Lister');
    const okey = other.credentials.v4.encryption_key;
    const customer = (
      await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: other.headers,
        payload: { email: 'l@example.com' },
      })
    ).json().data.id as string;
    const pm = (
      await gw.app.inject({
        method: 'POST',
        url: '/payment-methods',
        headers: other.headers,
        payload: { type: 'card', card: encryptCard(okey, { number: CARDS.visa }), customer_id: customer },
      })
    ).json().data.id as string;
    const refs: string[] = [];
    const start = gw.clock.now().toISOString();
    for (let i = 0; i < 12; i++) {
      gw.clock.advance(1000);
      const reference = ref();
      refs.push(reference);
      await charge(
        { amount: 100 + i, currency: 'NGN', reference, customer_id: customer, payment_method_id: pm },
        i % 3 === 0 ? { 'x-scenario-key': 'issuer:do_not_honor' } : {},
        other,
      );
    }
    const list = async (query: string) =>
      (await gw.app.inject({ method: 'GET', url: `/charges?${query}`, headers: other.headers })).json();
    const all = await list('size=10');
    expectOperationResponse('GET /charges', 200, all);
    expect(all.meta.page_info).toEqual({ total: 12, current_page: 1, total_pages: 2 });
    expect(all.data.map((c: { reference: string }) => c.reference)).toEqual(refs.slice(2).reverse());
    expect((await list('status=failed')).meta.page_info.total).toBe(4);
    expect((await list('status=succeeded')).meta.page_info.total).toBe(8);
    expect((await list(`reference=${refs[5] ?? ''}`)).data.map((c: { amount: number }) => c.amount)).toEqual([
      105,
    ]);
    expect((await list(`customer_id=${customer}`)).meta.page_info.total).toBe(12);
    expect((await list(`payment_method_id=${pm}`)).meta.page_info.total).toBe(12);
    expect((await list('customer_id=cus_0000000000')).meta.page_info.total).toBe(0);
    expect((await list('virtual_account_id=van_0000000000')).meta.page_info.total).toBe(0);
    expect(
      (await list(`from=${encodeURIComponent(start)}&to=${encodeURIComponent(start)}`)).meta.page_info.total,
    ).toBe(0);
    const bad = await gw.app.inject({
      method: 'GET',
      url: '/charges?status=done&from=yesterday',
      headers: other.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.validation_errors.map((e: { field_name: string }) => e.field_name)
        .sort(),
    ).toEqual(['from', 'status']);
  });
});
