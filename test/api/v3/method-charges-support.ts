/**
 * What the tests of the v3 charge types other than card share: a body per type as Flutterwave's docs
 * send it, the calls a merchant makes (charge, verify, sandbox controls, inbound transfers), the
 * customer's answer on the sandbox page, and reading back what the customer's phone or browser gets
 * (a QR code image, the `response=` legacy JSON on the way back to the merchant).
 */
import { expect } from 'vitest';
import type { TestGateway, TestMerchant } from '../../support/gateway.js';
import { uniqueRef, v3Headers } from '../../support/v3.js';

export const RETURN_URL = 'https://merchant.example/v3-return';
export const EMAIL = 'ama@example.com';

/** A valid body per type (v3 spec §5; the official SDK's samples), above each method's smallest amount. */
export const BODIES = {
  mobile_money_ghana: { amount: 150, currency: 'GHS', network: 'MTN', phone_number: '054709929220' },
  mobile_money_uganda: { amount: 1500, currency: 'UGX', network: 'AIRTEL', phone_number: '054709929220' },
  mobile_money_rwanda: {
    amount: 1500,
    currency: 'RWF',
    phone_number: '054709929220',
    order_id: 'USS_URG_893982923s2323',
  },
  mobile_money_zambia: { amount: 1500, currency: 'ZMW', phone_number: '054709929220' },
  mobile_money_tanzania: { amount: 1500, currency: 'TZS', network: 'Halopesa', phone_number: '0782835136' },
  mobile_money_franco: { amount: 1000, currency: 'XAF', country: 'CM', phone_number: '23700000020' },
  mpesa: { amount: 100, currency: 'KES', phone_number: '25454709929220' },
  ussd: { amount: 1500, currency: 'NGN', account_bank: '058', phone_number: '07033923458' },
  qr: { amount: 1500, currency: 'NGN', is_nqr: '1' },
  voucher_payment: { amount: 100, currency: 'ZAR', pin: '1020822108705120', phone_number: '271000010010' },
  mono: { amount: 300, currency: 'NGN', phone_number: '08074568890' },
  'account-ach-uk': { amount: 10, currency: 'GBP', is_token_io: 1, phone_number: '0902620185' },
  ach_payment: { amount: 100, currency: 'USD', country: 'US' },
  applepay: { amount: 10, currency: 'USD', billing_zip: '15101', billing_country: 'US' },
  googlepay: { amount: 10, currency: 'USD', billing_city: 'allison park' },
  enaira: { amount: 100, currency: 'NGN' },
  opay: { amount: 100, currency: 'NGN', phone_number: '08012345678' },
  fawry_pay: { amount: 100, currency: 'EGP', phone_number: '09012345678' },
  bank_transfer: { amount: 1500, currency: 'NGN', expires: 3600, narration: 'All star college' },
  paypal: { amount: 25, currency: 'USD', country: 'US', billing_city: 'Boston' },
  debit_ng_account: {
    amount: 1500,
    currency: 'NGN',
    account_bank: '044',
    account_number: '0690000031',
    phone_number: '0902620185',
  },
} as const satisfies Record<string, Record<string, unknown>>;

export type ChargeType = keyof typeof BODIES;

export function body(
  type: ChargeType,
  extra: Record<string, unknown> = {},
): Record<string, unknown> & {
  tx_ref: string;
} {
  return {
    tx_ref: uniqueRef(type.replace(/_/g, '-')),
    email: EMAIL,
    fullname: 'Ama Mensah',
    redirect_url: RETURN_URL,
    ...BODIES[type],
    ...extra,
  };
}

/** The merchant's v3 calls, as `m()` (another merchant with `who`). */
export function api(gw: TestGateway, m: () => TestMerchant) {
  const headers = (who: TestMerchant) => v3Headers(who);
  return {
    charge: (type: string, payload: object, extra: Record<string, string> = {}, who = m()) =>
      gw.app.inject({
        method: 'POST',
        url: `/v3/charges?type=${type}`,
        headers: { ...headers(who), ...extra },
        payload,
      }),
    verify: (id: number, who = m()) =>
      gw.app.inject({ method: 'GET', url: `/v3/transactions/${id}/verify`, headers: headers(who) }),
    verifyByRef: (txRef: string) =>
      gw.app.inject({
        method: 'GET',
        url: `/v3/transactions/verify_by_reference?tx_ref=${encodeURIComponent(txRef)}`,
        headers: headers(m()),
      }),
    control: (id: number | string, decision: 'approve' | 'decline', payload?: object, who = m()) =>
      gw.app.inject({
        method: 'POST',
        url: `/v3/sandbox/charges/${id}/${decision}`,
        headers: headers(who),
        ...(payload ? { payload } : {}),
      }),
    transfer: (accountNumber: string, amount: number) =>
      gw.app.inject({
        method: 'POST',
        url: '/v3/sandbox/transfers',
        headers: headers(m()),
        payload: { account_number: accountNumber, amount },
      }),
    /** Moves the clock past the sandbox's wait and runs the timers due. */
    async wait() {
      gw.clock.advance(10_001);
      await gw.runJobs();
    },
  };
}

/**
 * The customer answers the sandbox page of `link` as a browser posts its form; mobile-money pages
 * take the sandbox OTP with an approval.
 */
export function answerPage(
  gw: TestGateway,
  link: string,
  decision: 'approve' | 'decline',
  fields: Record<string, string> = {},
) {
  const token = new URL(link).searchParams.get('token') ?? '';
  expect(token).not.toBe('');
  return gw.app.inject({
    method: 'POST',
    url: '/sandbox/redirects',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, decision, ...fields }).toString(),
  });
}

/** The legacy JSON a v3 charge's page sends back to `redirect_url` as `response=` (v3 spec §2.2). */
export function legacyResponseOf(location: unknown): Record<string, unknown> {
  expect(typeof location).toBe('string');
  const back = new URL(location as string);
  expect(`${back.origin}${back.pathname}`).toBe(RETURN_URL);
  return JSON.parse(back.searchParams.get('response') ?? '{}') as Record<string, unknown>;
}
