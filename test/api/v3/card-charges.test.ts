import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARDS, type TestCard } from '../../../src/methods/card-test-cards.js';
import { encryptV3Payload as encrypt3Des } from '../../../src/sdk/encryption.js';
import { CARDS, encryptCard } from '../../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Card, v3Headers } from '../../support/v3.js';

let gw: TestGateway;
let m: TestMerchant;
let v3: Record<string, string>;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Legacy Shop');
  v3 = v3Headers(m);
});
afterAll(() => gw.close());

const card = (number: string, extra: Record<string, unknown> = {}) =>
  v3Card(number, {
    email: 'user@example.com',
    fullname: 'Yemi Desola',
    redirect_url: 'https://merchant.example/v3-return',
    enckey: m.credentials.v3.encryption_key, // the official SDK leaves it in the payload
    ...extra,
  });

/** POST /v3/charges?type=card the way the SDK does: the payload 3DES-encrypted in `client`. */
const charge = (payload: object, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: { ...v3, ...headers },
    payload: {
      public_key: m.credentials.v3.public_key,
      client: encrypt3Des(m.credentials.v3.encryption_key, JSON.stringify(payload)),
    },
  });

const validate = (flwRef: string, otp = '12345') =>
  gw.app.inject({
    method: 'POST',
    url: '/v3/validate-charge',
    headers: v3,
    payload: { otp, flw_ref: flwRef, type: 'card' },
  });
const verify = (id: number) =>
  gw.app.inject({ method: 'GET', url: `/v3/transactions/${id}/verify`, headers: v3 });

describe('POST /v3/charges?type=card', () => {
  it('PIN card: authorization data required, then OTP, then validated and verified', async () => {
    const payload = card(CARDS.mastercard);
    const first = await charge(payload);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: { authorization: { mode: 'pin', fields: ['pin'] } },
    });

    const second = await charge({ ...payload, authorization: { mode: 'pin', pin: '3310' } });
    expect(second.json()).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        tx_ref: payload.tx_ref,
        flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
        amount: 100,
        charged_amount: 100,
        currency: 'NGN',
        status: 'pending',
        auth_model: 'PIN',
        payment_type: 'card',
        card: { first_6digits: '553188', last_4digits: '2950', type: 'MASTERCARD', expiry: '09/32' },
        customer: { email: 'user@example.com', name: 'Yemi Desola' },
      },
      meta: { authorization: { mode: 'otp', endpoint: '/v3/validate-charge' } },
    });
    const { id, flw_ref: flwRef } = second.json().data;
    expect(typeof id).toBe('number');

    const validated = await validate(flwRef);
    expect(validated.json()).toMatchObject({
      status: 'success',
      message: 'Charge validated',
      data: { id, status: 'successful', processor_response: 'Approved by Financial Institution' },
    });

    const verified = await verify(id);
    expect(verified.json()).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: {
        id,
        tx_ref: payload.tx_ref,
        status: 'successful',
        amount: 100,
        app_fee: 1.51, // 1.40 fee + 0.11 VAT
        amount_settled: 98.49,
        account_id: expect.any(Number),
        card: { token: expect.stringMatching(/^flw-t1nf-[0-9a-f]{32}-m03k$/) },
        customer: { id: expect.any(Number), email: 'user@example.com' },
      },
    });
    const byRef = await gw.app.inject({
      method: 'GET',
      url: `/v3/transactions/verify_by_reference?tx_ref=${payload.tx_ref}`,
      headers: v3,
    });
    expect(byRef.json().data).toEqual(verified.json().data);
  });

  it('a wrong test PIN or OTP fails the charge', async () => {
    const wrongPin = card(CARDS.mastercard);
    await charge(wrongPin);
    const pinned = await charge({ ...wrongPin, authorization: { mode: 'pin', pin: '1234' } });
    expect(pinned.json().data).toMatchObject({ status: 'failed', processor_response: 'Incorrect pin' });

    const wrongOtp = card(CARDS.mastercard);
    await charge(wrongOtp);
    const { flw_ref: flwRef } = (
      await charge({ ...wrongOtp, authorization: { mode: 'pin', pin: 3310 } })
    ).json().data;
    expect((await validate(flwRef, '99999')).json().data.status).toBe('failed');
  });

  it('NOAUTH Verve card succeeds at once; a declining test card fails at once', async () => {
    const ok = await charge(card('5061460410120223210'));
    expect(ok.json()).toMatchObject({
      message: 'Charge initiated',
      data: { status: 'successful', auth_model: 'NOAUTH' },
    });
    const declined = await charge(card('5143010522339965'));
    expect(declined.json().data).toMatchObject({ status: 'failed', processor_response: 'Do not honor' });
  });

  it('insufficient-funds test card fails after the OTP', async () => {
    const payload = card('5258585922666506');
    await charge(payload);
    const { flw_ref: flwRef } = (
      await charge({ ...payload, authorization: { mode: 'pin', pin: '3310' } })
    ).json().data;
    expect((await validate(flwRef)).json().data).toMatchObject({
      status: 'failed',
      processor_response: 'Insufficient funds',
    });
  });

  it('3DS card: redirect to the sandbox page, then back to redirect_url with the legacy response JSON', async () => {
    const payload = card('4187427415564246');
    const res = await charge(payload);
    expect(res.json()).toMatchObject({
      message: 'Charge initiated',
      data: { status: 'pending', auth_model: 'VBVSECURECODE' },
      meta: {
        authorization: {
          mode: 'redirect',
          redirect: expect.stringContaining('/sandbox/redirects?card&token='),
        },
      },
    });
    const token = new URL(res.json().meta.authorization.redirect as string).searchParams.get('token') ?? '';
    const done = await gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, decision: 'approve' }).toString(),
    });
    expect(done.statusCode).toBe(303);
    const back = new URL(String(done.headers['location']));
    expect(back.origin + back.pathname).toBe('https://merchant.example/v3-return');
    const response = JSON.parse(back.searchParams.get('response') ?? '{}') as Record<string, unknown>;
    expect(response).toMatchObject({
      id: res.json().data.id,
      txRef: payload.tx_ref,
      status: 'successful',
      chargeResponseCode: '00',
      authModelUsed: 'VBVSECURECODE',
      paymentType: 'card',
    });
    expect((await verify(res.json().data.id as number)).json().data.status).toBe('successful');
  });

  it('AVS card: address fields, then the address, then 3-D Secure', async () => {
    const payload = card('4556052704172643');
    expect((await charge(payload)).json()).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: {
        authorization: { mode: 'avs_noauth', fields: ['city', 'address', 'state', 'country', 'zipcode'] },
      },
    });
    const withAddress = await charge({
      ...payload,
      authorization: {
        mode: 'avs_noauth',
        city: 'Hillside',
        address: '470 Mundet PI',
        state: 'NJ',
        country: 'US',
        zipcode: '07205',
      },
    });
    expect(withAddress.json()).toMatchObject({
      data: { auth_model: 'AVS_VBVSECURECODE', status: 'pending' },
      meta: { authorization: { mode: 'redirect' } },
    });
  });

  /** Takes a test card through every step its flow asks for, the way a checkout would; its verified transaction. */
  const driveToTheEnd = async (testCard: TestCard) => {
    const payload = card(testCard.number);
    let res = await charge(payload);
    const mode = () => res.json().meta?.authorization?.mode as string | undefined;
    if (mode() === 'pin') res = await charge({ ...payload, authorization: { mode: 'pin', pin: '3310' } });
    if (mode() === 'avs_noauth') {
      res = await charge({
        ...payload,
        authorization: {
          mode: 'avs_noauth',
          city: 'Lekki',
          address: '1 Admiralty Way',
          state: 'Lagos',
          country: 'NG',
          zipcode: '105102',
        },
      });
    }
    if (mode() === 'otp') res = await validate(res.json().data.flw_ref as string);
    if (mode() === 'redirect') {
      const token = new URL(res.json().meta.authorization.redirect as string).searchParams.get('token') ?? '';
      const page = await gw.app.inject({
        method: 'POST',
        url: '/sandbox/redirects',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token, decision: 'approve' }).toString(),
      });
      expect(page.statusCode).toBe(303);
    }
    const { id } = res.json().data as { id: number };
    return (await verify(id)).json().data as {
      status: string;
      processor_response: string;
      auth_model: string;
    };
  };

  const EXPECTED: Record<string, { status: string; processor_response: string }> = {
    approved: { status: 'successful', processor_response: 'Approved by Financial Institution' },
    insufficient_funds: { status: 'failed', processor_response: 'Insufficient funds' },
    incorrect_pin: { status: 'failed', processor_response: 'Incorrect pin' },
    suspected_fraud: { status: 'failed', processor_response: 'Suspected fraud' },
    do_not_honor: { status: 'failed', processor_response: 'Do not honor' },
    invalid_transaction: { status: 'failed', processor_response: 'Invalid transaction' },
  };
  const AUTH_MODEL = {
    noauth: 'NOAUTH',
    auth_pin: 'PIN',
    auth_3ds: 'VBVSECURECODE',
    auth_avs_3ds: 'AVS_VBVSECURECODE',
  };

  it.each(TEST_CARDS.map((c) => [c.number, c] as const))(
    'test card %s takes its documented flow to its documented outcome',
    async (_number, testCard) => {
      const final = await driveToTheEnd(testCard);
      expect(final).toMatchObject({ ...EXPECTED[testCard.issuer], auth_model: AUTH_MODEL[testCard.flow] });
    },
  );

  it('accepts plain JSON as well as the encrypted client payload', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3,
      payload: card('5061460410120223210'),
    });
    expect(res.json().data.status).toBe('successful');
  });

  it('refuses a non-test card, unless X-Scenario-Key chooses the outcome', async () => {
    const refused = await charge(card(CARDS.visa));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual({
      status: 'error',
      message: 'This is a test environment, only test cards can be used',
      data: null,
    });
    const payload = card(CARDS.visa);
    const scenario = { 'x-scenario-key': 'scenario:auth_pin&issuer:approved' };
    expect((await charge(payload, scenario)).json().meta.authorization.mode).toBe('pin');
    const otp = await charge({ ...payload, authorization: { mode: 'pin', pin: '0000' } }, scenario);
    expect(otp.json().meta.authorization.mode).toBe('otp');
  });

  it('answers bad payloads in the v3 envelope, naming the field', async () => {
    const wrongKey = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3,
      payload: { client: encrypt3Des('x'.repeat(24), JSON.stringify(card(CARDS.mastercard))) },
    });
    expect(wrongKey.statusCode).toBe(400);
    expect(wrongKey.json()).toEqual({
      status: 'error',
      message: 'client cannot be decrypted with your encryption key',
      data: null,
    });
    const { email: _email, ...noEmail } = card(CARDS.mastercard);
    const missing = await charge(noEmail);
    expect(missing.json()).toEqual({ status: 'error', message: 'email is required', data: null });
    const badCard = await charge(card('5531886652142951'));
    expect(badCard.json().status).toBe('error');
    const expired = await charge({ ...card('5061460410120223210'), expiry_year: '20' });
    expect(expired.json().message).toContain('expiry_year');
  });

  it('refuses a tx_ref that already names a finished transaction', async () => {
    const payload = card('5061460410120223210');
    await charge(payload);
    const again = await charge(payload);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      status: 'error',
      message: `A transaction with tx_ref ${payload.tx_ref} already exists`,
      data: null,
    });
  });
});

describe('one engine, two dialects', () => {
  it('a v4 charge verifies on v3 by its reference, and a v3 charge lists on v4', async () => {
    const reference = `both-ways-${Date.now().toString(36)}`;
    const created = await gw.app.inject({
      method: 'POST',
      url: '/orchestration/direct-charges',
      headers: m.headers,
      payload: {
        amount: 2500,
        currency: 'NGN',
        reference,
        customer: { email: 'both@example.com' },
        payment_method: {
          type: 'card',
          card: encryptCard(m.credentials.v4.encryption_key, { number: CARDS.visa }),
        },
      },
    });
    const onV3 = await gw.app.inject({
      method: 'GET',
      url: `/v3/transactions/verify_by_reference?tx_ref=${reference}`,
      headers: v3,
    });
    expect(onV3.json().data).toMatchObject({ tx_ref: reference, amount: 2500, status: 'successful' });
    expect(created.json().data.status).toBe('succeeded');

    const payload = card('5061460410120223210');
    await charge(payload);
    const onV4 = await gw.app.inject({
      method: 'GET',
      url: `/charges?reference=${payload.tx_ref}`,
      headers: m.headers,
    });
    expect(onV4.json().data).toHaveLength(1);
    expect(onV4.json().data[0]).toMatchObject({
      reference: payload.tx_ref,
      status: 'succeeded',
      amount: 100,
    });
  });

  it("never shows another merchant's transaction", async () => {
    const other = await gw.merchant('Other legacy');
    const payload = card('5061460410120223210');
    const { id } = (await charge(payload)).json().data;
    const res = await gw.app.inject({
      method: 'GET',
      url: `/v3/transactions/${id as number}/verify`,
      headers: { authorization: `Bearer ${other.credentials.v3.secret_key}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      status: 'error',
      message: 'No transaction was found for this id',
      data: null,
    });
  });
});
