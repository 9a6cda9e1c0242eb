/**
 * Mobile money and the other methods the customer pays away from the merchant (a phone prompt, a USSD code,
 * a Fawry reference) through the official Node SDK, driven to success and to failure (the setup and the
 * approach are in ./methods-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { pressOnPage, type MethodChargeRequest, type V3Transaction } from './support.js';
import {
  control,
  expectOutcome,
  expectVerified,
  pendingByRef,
  ref,
  sdk,
  PAGE_LINK,
  type Charge,
} from './methods-support.js';

// ─── Mobile money with the OTP page: Ghana, Uganda, Rwanda, Zambia ──────────────────────────────

const OTP_PAGE_METHODS: readonly {
  readonly name: string;
  readonly charge: Charge;
  readonly payload: () => MethodChargeRequest;
  readonly paymentType: string;
}[] = [
  {
    name: 'MobileMoney.ghana',
    charge: (p) => sdk.flw.MobileMoney.ghana(p),
    payload: () => ({
      tx_ref: ref('test789'),
      amount: '150',
      currency: 'GHS',
      network: 'VODAFONE',
      email: 'stefan.wexler@hotmail.eu',
      phone_number: '054709929220',
      fullname: 'Yolande Aglaé Colbert',
      device_fingerprint: '62wd23423rq324323qew1',
    }),
    paymentType: 'mobilemoneygh',
  },
  {
    name: 'MobileMoney.uganda',
    charge: (p) => sdk.flw.MobileMoney.uganda(p),
    payload: () => ({
      tx_ref: ref('MC-1585230950508'),
      amount: '1500',
      email: 'olufemi@flw.com',
      phone_number: '054709929220',
      currency: 'UGX',
      fullname: 'Olufemi Obafunmiso',
      redirect_url: 'https://rave-webhook.herokuapp.com/receivepayment',
      voucher: '128373',
      network: 'MTN',
    }),
    paymentType: 'mobilemoneyug',
  },
  {
    name: 'MobileMoney.rwanda',
    charge: (p) => sdk.flw.MobileMoney.rwanda(p),
    payload: () => ({
      tx_ref: ref('MC-158523s09v5050e8'),
      order_id: 'USS_URG_893982923s2323',
      amount: '1500',
      currency: 'RWF',
      email: 'olufemi@flw.com',
      phone_number: '054709929220',
      fullname: 'John Madakin',
    }),
    paymentType: 'mobilemoneyrw',
  },
  {
    name: 'MobileMoney.zambia',
    charge: (p) => sdk.flw.MobileMoney.zambia(p),
    payload: () => ({
      tx_ref: ref('MC-15852113s09v5050e8'),
      amount: '1500',
      currency: 'ZMW',
      email: 'olufemi@flw.com',
      phone_number: '054709929220',
      fullname: 'Olufemi Obafunmiso',
      order_id: 'URF_MMGH_1585323540079_5981535',
    }),
    paymentType: 'mobilemoneyzm',
  },
];

describe.each(OTP_PAGE_METHODS)('flw.$name: the OTP page', ({ charge, payload, paymentType }) => {
  /** Charges with the docs' payload; the reply has no `data`, only the page link. */
  async function start() {
    const p = payload();
    const reply = await charge(p);
    expect(reply).toEqual({
      status: 'success',
      message: 'Charge initiated',
      meta: { authorization: { redirect: expect.stringMatching(PAGE_LINK), mode: 'redirect' } },
    });
    const tx = await pendingByRef(p.tx_ref);
    expect(tx).toMatchObject({
      processor_response: 'Pending validation',
      auth_model: 'MOBILEMONEY',
      payment_type: paymentType,
    });
    return { p, tx, link: reply.meta?.authorization?.redirect ?? '' };
  }

  it('"Charge initiated" with only the page link; the OTP 123456 and Confirm payment → successful', async () => {
    const { p, tx, link } = await start();
    await expectOutcome(
      await pressOnPage(sdk.baseUrl, link, 'Confirm payment', { otp: '123456' }),
      p,
      'successful',
    );
    await expectVerified(tx.id, p, { status: 'successful', processorResponse: 'Approved', paymentType });
  });

  it('Cancel payment → failed, Do not honor', async () => {
    const { p, tx, link } = await start();
    await expectOutcome(await pressOnPage(sdk.baseUrl, link, 'Cancel payment'), p, 'failed');
    await expectVerified(tx.id, p, { status: 'failed', processorResponse: 'Do not honor', paymentType });
  });
});

it('a wrong OTP on the page changes nothing; the right one then completes the charge', async () => {
  const p = OTP_PAGE_METHODS[0]?.payload() as MethodChargeRequest;
  const link = (await sdk.flw.MobileMoney.ghana(p)).meta?.authorization?.redirect ?? '';
  const wrong = await pressOnPage(sdk.baseUrl, link, 'Confirm payment', { otp: '000000' });
  expect(wrong.status).toBe(422);
  const tx = await pendingByRef(p.tx_ref);
  await expectOutcome(
    await pressOnPage(sdk.baseUrl, link, 'Confirm payment', { otp: '123456' }),
    p,
    'successful',
  );
  expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
});

// ─── The customer pays away from the merchant: a phone prompt, a USSD code, a Fawry reference ─────

const WAITING_METHODS: readonly {
  readonly name: string;
  readonly charge: Charge;
  readonly payload: () => MethodChargeRequest;
  readonly paymentType: string;
  readonly authModel: string;
  /** `processor_response` while the charge waits. */
  readonly pending: string;
  /** More of the reply's `data`. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The reply's top-level `meta` for this transaction, when the method has one. */
  readonly meta?: (tx: V3Transaction) => unknown;
  /** The customer's decline: for want of funds, or plainly (05, Do not honor). */
  readonly declined: { readonly issuer?: string; readonly processorResponse: string };
}[] = [
  {
    name: 'MobileMoney.mpesa',
    charge: (p) => sdk.flw.MobileMoney.mpesa(p),
    payload: () => ({
      tx_ref: ref('test987'),
      amount: '10',
      currency: 'KES',
      email: 'stefan.wexler@hotmail.eu',
      phone_number: '25454709929220',
      fullname: 'Yolande Aglaé Colbert',
    }),
    paymentType: 'mpesa',
    authModel: 'LIPA_MPESA',
    pending: 'Transaction in progress',
    data: { auth_url: 'N/A', narration: 'FLW-PBF MPESA Transaction ' },
    declined: { issuer: 'insufficient_funds', processorResponse: 'Insufficient funds' },
  },
  {
    name: 'MobileMoney.tanzania',
    charge: (p) => sdk.flw.MobileMoney.tanzania(p),
    payload: () => ({
      tx_ref: ref('MC-158523s09v5050e8'),
      amount: '150',
      currency: 'TZS',
      network: 'Halopesa',
      email: 'user@example.com',
      phone_number: '0782835136',
      fullname: 'Yolande Aglaé Colbert',
      client_ip: '154.123.220.1',
      device_fingerprint: '62wd23423rq324323qew1',
      meta: { flightID: '213213AS' },
    }),
    paymentType: 'mobilemoneytz',
    authModel: 'MOBILEMONEY',
    pending: 'Transaction in progress',
    declined: { issuer: 'insufficient_funds', processorResponse: 'Insufficient funds' },
  },
  {
    name: 'MobileMoney.franco_phone',
    charge: (p) => sdk.flw.MobileMoney.franco_phone(p),
    payload: () => ({
      tx_ref: ref('test321'),
      amount: '10',
      currency: 'XAF',
      country: 'CM',
      email: 'stefan.wexler@hotmail.eu',
      phone_number: '23700000020',
      fullname: 'Yolande Aglaé Colbert',
    }),
    paymentType: 'mobilemoneysn',
    authModel: 'AUTH',
    pending: 'Transaction in progress',
    meta: () => ({ authorization: { mode: 'callback', redirect_url: null } }),
    declined: { issuer: 'insufficient_funds', processorResponse: 'Insufficient funds' },
  },
  {
    name: 'Charge.ussd',
    charge: (p) => sdk.flw.Charge.ussd(p),
    payload: () => ({
      tx_ref: ref('MC-15852309v5050e8'),
      account_bank: '058',
      amount: '1500',
      currency: 'NGN',
      email: 'user@flw.com',
      phone_number: '07033923458',
      fullname: 'Yemi Desola',
    }),
    paymentType: 'ussd',
    authModel: 'USSD',
    pending: 'Transaction in progress',
    data: { payment_code: expect.stringMatching(/^[0-9]+$/) },
    // 058 is Guaranty Trust Bank, whose customers dial *737#.
    meta: (tx) => ({ authorization: { mode: 'ussd', note: `*737*000*${tx.payment_code ?? ''}#` } }),
    declined: { processorResponse: 'Do not honor' },
  },
  {
    name: 'Charge.fawrypay (type=fawry_pay)',
    charge: (p) => sdk.flw.Charge.fawrypay(p),
    // The SDK's docs have no Fawry sample: the fields of v3 spec §5 (EGP, phone_number).
    payload: () => ({
      tx_ref: ref('MC-fawry'),
      amount: '100',
      currency: 'EGP',
      email: 'user@example.com',
      fullname: 'Yolande Aglaé Colbert',
      phone_number: '09012345678',
    }),
    paymentType: 'fawry_pay',
    authModel: 'FAWRY_PAY',
    pending: 'Request is pending',
    data: {
      order_ref: expect.stringMatching(/^URF_FAWRY_[0-9]+_[0-9]+$/),
      payment_code: expect.stringMatching(/^[0-9]{9}$/),
    },
    meta: (tx) => ({
      authorization: {
        mode: 'fawry_pay',
        instruction: `Pay EGP 100.00 at any Fawry outlet or in the myFawry app with reference number ${tx.payment_code ?? ''}`,
      },
    }),
    declined: { processorResponse: 'Do not honor' },
  },
];

describe.each(WAITING_METHODS)(
  'flw.$name: the customer pays away from the merchant',
  ({ charge, payload, paymentType, authModel, pending, data, meta, declined }) => {
    /** Charges with the docs' payload; the reply is the pending transaction. */
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
          charged_amount: Number(p.amount),
          currency: p.currency,
          status: 'pending',
          processor_response: pending,
          auth_model: authModel,
          payment_type: paymentType,
          fraud_status: 'ok',
          charge_type: 'normal',
          customer: { email: p.email },
          ...data,
        },
      });
      const tx = reply.data as V3Transaction;
      if (meta) expect(reply.meta).toEqual(meta(tx));
      else expect(reply).not.toHaveProperty('meta');
      return { p, tx };
    }

    it('"Charge initiated" with the pending transaction; the customer approves → successful', async () => {
      const { p, tx } = await start();
      expect(await control(tx.id, 'approve')).toMatchObject({
        status: 'success',
        message: 'Charge updated',
        data: { id: tx.id, status: 'successful', processor_response: 'Approved' },
      });
      await expectVerified(tx.id, p, { status: 'successful', processorResponse: 'Approved', paymentType });
    });

    it(`the customer declines (by flw_ref) → failed, ${declined.processorResponse}`, async () => {
      const { p, tx } = await start();
      const body = declined.issuer === undefined ? undefined : { issuer: declined.issuer };
      expect(await control(tx.flw_ref, 'decline', body)).toMatchObject({
        status: 'success',
        data: { id: tx.id, status: 'failed', processor_response: declined.processorResponse },
      });
      await expectVerified(tx.id, p, {
        status: 'failed',
        processorResponse: declined.processorResponse,
        paymentType,
      });
    });
  },
);

// ─── Bank transfer: money into the charge's own account ─────────────────────────────────────────
