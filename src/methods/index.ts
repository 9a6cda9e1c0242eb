/**
 * The payment-method registry: every method file in this folder, and the lookups the dialects use —
 * by v3 charge type, and for v4 mobile money by the wallet's dialling code.
 */
import type { BankAccountScheme, PaymentMethodDetails, PaymentMethodType } from '../domain/payment-method.js';
import { ach } from './ach.js';
import { applepay } from './applepay.js';
import { bankTransfer } from './bank-transfer.js';
import { card } from './card.js';
import { enaira } from './enaira.js';
import { fawry } from './fawry.js';
import { googlepay } from './googlepay.js';
import type { Method } from './method.js';
import type { SandboxPage } from './sandbox-pages.js';
import { mobileMoneyEastAfrica } from './mobile-money-east-africa.js';
import { mobileMoneyEgypt } from './mobile-money-egypt.js';
import { mobileMoneyFrancophone } from './mobile-money-francophone.js';
import { mobileMoneyGhana } from './mobile-money-ghana.js';
import { mobileMoneyRwanda } from './mobile-money-rwanda.js';
import { mobileMoneyTanzania } from './mobile-money-tanzania.js';
import { mobileMoneyUganda } from './mobile-money-uganda.js';
import { mobileMoneyZambia } from './mobile-money-zambia.js';
import { mpesa } from './mpesa.js';
import { ngAccountDebit } from './ng-account-debit.js';
import { nqr } from './nqr.js';
import { opay } from './opay.js';
import { openBanking } from './open-banking.js';
import { payWithBank } from './pay-with-bank.js';
import { paypal } from './paypal.js';
import { ussd } from './ussd.js';
import { voucher } from './voucher.js';

export const METHODS: readonly Method[] = [
  card,
  mobileMoneyGhana,
  mobileMoneyUganda,
  mobileMoneyRwanda,
  mobileMoneyZambia,
  mobileMoneyTanzania,
  mobileMoneyFrancophone,
  mpesa,
  mobileMoneyEastAfrica,
  mobileMoneyEgypt,
  ussd,
  bankTransfer,
  nqr,
  voucher,
  payWithBank,
  openBanking,
  ach,
  applepay,
  googlepay,
  opay,
  enaira,
  fawry,
  paypal,
  ngAccountDebit,
];

const BY_V3_TYPE = new Map(METHODS.flatMap((m) => (m.v3 ? [[m.v3.type, m] as const] : [])));

/** The method a v3 `POST /v3/charges?type=` names. */
export const methodByV3Type = (type: string): Method | undefined => BY_V3_TYPE.get(type);

export const V3_CHARGE_TYPES: readonly string[] = [...BY_V3_TYPE.keys()];

/** The v4 method of a payment-method type other than mobile money (one each). */
export function v4MethodOf(type: PaymentMethodType): Method | undefined {
  return METHODS.find((m) => m.v4 && m.type === type && m.type !== 'mobile_money');
}

const MOBILE_MONEY = METHODS.filter((m) => m.type === 'mobile_money');

/** The v4 mobile-money method serving a dialling code (`mobile_money.country_code`). */
export function mobileMoneyMethodOf(dialCode: string): Method | undefined {
  return MOBILE_MONEY.find((m) => m.markets?.some((market) => market.dialCode === dialCode));
}

/** Every mobile-money market v4 charges, for messages and docs. */
export const MOBILE_MONEY_MARKETS = MOBILE_MONEY.flatMap((m) => m.markets ?? []);

const SCHEME_METHODS = {
  pay_with_bank: 'pay-with-bank',
  open_banking: 'open-banking',
  ach: 'ach',
} as const satisfies Record<BankAccountScheme, string>;

/** What names a payment method's method: its details, or the type alone for one without a market or scheme. */
export type MethodDetails =
  PaymentMethodDetails | { readonly type: Exclude<PaymentMethodType, 'mobile_money' | 'bank_account'> };

/**
 * The method that carries a payment method: a wallet's by its country, a bank account's by scheme,
 * any other by its type. Flows (chargeability) and dialects (v3 labels) both ask this one function.
 */
export function methodOf(details: MethodDetails): Method | undefined {
  switch (details.type) {
    case 'mobile_money':
      return mobileMoneyMethodOf(details.mobileMoney.countryCode);
    case 'bank_account':
      return METHODS.find((m) => m.id === SCHEME_METHODS[details.bankAccount.scheme]);
    default:
      return METHODS.find((m) => m.type === details.type);
  }
}

/** The sandbox page a payment-method type's redirect step shows (methods of one type share it). */
export const pageKindOf = (type: PaymentMethodType): SandboxPage | undefined =>
  methodOfType(type)?.page?.kind;

/** The first method of a payment-method type: what methods of one type share (their v4 view, their page). */
export const methodOfType = (type: PaymentMethodType): Method | undefined =>
  METHODS.find((m) => m.type === type);
