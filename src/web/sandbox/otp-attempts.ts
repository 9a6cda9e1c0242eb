/**
 * The mobile-money page's OTP: the sandbox OTP, and wrong answers counted towards a limit.
 *
 * Where the count lives: in the page's own form, as `<failed>.<HMAC over the link token and failed>`,
 * re-signed with every wrong answer. Not in process memory (any node may serve the next post), and not
 * on the charge: a write there would bump the charge's version, which spends the link the merchant
 * holds and restarts its 300-second clock — a wrong OTP must change nothing. The price: opening the
 * link afresh (or re-posting an older form) starts counting again. Acceptable here because the
 * sandbox OTP is printed on the page: the limit shows an integration what happens after too many wrong
 * OTPs, it protects no secret. The MAC is bound to the link token (hence to the charge, its step and
 * the merchant), so a count cannot be forged or carried to another payment.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { SANDBOX_OTP } from '../../methods/sandbox-pages.js';

/** Wrong OTPs allowed: the last one fails the payment. */
export const MAX_OTP_ATTEMPTS = 3;

// Domain separation: nothing else signed with the link key starts like this (JWT signing input is base64url).
const LABEL = 'baobab/sandbox-otp-attempts\n';

const mac = (key: Buffer, token: string, failed: number): Buffer =>
  createHmac('sha256', key).update(`${LABEL}${token}\n${failed}`).digest();

/** The form value that proves `failed` wrong OTPs were entered for this link. */
export function signAttempts(key: Buffer, token: string, failed: number): string {
  return `${failed}.${mac(key, token, failed).toString('base64url')}`;
}

/**
 * How many wrong OTPs the form proves for this link: 0 without a value, undefined for a value that
 * is not one this server signed for this link (an altered form).
 */
export function readAttempts(key: Buffer, token: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return 0;
  const m = /^([1-9]\d{0,2})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m?.[1] || !m[2]) return undefined;
  const failed = Number(m[1]);
  if (failed >= MAX_OTP_ATTEMPTS) return undefined;
  const given = Buffer.from(m[2], 'base64url');
  const expected = mac(key, token, failed);
  return given.length === expected.length && timingSafeEqual(given, expected) ? failed : undefined;
}

export type OtpCheck =
  | { readonly result: 'missing' }
  | { readonly result: 'right' }
  /** Wrong, with `left` tries remaining; `failed` is the new count to sign. */
  | { readonly result: 'wrong'; readonly failed: number; readonly left: number }
  /** Wrong, and that was the last try: the payment fails. */
  | { readonly result: 'exhausted' };

/** Judges an OTP after `failedBefore` wrong ones. Spaces are ignored ("123 456"); nothing else is forgiven. */
export function checkOtp(otp: string | undefined, failedBefore: number): OtpCheck {
  const entered = (otp ?? '').replace(/\s+/g, '');
  if (entered === '') return { result: 'missing' };
  if (entered === SANDBOX_OTP) return { result: 'right' };
  const failed = failedBefore + 1;
  return failed >= MAX_OTP_ATTEMPTS
    ? { result: 'exhausted' }
    : { result: 'wrong', failed, left: MAX_OTP_ATTEMPTS - failed };
}
