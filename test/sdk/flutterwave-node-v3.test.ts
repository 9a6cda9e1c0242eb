/**
 * The official Node SDK, `flutterwave-node-v3@1.4.1`, unchanged, against an in-process Baobab on a
 * loopback port (v3 spec §10). The SDK is pointed at it with its third constructor argument (a base
 * URL ending in `/`), its telemetry is replaced by a no-op (./no-telemetry.ts), and every outgoing
 * connection of this process is recorded to prove that nothing left for another host.
 *
 * Each test drives one SDK method the way its documentation does, asserts the documented reply, and
 * checks the final state through `flw.Transaction.verify`.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { silenceFlutterwaveTelemetry } from './no-telemetry.js';

// ─── The SDK, as far as these tests call it (it ships no types) ─────────────────────────────────

interface Authorization {
  readonly mode: string;
  readonly fields?: readonly string[];
  readonly endpoint?: string;
  readonly redirect?: string;
}

interface V3Reply<T> {
  readonly status: string;
  readonly message: string;
  readonly data?: T;
  readonly meta?: {
    readonly authorization?: Authorization;
    readonly page_info?: {
      readonly total: number;
      readonly current_page: number;
      readonly total_pages: number;
    };
  };
}

interface V3Transaction {
  readonly id: number;
  readonly tx_ref: string;
  readonly flw_ref: string;
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly processor_response: string;
  readonly auth_model: string;
  readonly card?: { readonly token?: string };
}

interface V3ListRow {
  readonly tx_ref: string;
  readonly status: string;
}

interface CardChargeRequest {
  readonly enckey: string;
  readonly card_number: string;
  readonly cvv: string;
  readonly expiry_month: string;
  readonly expiry_year: string;
  readonly currency: string;
  readonly amount: number;
  readonly email: string;
  readonly fullname: string;
  readonly tx_ref: string;
  readonly redirect_url: string;
  readonly authorization?:
    | { readonly mode: 'pin'; readonly pin: string }
    | {
        readonly mode: 'avs_noauth';
        readonly city: string;
        readonly address: string;
        readonly state: string;
        readonly country: string;
        readonly zipcode: string;
      };
}

interface TokenizedChargeRequest {
  readonly token: string;
  readonly currency: string;
  readonly country: string;
  readonly amount: number;
  readonly email: string;
  readonly tx_ref: string;
  readonly narration: string;
  readonly full_name?: string;
}

interface FlutterwaveSdk {
  readonly Charge: {
    card(payload: CardChargeRequest): Promise<V3Reply<V3Transaction>>;
    validate(payload: {
      otp: string;
      flw_ref: string;
      type: 'card' | 'account';
    }): Promise<V3Reply<V3Transaction>>;
  };
  readonly Transaction: {
    verify(payload: { id: number }): Promise<V3Reply<V3Transaction>>;
    verify_by_tx(payload: { tx_ref: string }): Promise<V3Reply<V3Transaction>>;
    fetch(payload?: { from?: string; to?: string; page?: string }): Promise<V3Reply<V3ListRow[]>>;
    fee(payload: { amount: number; currency: string }): Promise<V3Reply<Record<string, unknown>>>;
    refund(payload: { id: string; amount: number }): Promise<V3Reply<Record<string, unknown>>>;
    resend_hooks(payload: { id: number }): Promise<V3Reply<unknown>>;
    event(payload: { id: number }): Promise<V3Reply<Record<string, unknown>[]>>;
  };
  readonly Tokenized: {
    charge(payload: TokenizedChargeRequest): Promise<V3Reply<V3Transaction>>;
  };
  readonly Bank: {
    country(payload: { country: string }): Promise<V3Reply<Record<string, unknown>[]>>;
  };
}

type FlutterwaveConstructor = new (publicKey: string, secretKey: string, baseUrl: string) => FlutterwaveSdk;

// The hook must be in place before the SDK's first `require` of its logger.
const telemetry = silenceFlutterwaveTelemetry();
const requireCjs = createRequire(import.meta.url);
const Flutterwave = requireCjs('flutterwave-node-v3') as FlutterwaveConstructor;

// ─── Recording every outgoing request and connection ─────────────────────────────────────────────

const fetched: string[] = [];
const connections: string[] = [];
const originalFetch = globalThis.fetch;
const socketProto = net.Socket.prototype as unknown as { connect(...args: unknown[]): net.Socket };
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied with the socket as `this`
const originalConnect = socketProto.connect;

/** host:port of a `Socket#connect` call, in any of its forms (options, normalised args, port+host, path). */
function connectTarget(args: readonly unknown[]): string {
  const first: unknown = Array.isArray(args[0]) ? (args[0] as readonly unknown[])[0] : args[0];
  const portOf = (p: unknown) => (typeof p === 'number' || typeof p === 'string' ? String(p) : '?');
  if (typeof first === 'object' && first !== null) {
    const o = first as { readonly host?: unknown; readonly port?: unknown; readonly path?: unknown };
    if (typeof o.path === 'string') return `ipc:${o.path}`;
    return `${typeof o.host === 'string' ? o.host : 'localhost'}:${portOf(o.port)}`;
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return `ipc:${first}`;
  return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${portOf(first)}`;
}

// ─── The gateway and the SDK pointed at it ───────────────────────────────────────────────────────

let gw: TestGateway;
let m: TestMerchant;
let baseUrl: string;
let port: number;
let flw: FlutterwaveSdk;
let n = 0;
/** A tx_ref mixing `-` and `_`, as merchants' references do. */
const txRef = () => `sdk-ref_${(n++).toString(36)}-${Date.now().toString(36)}_x`;

beforeAll(async () => {
  globalThis.fetch = (...args: Parameters<typeof fetch>) => {
    const [input] = args;
    fetched.push(input instanceof Request ? input.url : input.toString());
    return originalFetch(...args);
  };
  socketProto.connect = function (this: net.Socket, ...args: unknown[]) {
    connections.push(connectTarget(args));
    return originalConnect.apply(this, args);
  };

  gw = await startGateway();
  await gw.app.listen({ host: '127.0.0.1', port: 0 });
  port = (gw.app.server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}/`;
  m = await gw.merchant('SDK Shop');
  flw = new Flutterwave(m.credentials.v3.public_key, m.credentials.v3.secret_key, baseUrl);
});

afterAll(async () => {
  globalThis.fetch = originalFetch;
  socketProto.connect = originalConnect;
  await gw.close();
  telemetry.restore();
});

// ─── Test cards (v3 spec §4.1) and helpers ───────────────────────────────────────────────────────

const PIN = '3310';
const OTP = '12345';
const EMAIL = 'user@example.com';

const cardCharge = (
  card_number: string,
  extra: Partial<Pick<CardChargeRequest, 'cvv' | 'expiry_month' | 'expiry_year' | 'amount'>> = {},
): CardChargeRequest => ({
  enckey: m.credentials.v3.encryption_key,
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
 * Answers the sandbox 3-D Secure page the way the customer's browser would: the link carries the
 * public URL (`http://baobab.test`), so its token is POSTed to this server's own page. The 303 back
 * to the merchant's `redirect_url` is not followed (that host is not ours).
 */
async function approveRedirect(link: string): Promise<void> {
  const token = new URL(link).searchParams.get('token') ?? '';
  expect(token).not.toBe('');
  const res = await fetch(new URL('sandbox/redirects', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, decision: 'approve' }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(/^https:\/\/merchant\.example\/v3-return\?/);
}

/** A successful NOAUTH Verve charge through the SDK; returns its verified transaction. */
async function paidTransaction(amount = 100): Promise<V3Transaction> {
  const charged = await flw.Charge.card(
    cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31', amount }),
  );
  expect(charged.data?.status).toBe('successful');
  const verified = await flw.Transaction.verify({ id: charged.data?.id ?? 0 });
  expect(verified.data?.status).toBe('successful');
  return verified.data as V3Transaction;
}

// ─── Charge.card / Charge.validate ───────────────────────────────────────────────────────────────

describe('flw.Charge.card and flw.Charge.validate', () => {
  it('PIN card 5531886652142950: pin, then otp, then "Charge validated" and a successful verify', async () => {
    const payload = cardCharge('5531886652142950');
    expect(await flw.Charge.card(payload)).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: { authorization: { mode: 'pin', fields: ['pin'] } },
    });

    const withPin = await flw.Charge.card({ ...payload, authorization: { mode: 'pin', pin: PIN } });
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

    const validated = await flw.Charge.validate({ otp: OTP, flw_ref, type: 'card' });
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

    const verified = await flw.Transaction.verify({ id });
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
    expect(await flw.Charge.card(payload)).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: {
        authorization: { mode: 'avs_noauth', fields: ['city', 'address', 'state', 'country', 'zipcode'] },
      },
    });

    const withAddress = await flw.Charge.card({
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
    expect((await flw.Transaction.verify({ id })).data?.status).toBe('pending');

    await approveRedirect(redirectOf(withAddress));
    expect(await flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'successful' },
    });
  });

  it('3DS card 4187427415564246: redirect at once; approved page → successful', async () => {
    const payload = cardCharge('4187427415564246', { cvv: '828' });
    const charged = await flw.Charge.card(payload);
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
    expect(await flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'successful', auth_model: 'VBVSECURECODE' },
    });
  });

  it('NOAUTH Verve card 5061460410120223210: successful at once', async () => {
    const payload = cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' });
    const charged = await flw.Charge.card(payload);
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
    expect(await flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      data: { id, tx_ref: payload.tx_ref, status: 'successful', auth_model: 'NOAUTH' },
    });
  });

  it('declining card 5258585922666506: fails after the OTP with insufficient funds', async () => {
    const payload = cardCharge('5258585922666506', { cvv: '883', expiry_year: '31' });
    expect((await flw.Charge.card(payload)).meta?.authorization?.mode).toBe('pin');
    const withPin = await flw.Charge.card({ ...payload, authorization: { mode: 'pin', pin: PIN } });
    expect(withPin).toMatchObject({
      status: 'success',
      data: { status: 'pending' },
      meta: { authorization: { mode: 'otp' } },
    });
    const { id, flw_ref } = withPin.data as V3Transaction;

    const validated = await flw.Charge.validate({ otp: OTP, flw_ref, type: 'card' });
    expect(validated.data).toMatchObject({ id, status: 'failed', processor_response: 'Insufficient funds' });
    expect(await flw.Transaction.verify({ id })).toMatchObject({
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
    const verified = await flw.Transaction.verify({ id: tx.id });
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

    expect(await flw.Transaction.verify({ id: 999_999_999 })).toEqual({
      status: 'error',
      message: 'No transaction was found for this id',
      data: null,
    });
  });

  it('verify_by_tx({tx_ref}): the unencoded tx_ref finds the same transaction as verify', async () => {
    const tx = await paidTransaction();
    expect(tx.tx_ref).toMatch(/-.*_|_.*-/);
    const byRef = await flw.Transaction.verify_by_tx({ tx_ref: tx.tx_ref });
    expect(byRef).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id: tx.id, tx_ref: tx.tx_ref, status: 'successful' },
    });
    expect(byRef.data).toEqual((await flw.Transaction.verify({ id: tx.id })).data);
  });

  it('fetch({from, to, page}): "Transactions fetched" with page_info, through `//v3/transactions?&…`', async () => {
    // A merchant of its own, so the list holds exactly what this test made.
    const own = await gw.merchant('SDK list shop');
    const ownFlw = new Flutterwave(own.credentials.v3.public_key, own.credentials.v3.secret_key, baseUrl);
    const refs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const payload = {
        ...cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' }),
        enckey: own.credentials.v3.encryption_key,
      };
      expect((await ownFlw.Charge.card(payload)).data?.status).toBe('successful');
      refs.push(payload.tx_ref);
    }
    const day = gw.clock.now().toISOString().slice(0, 10);
    const before = fetched.length;

    const list = await ownFlw.Transaction.fetch({ from: day, to: day, page: '1' });
    expect(fetched.slice(before)).toEqual([`${baseUrl}/v3/transactions?&from=${day}&to=${day}&page=1`]);
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
    expect(fetched.at(-1)).toBe(`${baseUrl}/v3/transactions?`);
    expect(all).toMatchObject({
      status: 'success',
      message: 'Transactions fetched',
      meta: { page_info: { total: 2, current_page: 1, total_pages: 1 } },
    });
    expect(all.data?.map((row) => row.tx_ref).sort()).toEqual([...refs].sort());
  });

  it('fee({amount, currency}): "Charged fee" with the documented fee fields', async () => {
    const fee = await flw.Transaction.fee({ amount: 1000, currency: 'NGN' });
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
    const refund = await flw.Transaction.refund({ id: String(tx.id), amount: 400 });
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
    expect(await flw.Transaction.verify({ id: tx.id })).toMatchObject({
      status: 'success',
      data: { id: tx.id, status: 'successful', amount: 1000 },
    });
  });

  it('resend_hooks({id}): "hook sent successfully"', async () => {
    const tx = await paidTransaction();
    expect(await flw.Transaction.resend_hooks({ id: tx.id })).toEqual({
      status: 'success',
      message: 'hook sent successfully',
      data: 'hook sent',
    });
    expect((await flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
  });

  it('event({id}): "Transaction events fetched", a timeline of {note, actor, object, action, context, created_at}', async () => {
    const tx = await paidTransaction();
    const events = await flw.Transaction.event({ id: tx.id });
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
    expect((await flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
  });
});

// ─── Tokenized.charge ────────────────────────────────────────────────────────────────────────────

describe('flw.Tokenized', () => {
  it('charge({token, …}) with the card.token of a verify: "Charge successful", noauth, verified', async () => {
    const first = await paidTransaction();
    const token = first.card?.token ?? '';
    expect(token).toMatch(/^flw-t1nf-[0-9a-f]{32}-m03k$/);

    const tx_ref = txRef();
    const charged = await flw.Tokenized.charge({
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
    expect(await flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      data: { id, tx_ref, amount: 250, status: 'successful' },
    });
  });
});

// ─── Bank.country ────────────────────────────────────────────────────────────────────────────────

describe('flw.Bank', () => {
  it('country({country: "NG"}): "Banks fetched successfully", [{id, code, name}]', async () => {
    const banks = await flw.Bank.country({ country: 'NG' });
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

describe('telemetry', () => {
  it('the SDK got the no-op logger and the real one was never evaluated nor wrote its state', () => {
    expect(telemetry.served.length).toBeGreaterThan(0);
    expect(telemetry.served.every((file) => file.includes('flutterwave-node-v3'))).toBe(true);
    const realLogger = requireCjs.resolve('flutterwave-node-v3/utils/logger.js');
    expect(requireCjs.cache[realLogger]).toBeUndefined();
    expect(process.env['FLW_SDK_STATE_PATH']).toBe(telemetry.statePath);
    expect(existsSync(telemetry.statePath)).toBe(false);
  });

  it('the no-op logger has exactly the exports of the real utils/logger.js', () => {
    // Evaluating the real module does no I/O: its network calls happen only in init() and log*().
    const real = requireCjs('flutterwave-node-v3/utils/logger.js') as Record<string, unknown>;
    expect(Object.keys(telemetry.logger).sort()).toEqual(Object.keys(real).sort());
    for (const name of Object.keys(real)) expect(typeof real[name]).toBe('function');
  });

  it('no request and no connection left for anything but the gateway on loopback', () => {
    expect(fetched.length).toBeGreaterThan(10);
    for (const url of fetched) expect(url.startsWith(baseUrl)).toBe(true);
    expect(connections.length).toBeGreaterThan(0);
    expect(new Set(connections)).toEqual(new Set([`127.0.0.1:${port}`]));
  });
});
