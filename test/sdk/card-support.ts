/**
 * Shared setup of the flutterwave-node-v3-card and -transactions test files: the official Node SDK,
 * `flutterwave-node-v3@1.4.1`, unchanged, against an in-process Baobab on a loopback port (v3 spec §10). How the
 * SDK is pointed at the gateway, its telemetry silenced and every outgoing connection recorded is in ./support.ts,
 * shared with the suites of the other payment methods (./flutterwave-node-v3-methods-*.test.ts).
 *
 * Each test drives one SDK method the way its documentation does, asserts the documented reply, and
 * checks the final state through `flw.Transaction.verify`. Importing this module starts one SDK gateway for
 * the importing test file.
 */
import { expect } from 'vitest';
import {
  pressOnPage,
  useSdkGateway,
  type CardChargeRequest,
  type V3Reply,
  type V3Transaction,
} from './support.js';

export const sdk = useSdkGateway('SDK Shop');
export let n = 0;
/** A tx_ref mixing `-` and `_`, as merchants' references do. */
export const txRef = () => `sdk-ref_${(n++).toString(36)}-${Date.now().toString(36)}_x`;

// ─── Test cards (v3 spec §4.1) and helpers ───────────────────────────────────────────────────────

export const PIN = '3310';
export const OTP = '12345';
export const EMAIL = 'user@example.com';

export const cardCharge = (
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

export const redirectOf = (reply: V3Reply<unknown>): string => {
  const link = reply.meta?.authorization?.redirect;
  expect(link).toEqual(expect.stringContaining('/sandbox/redirects'));
  return link ?? '';
};

/**
 * Answers the sandbox 3-D Secure page the way the customer's browser would: Approve. The 303 back to
 * the merchant's `redirect_url` is not followed (that host is not ours).
 */
export async function approveRedirect(link: string): Promise<void> {
  const res = await pressOnPage(sdk.baseUrl, link, 'Approve');
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toMatch(/^https:\/\/merchant\.example\/v3-return\?/);
}

/** A successful NOAUTH Verve charge through the SDK; returns its verified transaction. */
export async function paidTransaction(amount = 100): Promise<V3Transaction> {
  const charged = await sdk.flw.Charge.card(
    cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31', amount }),
  );
  expect(charged.data?.status).toBe('successful');
  const verified = await sdk.flw.Transaction.verify({ id: charged.data?.id ?? 0 });
  expect(verified.data?.status).toBe('successful');
  return verified.data as V3Transaction;
}
