import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard, encryptPin } from '../../support/cards.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

let gw: TestGateway;
let m: TestMerchant;
let seq = 0;
const ref = () => `ref-${Date.now().toString(36)}-${(seq++).toString(36)}`;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kola Stores');
});
afterAll(() => gw.close());

const key = () => m.credentials.v4.encryption_key;

/** The orchestrator body of the docs, for the Mastercard test card. */
const directBody = (extra: Record<string, unknown> = {}) => ({
  amount: 1234.56,
  currency: 'NGN',
  reference: ref(),
  customer: { email: 'james@example.com', name: { first: 'King', last: 'James' } },
  payment_method: {
    type: 'card',
    card: encryptCard(key(), { number: CARDS.mastercard, cvv: CVVS.mastercard }),
  },
  redirect_url: 'https://merchant.example/return',
  ...extra,
});

const direct = (body: object, scenario?: string, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/orchestration/direct-charges',
    headers: { ...m.headers, ...(scenario ? { 'x-scenario-key': scenario } : {}), ...headers },
    payload: body,
  });

const put = (id: string, payload: object, who: TestMerchant = m) =>
  gw.app.inject({ method: 'PUT', url: `/charges/${id}`, headers: who.headers, payload });

const get = (id: string, who: TestMerchant = m) =>
  gw.app.inject({ method: 'GET', url: `/charges/${id}`, headers: who.headers });

const otp = { authorization: { type: 'otp', otp: { code: '123456' } } };
const avs = {
  authorization: {
    type: 'avs',
    avs: {
      address: { line1: '1 Marina', city: 'Lagos', state: 'Lagos', country: 'NG', postal_code: '101001' },
    },
  },
};

describe('POST /orchestration/direct-charges', () => {
  it('creates customer, payment method and a succeeded charge with no scenario (noauth)', async () => {
    const body = directBody();
    expectValidRequest('POST /orchestration/direct-charges', body);
    const res = await direct(body);
    expect(res.statusCode).toBe(201);
    expectOperationResponse('POST /orchestration/direct-charges', 201, res.json());
    const { data } = res.json();
    expect(data).toMatchObject({
      amount: 1234.56,
      currency: 'NGN',
      reference: body.reference,
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
      disputed: false,
      settled: false,
      refunded: false,
      settlement_id: [],
      meta: {},
      redirect_url: 'https://merchant.example/return',
      customer_id: expect.stringMatching(/^cus_/),
      payment_method_details: {
        id: expect.stringMatching(/^pmd_/),
        type: 'card',
        customer_id: data.customer_id,
        card: { first6: '553188', last4: '2950', expiry_month: 9, expiry_year: 32, network: 'MASTERCARD' },
      },
    });
    expect(data.id).toMatch(/^chg_[A-Za-z0-9]{10}$/);
    expect(data).not.toHaveProperty('next_action');
    // 1.4 % of ₦1,234.56 = 17.28; VAT 7.5 % of that = 1.30; no stamp duty under ₦10,000.
    expect(data.fees).toEqual([
      { type: 'vat', amount: 1.3 },
      { type: 'app', amount: 17.28 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 0 },
    ]);
    const fetched = await get(data.id);
    expectOperationResponse('GET /charges/{id}', 200, fetched.json());
    expect(fetched.json()).toEqual({ status: 'success', message: 'Charge fetched', data });
    const customer = await gw.app.inject({
      method: 'GET',
      url: `/customers/${data.customer_id}`,
      headers: m.headers,
    });
    expect(customer.json().data.email).toBe('james@example.com');
  });

  it('writes a charge.completed event in the same statement as the final state', async () => {
    const { data } = (await direct(directBody(), 'issuer:insufficient_funds')).json();
    expect(data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
    const { rows } = await gw.deps.db.query<{ type: string; data: { charge: { status: string } } }>(
      'SELECT type, data FROM events WHERE charge_id = $1',
      [data.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'charge.completed', data: { charge: { status: 'failed' } } });
  });

  it('creates nothing when any part is invalid (all or nothing)', async () => {
    const email = `nothing-${ref()}@example.com`;
    const body = directBody({
      customer: { email },
      payment_method: { type: 'card', card: encryptCard(key(), { number: '4111111111111112' }) },
    });
    const res = await direct(body);
    expect(res.statusCode).toBe(400);
    expectOperationResponse('POST /orchestration/direct-charges', 400, res.json());
    expect(res.json().error).toMatchObject({
      type: 'INVALID_CARD_NUMBER',
      code: '1118400',
      validation_errors: [{ field_name: 'payment_method.card.encrypted_card_number' }],
    });
    const search = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: m.headers,
      payload: { email },
    });
    expect(search.json().meta.page_info.total).toBe(0);
    // A reused reference also leaves no customer or payment method behind.
    const first = directBody();
    await direct(first);
    const again = await direct({ ...directBody(), reference: first.reference, customer: { email } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ type: 'CHARGE_ALREADY_EXISTS', code: '1100409' });
    const after = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: m.headers,
      payload: { email },
    });
    expect(after.json().meta.page_info.total).toBe(0);
  });

  it('answers card and encryption errors naming the field, never quoting the card', async () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const cases: [object, number, string, string][] = [
      [
        encryptCard(other, { number: CARDS.visa }),
        400,
        'CLIENT_ENCRYPTION_ERROR',
        'payment_method.card.encrypted_card_number',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, month: '13' }),
        422,
        'CARD_EXPIRY_MONTH_OUT_OF_RANGE',
        'payment_method.card.encrypted_expiry_month',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, year: '21' }),
        422,
        'CARD_EXPIRED',
        'payment_method.card.encrypted_expiry_year',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, year: '99' }),
        422,
        'CARD_EXPIRY_YEAR_OUT_OF_RANGE',
        'payment_method.card.encrypted_expiry_year',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, cvv: '12' }),
        400,
        'REQUEST_NOT_VALID',
        'payment_method.card.encrypted_cvv',
      ],
    ];
    for (const [card, status, type, field] of cases) {
      const res = await direct(directBody({ payment_method: { type: 'card', card } }));
      expect(res.statusCode, type).toBe(status);
      expect(res.json().error.type).toBe(type);
      expect(res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name)).toContain(
        field,
      );
      expect(res.body).not.toContain(CARDS.visa);
      expect(res.body).not.toContain(CARDS.visa.slice(6, 12));
    }
    const garbled = encryptCard(key(), { number: CARDS.visa });
    const res = await direct(
      directBody({
        payment_method: { type: 'card', card: { ...garbled, encrypted_expiry_month: 'not*base64' } },
      }),
    );
    expect(res.json().error).toMatchObject({
      type: 'CLIENT_ENCRYPTION_ERROR',
      code: '1137400',
      message: 'Unable to decrypt encrypted fields provided',
      validation_errors: [{ field_name: 'payment_method.card.encrypted_expiry_month' }],
    });
  });

  it('validates money, reference, currency and redirect_url, naming each field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ currency: 'UGX', amount: 100.5 }, 'REQUEST_NOT_VALID', 'amount'],
      [{ amount: 12.345 }, 'REQUEST_NOT_VALID', 'amount'],
      [{ amount: 0 }, 'REQUEST_NOT_VALID', 'amount'],
      [{ amount: true }, 'REQUEST_NOT_VALID', 'amount'],
      [{ currency: 'XYZ' }, 'REQUEST_NOT_VALID', 'currency'],
      [{ reference: 'abc' }, 'REQUEST_NOT_VALID', 'reference'],
      [{ reference: 'has spaces in it' }, 'REQUEST_NOT_VALID', 'reference'],
      [{ redirect_url: 'ftp://merchant.example/x' }, 'REDIRECT_URL_INVALID', 'redirect_url'],
      [{ payment_method: { type: 'card' } }, 'REQUEST_NOT_VALID', 'payment_method.card'],
      [{ customer: {} }, 'REQUEST_NOT_VALID', 'customer.email'],
    ];
    for (const [extra, type, field] of cases) {
      const res = await direct(directBody(extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expectOperationResponse('POST /orchestration/direct-charges', 400, res.json());
      expect(res.json().error.type).toBe(type);
      expect(res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name)).toContain(
        field,
      );
    }
  });

  it('accepts the amount as a numeric string, as one documented sample sends it', async () => {
    const res = await direct(directBody({ amount: '1234.56', currency: 'USD' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ amount: 1234.56, currency: 'USD' });
  });

  it('refuses bank_transfer, which is a virtual account now, with a clear message', async () => {
    const res = await direct(directBody({ payment_method: { type: 'bank_transfer' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ type: 'INVALID_CHARGE', code: '1150400' });
    expect(res.json().error.validation_errors[0]).toMatchObject({ field_name: 'payment_method.type' });
  });
});

describe('card scenarios end to end', () => {
  it('auth_pin: PIN, then OTP, then succeeded', async () => {
    const created = await direct(directBody(), 'scenario:auth_pin&issuer:approved');
    expect(created.statusCode).toBe(201);
    expectOperationResponse('POST /orchestration/direct-charges', 201, created.json());
    const { id } = created.json().data;
    expect(created.json().data).toMatchObject({
      status: 'pending',
      next_action: { type: 'requires_pin', requires_pin: {} },
    });
    expect(created.json().data).not.toHaveProperty('processor_response');

    const pinned = await put(id, { authorization: encryptPin(key(), '3310') });
    expect(pinned.statusCode).toBe(200);
    expectOperationResponse('PUT /charges/{id}', 200, pinned.json());
    expect(pinned.json()).toMatchObject({
      message: 'Charge updated',
      data: { status: 'pending', next_action: { type: 'requires_otp' } },
    });

    expectValidRequest('PUT /charges/{id}', otp);
    const done = await put(id, otp);
    expectOperationResponse('PUT /charges/{id}', 200, done.json());
    expect(done.json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(done.json().data).not.toHaveProperty('next_action');
  });

  it.each([
    ['incorrect_pin', '55'],
    ['pin_entry_tries_exceeded', '75'],
  ])('auth_pin with issuer %s fails at the PIN step', async (issuer, code) => {
    const { id } = (await direct(directBody(), `scenario:auth_pin&issuer:${issuer}`)).json().data;
    const res = await put(id, { authorization: encryptPin(key(), '1234') });
    expect(res.json().data).toMatchObject({ status: 'failed', processor_response: { type: issuer, code } });
  });

  it.each([
    ['insufficient_funds', '51'],
    ['do_not_honor', '05'],
    ['expired_card', '54'],
  ])('auth_pin with issuer %s fails after the OTP', async (issuer, code) => {
    const { id } = (await direct(directBody(), `scenario:auth_pin&issuer:${issuer}`)).json().data;
    expect((await put(id, { authorization: encryptPin(key(), '1234') })).json().data.next_action.type).toBe(
      'requires_otp',
    );
    const res = await put(id, otp);
    expect(res.json().data).toMatchObject({ status: 'failed', processor_response: { type: issuer, code } });
  });

  it('takes the PIN up front on create', async () => {
    const res = await direct(directBody({ authorization: encryptPin(key(), '3310') }), 'scenario:auth_pin');
    expect(res.statusCode).toBe(201);
    expect(res.json().data.next_action).toEqual({ type: 'requires_otp', requires_otp: {} });
  });

  it.each([
    ['approved', 'succeeded', { type: 'approved', code: '00' }],
    ['insufficient_funds', 'failed', { type: 'insufficient_funds', code: '51' }],
  ])('auth_avs with issuer %s asks for the address, then is %s', async (issuer, status, response) => {
    const created = (await direct(directBody(), `scenario:auth_avs&issuer:${issuer}`)).json();
    expect(created.data.next_action).toEqual({
      type: 'requires_additional_fields',
      requires_additional_fields: {
        fields: [
          'authorization.avs.address.postal_code',
          'authorization.avs.address.line1',
          'authorization.avs.address.state',
          'authorization.avs.address.country',
          'authorization.avs.address.city',
        ],
      },
    });
    expectValidRequest('PUT /charges/{id}', avs);
    const res = await put(created.data.id, avs);
    expectOperationResponse('PUT /charges/{id}', 200, res.json());
    expect(res.json().data).toMatchObject({ status, processor_response: response });
  });

  it('issuer alone: noauth with that outcome, every code from the table', async () => {
    const res = await direct(directBody(), 'issuer:lost_card_pick_up');
    expect(res.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'lost_card_pick_up', code: '41' },
    });
  });

  it('an unknown scenario leaves the charge pending with requires_requery, and takes no authorization', async () => {
    const res = await direct(directBody(), 'scenario:teleport&issuer:approved');
    expectOperationResponse('POST /orchestration/direct-charges', 201, res.json());
    expect(res.json().data).toMatchObject({
      status: 'pending',
      next_action: { type: 'requires_requery', requires_requery: {} },
    });
    const update = await put(res.json().data.id, otp);
    expect(update.statusCode).toBe(400);
    expect(update.json().error).toMatchObject({ type: 'CHARGE_UPDATE_NOT_ALLOWED', code: '1112400' });
  });

  it('refuses an authorization the charge is not waiting for, saying what it waits for', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const res = await put(id, otp);
    expect(res.statusCode).toBe(400);
    expectOperationResponse('PUT /charges/{id}', 400, res.json());
    expect(res.json().error).toMatchObject({ type: 'CHARGE_UPDATE_NOT_ALLOWED', code: '1112400' });
    expect(res.json().error.message).toContain('the card PIN');
    expect((await get(id)).json().data.next_action.type).toBe('requires_pin');
  });

  it('refuses any update of a final charge with CHARGE_FINALIZED', async () => {
    const { id } = (await direct(directBody())).json().data;
    for (const body of [otp, { meta: { a: 'b' } }]) {
      const res = await put(id, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ type: 'CHARGE_FINALIZED', code: '1111400' });
    }
  });

  it('answers INVALID_AUTHORIZATION for a PIN that does not decrypt to 4–6 digits', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const wrongKey = encryptPin(Buffer.alloc(32, 1).toString('base64'), '1234');
    for (const authorization of [wrongKey, encryptPin(key(), '12')]) {
      const res = await put(id, { authorization });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        type: 'INVALID_AUTHORIZATION',
        code: '1121400',
        validation_errors: [{ field_name: 'authorization.pin.encrypted_pin' }],
      });
    }
    expect((await get(id)).json().data.status).toBe('pending');
  });

  it('updates only the meta of a pending charge', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const res = await put(id, { meta: { order: '42' } });
    expect(res.json().data).toMatchObject({
      status: 'pending',
      meta: { order: '42' },
      next_action: { type: 'requires_pin' },
    });
  });

  it.each([
    ['Y', 'succeeded'],
    ['A', 'succeeded'],
    ['N', 'failed'],
    ['R', 'failed'],
  ])('auth_3ds answered with external 3DS status %s is %s', async (transactionStatus, status) => {
    const { id } = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    const body = {
      authorization: {
        type: 'external_3ds',
        external_3ds: {
          eci: '05',
          authentication_token: 'AAABBJkZUQAAAABnAAAAAAAAAAA=',
          transaction_id: 'b5f2a5d2-5a0d-4a60-8f4e-0b4f3e7d9a11',
          version: '2.2.0',
          transaction_status: transactionStatus,
          status_reason_code: '01',
          amount: 1234.56,
          time: '2026-01-15T09:00:00Z',
        },
      },
    };
    expectValidRequest('PUT /charges/{id}', body);
    const res = await put(id, body);
    expect(res.json().data.status).toBe(status);
  });
});

describe('the sandbox 3DS page', () => {
  const page = (url: string) => gw.app.inject({ method: 'GET', url: url.replace('http://baobab.test', '') });
  const answer = (token: string, decision: string) =>
    gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, decision }).toString(),
    });
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

  it('auth_3ds: shows merchant, amount and masked card; Approve succeeds and returns to the merchant', async () => {
    const created = (
      await direct(directBody({ meta: { cart: '7' } }), 'scenario:auth_3ds&issuer:approved')
    ).json().data;
    expect(created.next_action.type).toBe('redirect_url');
    const url: string = created.next_action.redirect_url.url;
    expect(url).toMatch(/^http:\/\/baobab\.test\/sandbox\/redirects\?card&token=[\w-]+\.[\w-]+\.[\w-]+$/);
    // The same step always yields the same link.
    expect((await get(created.id)).json().data.next_action.redirect_url.url).toBe(url);

    const shown = await page(url);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toContain('text/html');
    expect(shown.body).toContain('Kola Stores');
    expect(shown.body).toContain('NGN 1,234.56');
    expect(shown.body).toContain('5531 88•• •••• 2950');
    expect(shown.body).toContain(created.reference);
    expect(shown.body).not.toContain(CARDS.mastercard);

    const approved = await answer(tokenOf(url), 'approve');
    expect(approved.statusCode).toBe(303);
    const back = new URL(String(approved.headers['location']));
    expect(back.origin + back.pathname).toBe('https://merchant.example/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      status: 'succeeded',
      id: created.id,
      reference: created.reference,
    });
    expect((await get(created.id)).json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { code: '00' },
    });

    // The link is spent: showing or answering it again says so.
    const reshown = await page(url);
    expect(reshown.statusCode).toBe(409);
    expect(reshown.body).toContain('already completed');
    expect((await answer(tokenOf(url), 'decline')).statusCode).toBe(409);
    expect((await get(created.id)).json().data.status).toBe('succeeded');
  });

  it('auth_pin_3ds: PIN first, then the page; Decline fails the charge as not authenticated', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin_3ds&issuer:approved')).json().data;
    const pinned = (await put(id, { authorization: encryptPin(key(), '3310') })).json().data;
    expect(pinned.next_action.type).toBe('redirect_url');
    const declined = await answer(tokenOf(pinned.next_action.redirect_url.url), 'decline');
    expect(new URL(String(declined.headers['location'])).searchParams.get('status')).toBe('failed');
    expect((await get(id)).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });

  it('Approve still fails when the scenario chose a declining issuer', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds&issuer:insufficient_funds')).json().data;
    await answer(tokenOf(created.next_action.redirect_url.url), 'approve');
    expect((await get(created.id)).json().data.processor_response).toEqual({
      type: 'insufficient_funds',
      code: '51',
    });
  });

  it('without a redirect_url the outcome is shown on the page', async () => {
    const created = (await direct(directBody({ redirect_url: undefined }), 'scenario:auth_3ds')).json().data;
    const res = await answer(tokenOf(created.next_action.redirect_url.url), 'approve');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(created.reference);
  });

  it('an expired link gets a clear page, and the charge stays pending', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    gw.clock.advance(301_000);
    m = await gw.login(m.credentials);
    const res = await page(created.next_action.redirect_url.url);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('expired');
    expect((await answer(tokenOf(created.next_action.redirect_url.url), 'approve')).statusCode).toBe(410);
    expect((await get(created.id)).json().data.status).toBe('pending');
  });

  it('a forged or garbled token gets a clear page, never a crash', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    const token = tokenOf(created.next_action.redirect_url.url);
    const [h, p] = token.split('.');
    for (const bad of [`${h}.${p}.AAAA`, 'garbage', 'a.b.c']) {
      const res = await gw.app.inject({ method: 'GET', url: `/sandbox/redirects?card&token=${bad}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
    }
    const missing = await gw.app.inject({ method: 'GET', url: '/sandbox/redirects?card' });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('text/html');
    const badDecision = await answer(token, 'maybe');
    expect(badDecision.statusCode).toBe(400);
    expect((await get(created.id)).json().data.status).toBe('pending');
  });

  it('PUT /redirect-sessions/charges completes the step with the link token, once', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    const token = tokenOf(created.next_action.redirect_url.url);
    const call = (headers: Record<string, string>, payload: object = {}) =>
      gw.app.inject({ method: 'PUT', url: '/redirect-sessions/charges', headers, payload });
    const anonymous = await call({});
    expect(anonymous.statusCode).toBe(401);
    expectOperationResponse('PUT /redirect-sessions/charges', 401, anonymous.json());
    expect((await call({ 'x-redirect-session-token': 'nope' })).statusCode).toBe(401);
    const done = await call({ 'x-redirect-session-token': token });
    expect(done.statusCode).toBe(200);
    expectOperationResponse('PUT /redirect-sessions/charges', 200, done.json());
    expect(done.json().data).toMatchObject({ id: created.id, status: 'succeeded' });
    const again = await call({ 'x-redirect-session-token': token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.type).toBe('CHARGE_UPDATE_NOT_ALLOWED');
  });
});

describe('charges and other merchants', () => {
  it("never shows or updates another merchant's charge", async () => {
    const other = await gw.merchant('Other');
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const seen = await get(id, other);
    expect(seen.statusCode).toBe(404);
    expect(seen.json().error).toMatchObject({ type: 'CHARGE_NOT_FOUND', code: '1110404' });
    expect(
      (await put(id, { authorization: encryptPin(other.credentials.v4.encryption_key, '1234') }, other))
        .statusCode,
    ).toBe(404);
    expect((await get(id)).json().data.next_action.type).toBe('requires_pin');
  });
});
