/**
 * Virtual accounts: account numbers the gateway hands out so customers can pay by bank transfer.
 * Glossary:
 * - dynamic: for one payment of `amount`, until `expiresAt` (an hour by default); paid in full, it
 *   is used up and becomes inactive;
 * - static: a customer's permanent account (amount 0), taking any number of transfers of any amount;
 * - inactive: deactivated by the merchant, expired, or used up (`inactiveReason`). Expiry is never
 *   written: it is read from `expiresAt` against the clock, so an account is inactive the instant it
 *   expires, whoever asks;
 * - charge-bound: an account opened for one v3 bank-transfer charge (`chargeId`): a transfer into it
 *   pays that charge rather than creating a new one.
 * Amounts are integer minor units of `currency`. The scenario (`issuer:approved|failed`) is bound at
 * creation and decides the outcome of every transfer into the account.
 */
import type { Scenario } from './charge.js';
import type { ChargeOrigin } from './charge.js';
import type { Meta } from './customer.js';
import type { Currency } from './money.js';

export type VirtualAccountType = 'static' | 'dynamic';

export type VirtualAccountStatus = 'active' | 'inactive';

/** Why an account takes no more transfers. `expired` is derived, never stored. */
export type InactiveReason = 'deactivated' | 'used' | 'expired';

export const VIRTUAL_ACCOUNT_CURRENCIES = ['NGN', 'GHS', 'EGP', 'KES'] as const satisfies readonly Currency[];
export type VirtualAccountCurrency = (typeof VIRTUAL_ACCOUNT_CURRENCIES)[number];

/** Currencies whose accounts are opened against the customer's own account number (spec §8.7). */
export const NEEDS_CUSTOMER_ACCOUNT: readonly VirtualAccountCurrency[] = ['EGP', 'KES'];

/** How long a dynamic account lives when the request names no expiry, and the limits it may name. */
export const DEFAULT_EXPIRY_SECONDS = 3600;
export const MIN_EXPIRY_SECONDS = 60;
export const MAX_EXPIRY_SECONDS = 31_536_000;

/** Static accounts never expire; the API shows them expiring in about a thousand years (spec §8.7). */
export const STATIC_LIFETIME_YEARS = 1000;

/**
 * The sandbox's partner bank per currency, and its three-digit code (the NUBAN check digit of a
 * Nigerian account number depends on it). WEMA BANK is what the API shows for naira; the others are
 * sandbox choices (docs/sandbox.md).
 */
export const PARTNER_BANKS: Readonly<Record<VirtualAccountCurrency, { name: string; code: string }>> = {
  NGN: { name: 'WEMA BANK', code: '035' },
  GHS: { name: 'ACCESS BANK GHANA', code: '280' },
  EGP: { name: 'BANQUE MISR', code: '002' },
  KES: { name: 'EQUITY BANK KENYA', code: '068' },
};

export const isVirtualAccountCurrency = (c: string): c is VirtualAccountCurrency =>
  (VIRTUAL_ACCOUNT_CURRENCIES as readonly string[]).includes(c);

/** A national identity number given for the account, kept only as a keyed fingerprint. */
export interface IdentityFingerprints {
  readonly bvn?: string;
  readonly nin?: string;
}

export interface VirtualAccount {
  readonly id: string;
  readonly merchantId: string;
  readonly customerId: string;
  readonly reference: string;
  readonly currency: VirtualAccountCurrency;
  readonly accountType: VirtualAccountType;
  /** What a dynamic account expects (a charge-bound one: its charge's amount); 0 for a v4 static one. */
  readonly amount: number;
  /** Ten digits, unique across the instance. */
  readonly accountNumber: string;
  readonly bankName: string;
  /** The name the customer's bank shows when the account is resolved. */
  readonly narration?: string;
  /** "Please make a bank transfer to …", as the API shows it. */
  readonly note: string;
  readonly identity: IdentityFingerprints;
  readonly customerAccountNumber?: string;
  readonly meta: Meta;
  readonly merchantVatAmount?: number;
  readonly scenario: Scenario;
  /** The API the account was created through; its charges carry it. */
  readonly origin: ChargeOrigin;
  /** The v3 bank-transfer charge this account was opened for, if any. */
  readonly chargeId?: string;
  /** What was written: `active`, or inactive for a stored reason. Read `statusAt` for the truth. */
  readonly inactiveReason?: Exclude<InactiveReason, 'expired'>;
  readonly expiresAt: Date;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Why the account takes no more transfers at `now`, or undefined while it is active. */
export function inactiveReasonAt(va: VirtualAccount, now: Date): InactiveReason | undefined {
  if (va.inactiveReason) return va.inactiveReason;
  return now.getTime() >= va.expiresAt.getTime() ? 'expired' : undefined;
}

export const statusAt = (va: VirtualAccount, now: Date): VirtualAccountStatus =>
  inactiveReasonAt(va, now) === undefined ? 'active' : 'inactive';

/** A sentence for an error message: why the account is inactive. */
export function describeInactive(va: VirtualAccount, reason: InactiveReason): string {
  switch (reason) {
    case 'deactivated':
      return `Virtual account ${va.id} was deactivated`;
    case 'used':
      return `Virtual account ${va.id} was dynamic and has already been paid`;
    case 'expired':
      return `Virtual account ${va.id} expired at ${va.expiresAt.toISOString()}`;
  }
}

/** When an account created at `now` expires: static ones in about a thousand years. */
export function expiryOf(type: VirtualAccountType, now: Date, seconds: number | undefined): Date {
  if (type === 'static') {
    const at = new Date(now.getTime());
    at.setUTCFullYear(at.getUTCFullYear() + STATIC_LIFETIME_YEARS);
    return at;
  }
  return new Date(now.getTime() + (seconds ?? DEFAULT_EXPIRY_SECONDS) * 1000);
}

export const transferNote = (payee: string): string => `Please make a bank transfer to ${payee}`;

// NUBAN (CBN): the check digit weighs the bank code and serial with 3,7,3,3,7,3,… .
const NUBAN_WEIGHTS = [3, 7, 3, 3, 7, 3, 3, 7, 3, 3, 7, 3] as const;

function nubanCheckDigit(bankCode: string, serial: string): number {
  const digits = `${bankCode}${serial}`;
  let sum = 0;
  for (let i = 0; i < NUBAN_WEIGHTS.length; i++) sum += Number(digits.charAt(i)) * (NUBAN_WEIGHTS[i] ?? 0);
  return (10 - (sum % 10)) % 10;
}

// An affine map modulo 10^9 with a multiplier coprime to 10 is a bijection on 0..10^9-1: sequence
// numbers become serials that look random but never repeat.
const SERIALS = 1_000_000_000n;
const MULTIPLIER = 387_420_489n; // 3^18
const OFFSET = 271_828_183n;

/**
 * The account number for the `n`th account of the instance (n from a database sequence): a nine-digit
 * serial and the NUBAN check digit for the partner bank. Unique for n below 10^9.
 */
export function accountNumberOf(n: number, bankCode: string): string {
  const serial = ((BigInt(n) * MULTIPLIER + OFFSET) % SERIALS).toString().padStart(9, '0');
  return `${serial}${nubanCheckDigit(bankCode, serial)}`;
}

/** True when a ten-digit number carries the right NUBAN check digit for the bank. */
export function isNuban(accountNumber: string, bankCode: string): boolean {
  if (!/^\d{10}$/.test(accountNumber)) return false;
  return nubanCheckDigit(bankCode, accountNumber.slice(0, 9)) === Number(accountNumber.charAt(9));
}
