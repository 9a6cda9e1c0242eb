/**
 * How the v4 dialect's payment-method object (spec §8.2) reads into a payment method's details, for
 * every v4 type but a card (the dialect decrypts a card first). v4's types are the official schema's
 * closed set, each read here against the registry — the wallet's market and network, the USSD bank —
 * so that a payment method that could never be charged is refused when it is saved, naming the field
 * as the merchant sent it. A method v4 does not charge (PayPal, 1Voucher…) never reaches this file.
 */
import { pick } from '../domain/customer.js';
import { appError, type AppError } from '../domain/errors.js';
import { USSD_BANKS, isUssdBank } from '../domain/reference/ussd-banks.js';
import { err, ok, type Result } from '../domain/result.js';
import type { PlainDetails } from './charge-input.js';
import { MOBILE_MONEY_MARKETS, mobileMoneyMethodOf } from './index.js';
import { checkMobileMoney } from './method.js';

/** The v4 payment-method types `POST /payment-methods` takes (`bank_transfer` only to refuse it). */
export const V4_PAYMENT_METHOD_TYPES = [
  'card',
  'mobile_money',
  'ussd',
  'opay',
  'applepay',
  'googlepay',
  'bank_account',
  'bank_transfer',
] as const;
export type V4PaymentMethodType = (typeof V4_PAYMENT_METHOD_TYPES)[number];

/** The object as the dialect's schema lets it through. */
export interface V4MethodFields {
  readonly type: V4PaymentMethodType;
  readonly mobile_money?: {
    readonly country_code: string;
    readonly network: string;
    readonly phone_number: string;
    readonly use_qr?: boolean;
  };
  readonly ussd?: { readonly account_bank: string };
  readonly applepay?: { readonly card_holder_name?: string };
  readonly googlepay?: { readonly card_holder_name?: string };
}

/** `error` with one field error at `field` carrying its message, so `validation_errors` names the field. */
const at = (error: AppError, field: string): AppError => ({
  ...error,
  fields: [{ field, message: error.message }],
});

const MARKETS = MOBILE_MONEY_MARKETS.map((m) => `${m.dialCode} (${m.country})`).join(', ');
// Sorted by code: an object's integer-like keys ('105') would otherwise come before '044'.
const USSD_CODES = Object.entries(USSD_BANKS)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([code, bank]) => `${code} (${bank.name})`)
  .join(', ');

/** `prefix` is where the object sits in the body: `payment_method.`, or nothing. */
type V4Reader = (pm: V4MethodFields, prefix: string) => Result<PlainDetails>;

const required = (prefix: string, name: string): Result<never> =>
  err(
    appError('REQUEST_NOT_VALID', undefined, [
      { field: `${prefix}${name}`, message: `${prefix}${name} is required` },
    ]),
  );

/**
 * A wallet: the country by its dialling code, the network as `GET /mobile-networks` names it (any
 * case; kept upper case). v3's other names for networks (TIGO, TELECEL…) are not taken here: the v4
 * reference data is the list a v4 integration works from.
 */
const mobileMoney: V4Reader = (pm, prefix) => {
  const mm = pm.mobile_money;
  if (!mm) return required(prefix, 'mobile_money');
  const path = `${prefix}mobile_money`;
  const method = mobileMoneyMethodOf(mm.country_code);
  if (!method) {
    return err(
      at(
        appError(
          'MOBILE_MONEY_COUNTRY_CODE_NOT_SUPPORTED',
          `Mobile money country code ${mm.country_code} is not supported: use one of ${MARKETS}`,
        ),
        `${path}.country_code`,
      ),
    );
  }
  const wallet = checkMobileMoney(method, { dialCode: mm.country_code, network: mm.network });
  if (!wallet.ok) return err(at(wallet.error, `${path}.network`));
  return ok({
    type: 'mobile_money',
    mobileMoney: {
      network: wallet.value.network,
      countryCode: mm.country_code,
      phoneNumber: mm.phone_number,
      ...(mm.use_qr === true ? { useQr: true } : {}),
    },
  });
};

const ussd: V4Reader = (pm, prefix) => {
  if (!pm.ussd) return required(prefix, 'ussd');
  const bank = pm.ussd.account_bank;
  if (!isUssdBank(bank)) {
    return err(
      at(
        appError(
          'USSD_BANK_CODE_INVALID',
          `Bank ${bank} does not take USSD payments: use one of ${USSD_CODES}`,
        ),
        `${prefix}ussd.account_bank`,
      ),
    );
  }
  return ok({ type: 'ussd', ussd: { accountBank: bank } });
};

const READERS = {
  // A card reaches here only without its object: the dialect decrypts one that is sent.
  card: (_pm, prefix) => required(prefix, 'card'),
  mobile_money: mobileMoney,
  ussd,
  opay: () => ok({ type: 'opay' }),
  applepay: (pm) => ok({ type: 'applepay', ...pick('cardHolderName', pm.applepay?.card_holder_name) }),
  googlepay: (pm) => ok({ type: 'googlepay', ...pick('cardHolderName', pm.googlepay?.card_holder_name) }),
  // v4's bank account is Pay with Bank: a Nigerian customer logs in to their bank (spec §8.2).
  bank_account: () => ok({ type: 'bank_account', bankAccount: { scheme: 'pay_with_bank', country: 'NG' } }),
  // Removed from the 2026 spec: pay-with-bank-transfer is a virtual account now (spec §8.2, §8.7).
  bank_transfer: (_pm, prefix) =>
    err(
      at(
        appError(
          'INVALID_CHARGE',
          'Bank transfers are collected with virtual accounts: create one with POST /virtual-accounts ' +
            'and give the customer its account number',
        ),
        `${prefix}type`,
      ),
    ),
} as const satisfies Record<V4PaymentMethodType, V4Reader>;

/** The details a v4 payment-method object of any type but a sent card stands for, or why not. */
export const readV4Details = (pm: V4MethodFields, prefix: string): Result<PlainDetails> =>
  READERS[pm.type](pm, prefix);
