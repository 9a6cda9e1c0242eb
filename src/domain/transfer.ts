/**
 * Transfers (payouts): money leaving a merchant's wallet for a recipient. Glossary:
 * - status: `NEW` (deferred, awaiting approval; or scheduled, awaiting its date), `PENDING` (with the
 *   network), then `SUCCESSFUL`, `FAILED` or `CANCELLED` (a deferred one the merchant cancelled);
 *   a successful transfer the network later returns is `FAILED` with `reversedAt` set;
 * - amount: minor units of the currency it `appliesTo`; `debitAmount` is what leaves the wallet in
 *   the source currency (after FX), `fee` on top of it; the wallet holds `debitAmount + fee` from
 *   creation until the transfer ends (docs/payouts.md);
 * - provider response: why the network refused it, `{type, code}` (the v4 enum), set on failure.
 */
import type { Scenario } from './charge.js';
import { exponentOf, type Currency } from './money.js';

export type TransferStatus = 'NEW' | 'PENDING' | 'SUCCESSFUL' | 'FAILED' | 'CANCELLED';
export type TransferAction = 'instant' | 'deferred' | 'scheduled' | 'retry' | 'duplicate';
export type RecipientType = 'bank' | 'mobile_money' | 'wallet';
export type TransferOrigin = 'v4' | 'v3';

export const isFinalTransfer = (s: TransferStatus): boolean =>
  s === 'SUCCESSFUL' || s === 'FAILED' || s === 'CANCELLED';

/** Where the money goes, as the recipient (v4) or the request (v3) named it. */
export interface Destination {
  readonly type: RecipientType;
  readonly currency: string;
  readonly name?: { readonly first?: string; readonly middle?: string; readonly last?: string };
  readonly bank?: { readonly accountNumber: string; readonly code: string; readonly branch?: string };
  readonly mobileMoney?: { readonly network: string; readonly msisdn: string; readonly country?: string };
  readonly wallet?: { readonly provider: string; readonly identifier: string };
  readonly email?: string;
}

/** Mobile money currencies used in one country only; XAF and XOF span several, so they need `country`. */
const MOBILE_MONEY_HOME: Readonly<Record<string, string>> = {
  EGP: 'EG',
  ETB: 'ET',
  GHS: 'GH',
  KES: 'KE',
  MWK: 'MW',
  RWF: 'RW',
  TZS: 'TZ',
  UGX: 'UG',
  ZMW: 'ZM',
};

/**
 * A mobile money destination always carries its country (the official responses require it): the one
 * given, or the home of a single-country currency. `undefined` when neither names one.
 */
export function withMobileMoneyCountry(d: Destination): Destination | undefined {
  if (d.type !== 'mobile_money' || !d.mobileMoney || d.mobileMoney.country !== undefined) return d;
  const country = MOBILE_MONEY_HOME[d.currency];
  return country === undefined ? undefined : { ...d, mobileMoney: { ...d.mobileMoney, country } };
}

export interface ProviderResponse {
  readonly type: string;
  readonly code: string;
  readonly message: string;
}

export interface Transfer {
  readonly id: string;
  readonly numId: number;
  readonly merchantId: string;
  readonly reference: string;
  readonly action: TransferAction;
  readonly type: RecipientType;
  readonly status: TransferStatus;
  readonly sourceCurrency: Currency;
  readonly destinationCurrency: Currency;
  readonly amount: number;
  readonly appliesTo: 'source_currency' | 'destination_currency';
  readonly debitAmount: number;
  readonly fee: number;
  /** Destination units per source unit, as a decimal string. */
  readonly rate: string;
  readonly recipientId?: string;
  readonly destination: Destination;
  readonly sender?: Readonly<Record<string, unknown>>;
  readonly narration?: string;
  readonly callbackUrl?: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly scenario: Scenario;
  readonly railState: unknown;
  readonly providerResponse?: ProviderResponse;
  readonly origin: TransferOrigin;
  readonly parentId?: string;
  readonly bulkId?: string;
  readonly disburseAt?: Date;
  readonly reversedAt?: Date;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What the wallet holds for a transfer while it runs: what leaves it plus the fee. */
export const holdOf = (t: Pick<Transfer, 'debitAmount' | 'fee'>): number => t.debitAmount + t.fee;

// ─── Fees ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * The sandbox transfer fee, in minor units of the source currency, VAT included: NGN in three tiers
 * (10.75 up to 5 000, 26.88 up to 50 000, 53.75 above, as Flutterwave publishes), every other
 * currency 1 % of the amount, at least one minor unit (docs/payouts.md).
 */
export function transferFee(currency: Currency, debitMinor: number): number {
  if (currency === 'NGN') {
    if (debitMinor <= 500_000) return 1_075;
    if (debitMinor <= 5_000_000) return 2_688;
    return 5_375;
  }
  return Math.max(1, Number((BigInt(debitMinor) + 50n) / 100n));
}

// ─── FX ───────────────────────────────────────────────────────────────────────────────────────────

/** The sandbox's fixed FX table: units of each currency per US dollar, in hundredths (docs/payouts.md). */
export const FX_PER_USD_CENTS: Readonly<Partial<Record<Currency, bigint>>> = {
  USD: 100n,
  EUR: 92n,
  GBP: 79n,
  NGN: 150_000n,
  GHS: 1_500n,
  KES: 13_000n,
  UGX: 370_000n,
  TZS: 260_000n,
  RWF: 130_000n,
  ZMW: 2_600n,
  XAF: 60_000n,
  XOF: 60_000n,
  ZAR: 1_800n,
  EGP: 4_800n,
  ETB: 12_000n,
  MWK: 170_000n,
  SLL: 2_200_000n,
};

export const hasFx = (c: Currency): boolean => FX_PER_USD_CENTS[c] !== undefined;

/** Destination per source unit, 6 decimals, for display. */
export function rateOf(source: Currency, destination: Currency): string {
  const s = FX_PER_USD_CENTS[source];
  const d = FX_PER_USD_CENTS[destination];
  if (s === undefined || d === undefined) return '0';
  const scaled = (d * 1_000_000n + s / 2n) / s;
  const text = scaled.toString().padStart(7, '0');
  return `${text.slice(0, -6)}.${text.slice(-6)}`.replace(/\.?0+$/, '');
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/**
 * Converts minor units between currencies with the table, exactly (integer arithmetic), rounding up
 * when `up` (what a merchant pays is never rounded down) and half up otherwise.
 */
export function convert(minor: number, from: Currency, to: Currency, up = false): number {
  if (from === to) return minor;
  const f = FX_PER_USD_CENTS[from];
  const t = FX_PER_USD_CENTS[to];
  if (f === undefined || t === undefined) throw new Error(`no FX rate for ${from}→${to}`);
  const num = BigInt(minor) * t * pow10(exponentOf(to));
  const den = f * pow10(exponentOf(from));
  return Number(up ? (num + den - 1n) / den : (num * 2n + den) / (den * 2n));
}

// ─── Provider responses (v4 enum; no codes are published: ours are 0301–0315 in enum order) ─────────

export const PROVIDER_RESPONSE_TYPES = [
  'transfer_amount_exceeds_limit',
  'transfer_amount_below_limit',
  'monthly_transfer_limit_exceeded',
  'daily_transfer_limit_exceeded',
  'transfer_limit_not_set_for_currency',
  'payout_creation_failed',
  'insufficient_balance',
  'service_unavailable',
  'transfer_failed',
  'pricing_not_set',
  'currency_conversion_not_set',
  'rejected_recipient_merchant',
  'invalid_bank_code',
  'unable_to_determine_country',
  'invalid_wallet_currency',
] as const;
export type ProviderResponseType = (typeof PROVIDER_RESPONSE_TYPES)[number];

const MESSAGES: Readonly<Record<ProviderResponseType, string>> = {
  transfer_amount_exceeds_limit: 'Transfer amount exceeds the limit',
  transfer_amount_below_limit: 'Transfer amount is below the limit',
  monthly_transfer_limit_exceeded: 'Monthly transfer limit exceeded',
  daily_transfer_limit_exceeded: 'Daily transfer limit exceeded',
  transfer_limit_not_set_for_currency: 'Transfer limit not set for this currency',
  payout_creation_failed: 'Payout could not be created',
  insufficient_balance: 'Insufficient funds in customer wallet',
  service_unavailable: 'Service unavailable',
  transfer_failed: 'Transfer failed',
  pricing_not_set: 'Pricing not set',
  currency_conversion_not_set: 'Currency conversion not set',
  rejected_recipient_merchant: 'Recipient merchant rejected the transfer',
  invalid_bank_code: 'Invalid bank code',
  unable_to_determine_country: 'Unable to determine country',
  invalid_wallet_currency: 'Invalid wallet currency',
};

export function providerResponse(type: ProviderResponseType): ProviderResponse {
  const index = PROVIDER_RESPONSE_TYPES.indexOf(type);
  return { type, code: String(301 + index).padStart(4, '0'), message: MESSAGES[type] };
}
