/**
 * Bank transfer, bank accounts and wallets (the sandbox bank or wallet page) and `Charge.validate` through the
 * official Node SDK, driven to success and to failure (the setup and the approach are in ./methods-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { pressOnPage, type Authorization, type MethodChargeRequest, type V3Transaction } from './support.js';
import {
  expectOutcome,
  expectVerified,
  pendingByRef,
  ref,
  sdk,
  transfer,
  PAGE_LINK,
  type Charge,
} from './methods-support.js';

describe('flw.Charge.bank_transfer', () => {
  // The docs' sample, less `narration` and `is_permanent`, which the SDK's schema refuses (below).
  const payload = (): MethodChargeRequest => ({
    tx_ref: ref('MC-1585230950508'),
    amount: '1500',
    email: 'johnmadakin@gmail.com',
    phone_number: '054709929220',
    currency: 'NGN',
    client_ip: '154.123.220.1',
    device_fingerprint: '62wd23423rq324323qew1',
    expires: 3600,
  });

  async function start() {
    const p = payload();
    const reply = await sdk.flw.Charge.bank_transfer(p);
    expect(reply).toEqual({
      status: 'success',
      message: 'Charge initiated',
      meta: {
        authorization: {
          transfer_reference: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
          transfer_account: expect.stringMatching(/^[0-9]{10}$/),
          transfer_bank: 'WEMA BANK',
          account_expiration: sdk.gw.clock.now().getTime() + 3_600_000,
          transfer_note: expect.stringContaining('NGN 1,500.00'),
          transfer_amount: '1500.00',
          mode: 'banktransfer',
        },
      },
    });
    const authorization = reply.meta?.authorization as Authorization & { transfer_reference: string };
    const tx = await pendingByRef(p.tx_ref);
    expect(tx).toMatchObject({
      flw_ref: authorization.transfer_reference,
      processor_response: 'Awaiting bank transfer',
      payment_type: 'bank_transfer',
    });
    return { p, tx, account: authorization.transfer_account ?? '' };
  }

  it('"Charge initiated" with no data, the account in meta.authorization; NGN 1,500 arrives → successful', async () => {
    const { p, tx, account } = await start();
    expect(await transfer(account, 1500)).toMatchObject({
      status: 'success',
      message: 'Transfer received',
      data: { id: tx.id, status: 'successful' },
    });
    await expectVerified(tx.id, p, {
      status: 'successful',
      processorResponse: 'Approved',
      paymentType: 'bank_transfer',
    });
  });

  it('NGN 1,000 of the 1,500 arrives → failed, Invalid amount', async () => {
    const { p, tx, account } = await start();
    expect((await transfer(account, 1000)).data).toMatchObject({ id: tx.id, status: 'failed' });
    await expectVerified(tx.id, p, {
      status: 'failed',
      processorResponse: 'Invalid amount',
      paymentType: 'bank_transfer',
    });
  });
});

// ─── Bank accounts and wallets: the sandbox bank or wallet page ─────────────────────────────────

interface PageMethod {
  readonly name: string;
  readonly charge: Charge;
  readonly payload: () => MethodChargeRequest;
  readonly paymentType: string;
  readonly authModel: string;
  readonly pending: string;
  /** Where the link is: `data.meta.authorization` (with `data.auth_url` or not), or the top-level `meta`. */
  readonly link: 'data+auth_url' | 'data' | 'top';
  /** Whether `authorization` carries an empty `validate_instructions`, as Flutterwave's does. */
  readonly instructions: boolean;
  /** The page's buttons. */
  readonly approve: string;
  readonly decline: string;
}

/** The sandbox bank's login page (Pay with Bank, ACH). */
const BANK_LOGIN = {
  link: 'data+auth_url',
  instructions: true,
  approve: 'Log in and approve',
  decline: 'Decline',
} as const;

/** A wallet's payment sheet, its Pay button naming the amount. */
const walletSheet = (amount: string) =>
  ({ instructions: false, approve: `Pay ${amount}`, decline: 'Cancel' }) as const;

/** The docs' Apple Pay sample; their Google Pay one is the same without the phone number. */
const walletPayload = (tx_ref: string): MethodChargeRequest => ({
  tx_ref,
  amount: '10',
  currency: 'USD',
  email: 'user@example.com',
  fullname: 'Yolande Aglaé Colbert',
  redirect_url: 'https://flutterwave.ng',
  client_ip: '192.168.0.1',
  device_fingerprint: 'gdgdhdh738bhshsjs',
  billing_zip: '15101',
  billing_city: 'allison park',
  billing_address: '3563 Huntertown Rd',
  billing_state: 'Pennsylvania',
  billing_country: 'US',
  meta: { metaname: 'testmeta', metavalue: 'testvalue' },
});

const ACH_ZAR: PageMethod = {
  name: 'Charge.ach (type=ach_payment), ZAR',
  charge: (p) => sdk.flw.Charge.ach(p),
  // The docs' sample, less `type`, which the SDK's schema refuses (below).
  payload: () => ({
    tx_ref: ref('MC-1585230ew9v5050e8'),
    amount: '100',
    currency: 'ZAR',
    country: 'SA',
    email: 'olufemi@flw.com',
    phone_number: '0902620185',
    fullname: 'Olufemi Obafunmiso',
    client_ip: '154.123.220.1',
    redirect_url: 'http://olufemiobafunmiso.com/u/payment-completed',
    device_fingerprint: '62wd23423rq324323qew1',
    meta: { flightID: '123949494DC' },
  }),
  paymentType: 'account',
  authModel: 'AUTH',
  pending: 'Pending validation',
  ...BANK_LOGIN,
};

const PAGE_METHODS: readonly PageMethod[] = [
  {
    name: 'Charge.ng (type=mono)',
    charge: (p) => sdk.flw.Charge.ng(p),
    payload: () => ({
      tx_ref: ref('MC-1585230ew9v5050e0'),
      amount: '300',
      currency: 'NGN',
      email: 'johndoe@gmail.com',
      phone_number: '08074568890',
      fullname: 'john doe',
    }),
    paymentType: 'account',
    authModel: 'INTERNET_BANKING',
    pending: 'Pending validation',
    ...BANK_LOGIN,
  },
  {
    name: 'Charge.uk (type=account-ach-uk)',
    charge: (p) => sdk.flw.Charge.uk(p),
    payload: () => ({
      tx_ref: ref('MC-1585230ew9v5050e8'),
      amount: '10',
      currency: 'GBP',
      email: 'olufemi@flw.com',
      phone_number: '0902620185',
      fullname: 'Olufemi Obafunmiso',
      redirect_url: 'https://flutterwave.ng',
      is_token_io: 1,
    }),
    paymentType: 'account-ach-uk',
    authModel: 'TOKEN',
    pending: 'Transaction is pending authentication',
    link: 'top',
    instructions: false,
    approve: 'Authorise payment',
    decline: 'Decline',
  },
  ACH_ZAR,
  {
    ...ACH_ZAR,
    name: 'Charge.ach (type=ach_payment), USD',
    payload: () => ({ ...ACH_ZAR.payload(), currency: 'USD', country: 'US' }),
    paymentType: 'account-ach-us',
  },
  {
    name: 'Charge.applepay',
    charge: (p) => sdk.flw.Charge.applepay(p),
    payload: () => ({ ...walletPayload(ref('MC-TEST-123456')), phone_number: '09012345678' }),
    paymentType: 'applepay',
    authModel: 'APPLEPAY',
    pending: 'Pending validation',
    link: 'data+auth_url',
    ...walletSheet('USD 10.00'),
  },
  {
    name: 'Charge.googlepay',
    charge: (p) => sdk.flw.Charge.googlepay(p),
    payload: () => walletPayload(`${ref('MC-TEST-1234568')}_success_mock`),
    paymentType: 'googlepay',
    authModel: 'GOOGLEPAY_NOAUTH',
    pending: 'Payment token retrieval has been initiated',
    link: 'data+auth_url',
    ...walletSheet('USD 10.00'),
  },
  {
    name: 'Charge.enaira',
    charge: (p) => sdk.flw.Charge.enaira(p),
    payload: () => ({
      tx_ref: ref('MC-TEST-123456'),
      amount: '100',
      currency: 'NGN',
      email: 'user@example.com',
      fullname: 'Yemi Desola',
      phone_number: '09000000000',
      redirect_url: 'https://flutterwave.ng',
    }),
    paymentType: 'enaira',
    authModel: 'ENAIRA',
    pending: 'Pending validation',
    link: 'data',
    ...walletSheet('NGN 100.00'),
  },
];

describe.each(PAGE_METHODS)(
  'flw.$name: the sandbox page',
  ({ charge, payload, paymentType, authModel, pending, link, instructions, approve, decline }) => {
    /** Charges with the docs' payload; the reply is the pending transaction and the page link. */
    async function start() {
      const p = payload();
      const reply = await charge(p);
      expect(reply).toMatchObject({
        status: 'success',
        message: 'Charge initiated',
        data: {
          id: expect.any(Number),
          tx_ref: p.tx_ref,
          flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
          amount: Number(p.amount),
          currency: p.currency,
          status: 'pending',
          processor_response: pending,
          auth_model: authModel,
          payment_type: paymentType,
          customer: { email: p.email },
        },
      });
      const tx = reply.data as V3Transaction;
      const authorization = link === 'top' ? reply.meta?.authorization : tx.meta?.authorization;
      const redirect = authorization?.redirect ?? '';
      expect(authorization).toEqual({
        mode: 'redirect',
        redirect: expect.stringMatching(PAGE_LINK),
        ...(instructions ? { validate_instructions: '' } : {}),
      });
      if (link === 'top') {
        expect(tx.meta ?? {}).not.toHaveProperty('authorization');
      } else {
        expect(reply).not.toHaveProperty('meta');
        // The merchant's meta, beside the authorization.
        expect(tx.meta).toEqual({ ...(p['meta'] as object | undefined), authorization });
      }
      if (link === 'data+auth_url') expect(reply.data).toHaveProperty('auth_url', redirect);
      else expect(reply.data).not.toHaveProperty('auth_url');
      return { p, tx, redirect };
    }

    it(`"Charge initiated" with the page link; "${approve}" on the page → successful`, async () => {
      const { p, tx, redirect } = await start();
      expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('pending');
      await expectOutcome(await pressOnPage(sdk.baseUrl, redirect, approve), p, 'successful');
      await expectVerified(tx.id, p, { status: 'successful', processorResponse: 'Approved', paymentType });
    });

    it(`"${decline}" on the page → failed, Do not honor`, async () => {
      const { p, tx, redirect } = await start();
      await expectOutcome(await pressOnPage(sdk.baseUrl, redirect, decline), p, 'failed');
      await expectVerified(tx.id, p, { status: 'failed', processorResponse: 'Do not honor', paymentType });
    });
  },
);

// ─── Charge.validate ─────────────────────────────────────────────────────────────────────────────

describe('flw.Charge.validate', () => {
  // No method here takes its OTP through validate-charge: mobile-money OTPs are typed on the page,
  // and Pay with Bank (`mono`) is authorised at the bank. Card OTPs are in ./flutterwave-node-v3-card.test.ts.
  it('type "account" on a Nigerian account charge waiting at its bank page: refused; the page still completes it', async () => {
    const p = PAGE_METHODS[0]?.payload() as MethodChargeRequest;
    const tx = (await sdk.flw.Charge.ng(p)).data as V3Transaction;
    expect(await sdk.flw.Charge.validate({ otp: '12345', flw_ref: tx.flw_ref, type: 'account' })).toEqual({
      status: 'error',
      message: expect.stringMatching(/^Transaction FLW-MOCK-[0-9a-f]+ is not awaiting OTP validation$/),
      data: null,
    });
    expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('pending');

    const redirect = tx.meta?.authorization?.redirect ?? '';
    await expectOutcome(await pressOnPage(sdk.baseUrl, redirect, 'Log in and approve'), p, 'successful');
    await expectVerified(tx.id, p, {
      status: 'successful',
      processorResponse: 'Approved',
      paymentType: 'account',
    });
  });

  it('an flw_ref the merchant does not have: "No transaction was found for this flw_ref"', async () => {
    expect(
      await sdk.flw.Charge.validate({ otp: '12345', flw_ref: 'FLW-MOCK-unknown', type: 'account' }),
    ).toEqual({
      status: 'error',
      message: 'No transaction was found for this flw_ref',
      data: null,
    });
  });
});
