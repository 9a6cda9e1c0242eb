/**
 * The official Node SDK, `flutterwave-node-v3@1.4.1`, unchanged, against an in-process Baobab on a
 * loopback port (v3 spec §10): cards, transactions, tokenized charges and banks. How the SDK is
 * pointed at the gateway, its telemetry silenced and every outgoing connection recorded is in
 * ./support.ts, shared with the suite of the other payment methods
 * (./flutterwave-node-v3-methods.test.ts).
 *
 * Each test drives one SDK method the way its documentation does, asserts the documented reply, and
 * checks the final state through `flw.Transaction.verify`.
 */
import { describe, expect, it } from 'vitest';
import {
  describeTelemetry,
  pressOnPage,
  useSdkGateway,
  type CardChargeRequest,
  type V3Reply,
  type V3Transaction,
} from './support.js';

const sdk = useSdkGateway('SDK Shop');
let n = 0;
/** A tx_ref mixing `-` and `_`, as merchants' references do. */
const txRef = () => `sdk-ref_${(n++).toString(36)}-${Date.now().toString(36)}_x`;

// ─── Test cards (v3 spec §4.1) and helpers ───────────────────────────────────────────────────────

const PIN = '3310';
const OTP = '12345';
const EMAIL = 'user@example.com';

const cardCharge = (
  card_number: string,
  extra: Partial<Pick<CardChargeRequest, 'cvv' | 'expiry_month' | 'expiry_year' | 'amount'>> = {},
): CardChargeRequest => ({
  enckey: sdk.m.credentials.v3.encryption_key,
  card_number,
  cvv: '564',
  expiry_month: '09',
  expiry_year: '32',
  currency: 'NGN',
  amount: 100,
  email: EMAIL,
  fullname: 'Yemi Desola',
  tx_ref: txRef(),
  redirect_url: 'https://merchant.example/v3-return',
  ...extra,
});

const redirectOf = (reply: V3Reply<unknown>): string => {
  const link = reply.meta?.authorization?.redirect;
  expect(link).toEqual(expect.stringContaining('/sandbox/redirects'));
  return link ?? '';
};

/**
 * Answers the sandbox 3-D Secure page the way the customer's browser would: Approve. The 303 back to
 * the merchant's `redirect_url` is not followed (that host is not ours).
 */
async function approveRedirect(link: string): Promise<void> {
  const res = await pressOnPage(sdk.baseUrl, link, 'Approve');
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(/^https:\/\/merchant\.example\/v3-return\?/);
}

/** A successful NOAUTH Verve charge through the SDK; returns its verified transaction. */
async function paidTransaction(amount = 100): Promise<V3Transaction> {
  const charged = await sdk.flw.Charge.card(
    cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31', amount }),
  );
  expect(charged.data?.status).toBe('successful');
  const verified = await sdk.flw.Transaction.verify({ id: charged.data?.id ?? 0 });
  expect(verified.data?.status).toBe('successful');
  return verified.data as V3Transaction;
}

// ─── Charge.card / Charge.validate ───────────────────────────────────────────────────────────────

describe('flw.Charge.card and flw.Charge.validate', () => {
  it('PIN card 5531886652142950: pin, then otp, then "Charge validated" and a successful verify', async () => {
    const payload = cardCharge('5531886652142950');
    expect(await sdk.flw.Charge.card(payload)).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: { authorization: { mode: 'pin', fields: ['pin'] } },
    });

    const withPin = await sdk.flw.Charge.card({ ...payload, authorization: { mode: 'pin', pin: PIN } });
    expect(withPin).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        id: expect.any(Number),
        tx_ref: payload.tx_ref,
        flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
        amount: 100,
        charged_amount: 100,
        currency: 'NGN',
        status: 'pending',
        auth_model: 'PIN',
        payment_type: 'card',
        card: { first_6digits: '553188', last_4digits: '2950', type: 'MASTERCARD', expiry: '09/32' },
        customer: { email: EMAIL, name: 'Yemi Desola' },
      },
      meta: { authorization: { mode: 'otp', endpoint: '/v3/validate-charge' } },
    });
    const { id, flw_ref } = withPin.data as V3Transaction;

    const validated = await sdk.flw.Charge.validate({ otp: OTP, flw_ref, type: 'card' });
    expect(validated).toMatchObject({
      status: 'success',
      message: 'Charge validated',
      data: {
        id,
        tx_ref: payload.tx_ref,
        flw_ref,
        status: 'successful',
        processor_response: 'Approved by Financial Institution',
      },
    });

    const verified = await sdk.flw.Transaction.verify({ id });
    expect(verified).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: {
        id,
        tx_ref: payload.tx_ref,
        flw_ref,
        status: 'successful',
        amount: 100,
        charged_amount: 100,
        currency: 'NGN',
        payment_type: 'card',
        auth_model: 'PIN',
        card: {
          first_6digits: '553188',
          last_4digits: '2950',
          token: expect.stringMatching(/^flw-t1nf-[0-9a-f]{32}-m03k$/),
        },
        customer: { id: expect.any(Number), email: EMAIL },
      },
    });
  });

  it('AVS card 4556052704172643: avs_noauth, then the address, then redirect; approved page → successful', async () => {
    const payload = cardCharge('4556052704172643', { cvv: '899' });
    expect(await sdk.flw.Charge.card(payload)).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: {
        authorization: { mode: 'avs_noauth', fields: ['city', 'address', 'state', 'country', 'zipcode'] },
      },
    });

    const withAddress = await sdk.flw.Charge.card({
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
    expect(withAddress).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: { id: expect.any(Number), tx_ref: payload.tx_ref, status: 'pending', payment_type: 'card' },
      meta: { authorization: { mode: 'redirect' } },
    });
    const { id } = withAddress.data as V3Transaction;
    expect((await sdk.flw.Transaction.verify({ id })).data?.status).toBe('pending');

    await approveRedirect(redirectOf(withAddress));
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'successful' },
    });
  });

  it('3DS card 4187427415564246: redirect at once; approved page → successful', async () => {
    const payload = cardCharge('4187427415564246', { cvv: '828' });
    const charged = await sdk.flw.Charge.card(payload);
    expect(charged).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        id: expect.any(Number),
        tx_ref: payload.tx_ref,
        status: 'pending',
        auth_model: 'VBVSECURECODE',
        card: { first_6digits: '418742', last_4digits: '4246', type: 'VISA' },
      },
      meta: { authorization: { mode: 'redirect', redirect: expect.any(String) } },
    });
    const { id } = charged.data as V3Transaction;

    await approveRedirect(redirectOf(charged));
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'successful', auth_model: 'VBVSECURECODE' },
    });
  });

  it('NOAUTH Verve card 5061460410120223210: successful at once', async () => {
    const payload = cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' });
    const charged = await sdk.flw.Charge.card(payload);
    expect(charged).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        id: expect.any(Number),
        tx_ref: payload.tx_ref,
        status: 'successful',
        auth_model: 'NOAUTH',
        amount: 100,
        currency: 'NGN',
        card: { first_6digits: '506146', last_4digits: '3210', type: 'VERVE' },
      },
    });
    const { id } = charged.data as V3Transaction;
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      data: { id, tx_ref: payload.tx_ref, status: 'successful', auth_model: 'NOAUTH' },
    });
  });

  it('declining card 5258585922666506: fails after the OTP with insufficient funds', async () => {
    const payload = cardCharge('5258585922666506', { cvv: '883', expiry_year: '31' });
    expect((await sdk.flw.Charge.card(payload)).meta?.authorization?.mode).toBe('pin');
    const withPin = await sdk.flw.Charge.card({ ...payload, authorization: { mode: 'pin', pin: PIN } });
    expect(withPin).toMatchObject({
      status: 'success',
      data: { status: 'pending' },
      meta: { authorization: { mode: 'otp' } },
    });
    const { id, flw_ref } = withPin.data as V3Transaction;

    const validated = await sdk.flw.Charge.validate({ otp: OTP, flw_ref, type: 'card' });
    expect(validated.data).toMatchObject({ id, status: 'failed', processor_response: 'Insufficient funds' });
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'failed', processor_response: 'Insufficient funds' },
    });
  });
});

// ─── Transaction.* ───────────────────────────────────────────────────────────────────────────────

describe('flw.Transaction', () => {
  it('verify({id}): the §1.4 transaction; an unknown id answers the v3 error (the SDK does not throw)', async () => {
    const tx = await paidTransaction(2500);
    const verified = await sdk.flw.Transaction.verify({ id: tx.id });
    expect(verified).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: {
        id: tx.id,
        tx_ref: tx.tx_ref,
        flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
        amount: 2500,
        currency: 'NGN',
        charged_amount: 2500,
        app_fee: expect.any(Number),
        merchant_fee: 0,
        amount_settled: expect.any(Number),
        processor_response: 'Approved by Financial Institution',
        status: 'successful',
        payment_type: 'card',
        created_at: expect.any(String),
        account_id: expect.any(Number),
        card: { first_6digits: '506146', last_4digits: '3210', token: expect.any(String) },
        customer: { id: expect.any(Number), email: EMAIL },
      },
    });

    expect(await sdk.flw.Transaction.verify({ id: 999_999_999 })).toEqual({
      status: 'error',
      message: 'No transaction was found for this id',
      data: null,
    });
  });

  it('verify_by_tx({tx_ref}): the unencoded tx_ref finds the same transaction as verify', async () => {
    const tx = await paidTransaction();
    expect(tx.tx_ref).toMatch(/-.*_|_.*-/);
    const byRef = await sdk.flw.Transaction.verify_by_tx({ tx_ref: tx.tx_ref });
    expect(byRef).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id: tx.id, tx_ref: tx.tx_ref, status: 'successful' },
    });
    expect(byRef.data).toEqual((await sdk.flw.Transaction.verify({ id: tx.id })).data);
  });

  it('fetch({from, to, page}): "Transactions fetched" with page_info, through `//v3/transactions?&…`', async () => {
    // A merchant of its own, so the list holds exactly what this test made.
    const own = await sdk.gw.merchant('SDK list shop');
    const ownFlw = sdk.sdkFor(own);
    const refs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const payload = {
        ...cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' }),
        enckey: own.credentials.v3.encryption_key,
      };
      expect((await ownFlw.Charge.card(payload)).data?.status).toBe('successful');
      refs.push(payload.tx_ref);
    }
    const day = sdk.gw.clock.now().toISOString().slice(0, 10);
    const before = sdk.fetched.length;

    const list = await ownFlw.Transaction.fetch({ from: day, to: day, page: '1' });
    expect(sdk.fetched.slice(before)).toEqual([
      `${sdk.baseUrl}/v3/transactions?&from=${day}&to=${day}&page=1`,
    ]);
    expect(list).toMatchObject({
      status: 'success',
      message: 'Transactions fetched',
      meta: { page_info: { total: 2, current_page: 1, total_pages: 1 } },
    });
    expect(list.data?.map((row) => row.tx_ref).sort()).toEqual([...refs].sort());
    for (const row of list.data ?? []) {
      expect(row).toMatchObject({ status: 'successful', customer_email: EMAIL, payment_type: 'card' });
    }

    // Without a query the SDK asks for `//v3/transactions?` (nothing after the `?`).
    const all = await ownFlw.Transaction.fetch();
    expect(sdk.fetched.at(-1)).toBe(`${sdk.baseUrl}/v3/transactions?`);
    expect(all).toMatchObject({
      status: 'success',
      message: 'Transactions fetched',
      meta: { page_info: { total: 2, current_page: 1, total_pages: 1 } },
    });
    expect(all.data?.map((row) => row.tx_ref).sort()).toEqual([...refs].sort());
  });

  it('fee({amount, currency}): "Charged fee" with the documented fee fields', async () => {
    const fee = await sdk.flw.Transaction.fee({ amount: 1000, currency: 'NGN' });
    expect(fee).toMatchObject({
      status: 'success',
      message: 'Charged fee',
      data: {
        charge_amount: expect.any(Number),
        fee: expect.any(Number),
        merchant_fee: 0,
        flutterwave_fee: expect.any(Number),
        stamp_duty_fee: expect.any(Number),
        currency: 'NGN',
      },
    });
    const data = fee.data as Record<string, number>;
    expect(data['fee']).toBeGreaterThan(0);
    expect(data['fee']).toBe((data['flutterwave_fee'] ?? NaN) + (data['merchant_fee'] ?? NaN));
    expect(data['charge_amount']).toBeGreaterThanOrEqual(1000);
  });

  it('refund({id, amount}): "Transaction refund initiated"; the transaction stays successful', async () => {
    const tx = await paidTransaction(1000);
    // The SDK's joi schema wants `id` as a string and sends the body {"id":"…","amount":400}.
    const refund = await sdk.flw.Transaction.refund({ id: String(tx.id), amount: 400 });
    expect(refund).toMatchObject({
      status: 'success',
      message: 'Transaction refund initiated',
      data: {
        id: expect.any(Number),
        account_id: expect.any(Number),
        tx_id: tx.id,
        flw_ref: expect.any(String),
        wallet_id: expect.any(Number),
        amount_refunded: 400,
        status: 'completed',
        destination: 'payment_source',
        meta: { source: 'availablebalance' },
        created_at: expect.any(String),
      },
    });
    expect(await sdk.flw.Transaction.verify({ id: tx.id })).toMatchObject({
      status: 'success',
      data: { id: tx.id, status: 'successful', amount: 1000 },
    });
  });

  it('resend_hooks({id}): "hook sent successfully"', async () => {
    const tx = await paidTransaction();
    expect(await sdk.flw.Transaction.resend_hooks({ id: tx.id })).toEqual({
      status: 'success',
      message: 'hook sent successfully',
      data: 'hook sent',
    });
    expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
  });

  it('event({id}): "Transaction events fetched", a timeline of {note, actor, object, action, context, created_at}', async () => {
    const tx = await paidTransaction();
    const events = await sdk.flw.Transaction.event({ id: tx.id });
    expect(events).toMatchObject({ status: 'success', message: 'Transaction events fetched' });
    expect(Array.isArray(events.data)).toBe(true);
    expect(events.data?.length).toBeGreaterThan(0);
    for (const event of events.data ?? []) {
      expect(event).toEqual({
        note: expect.any(String),
        actor: expect.any(String),
        object: expect.any(String),
        action: expect.any(String),
        context: expect.any(String),
        created_at: expect.any(String),
      });
    }
    expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
  });
});

// ─── Tokenized.charge ────────────────────────────────────────────────────────────────────────────

describe('flw.Tokenized', () => {
  it('charge({token, …}) with the card.token of a verify: "Charge successful", noauth, verified', async () => {
    const first = await paidTransaction();
    const token = first.card?.token ?? '';
    expect(token).toMatch(/^flw-t1nf-[0-9a-f]{32}-m03k$/);

    const tx_ref = txRef();
    const charged = await sdk.flw.Tokenized.charge({
      token,
      currency: 'NGN',
      country: 'NG',
      amount: 250,
      email: EMAIL, // the email of the first charge (v3 spec §8)
      tx_ref,
      narration: 'Monthly plan',
      full_name: 'Yemi Desola',
    });
    expect(charged).toMatchObject({
      status: 'success',
      message: 'Charge successful',
      data: {
        id: expect.any(Number),
        tx_ref,
        amount: 250,
        currency: 'NGN',
        status: 'successful',
        auth_model: 'noauth',
        card: { token },
      },
    });
    const { id } = charged.data as V3Transaction;
    expect(id).not.toBe(first.id);
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      data: { id, tx_ref, amount: 250, status: 'successful' },
    });
  });
});

// ─── Bank.country ────────────────────────────────────────────────────────────────────────────────

describe('flw.Bank', () => {
  it('country({country: "NG"}): "Banks fetched successfully", [{id, code, name}]', async () => {
    const banks = await sdk.flw.Bank.country({ country: 'NG' });
    expect(banks).toMatchObject({ status: 'success', message: 'Banks fetched successfully' });
    expect(banks.data?.length).toBeGreaterThan(0);
    for (const bank of banks.data ?? []) {
      expect(bank).toMatchObject({
        id: expect.any(Number),
        code: expect.any(String),
        name: expect.any(String),
      });
    }
    expect(banks.data?.map((bank) => bank['code'])).toContain('044'); // Access Bank, of the test accounts (§4.2)
  });
});

// ─── Telemetry (last: it looks back on everything the suite did) ────────────────────────────────

describeTelemetry(sdk);
