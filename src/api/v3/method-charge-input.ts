/**
 * The body of `POST /v3/charges?type=<anything but card>` (v3 spec §5): plain JSON with the common
 * fields (`tx_ref`, `amount`, `currency`, `email`, `phone_number`, `fullname`, `client_ip`,
 * `device_fingerprint`, `redirect_url`, `meta`) and each type's own, validated against the type's
 * schema, then checked against the method's data (src/methods: currencies, markets, networks,
 * smallest amount) and read into what the charge flow takes. Every refusal names the field.
 *
 * Lenient where Flutterwave's own clients are: amounts as numbers or numeric strings, lower-case
 * currencies and networks, phone numbers with or without the country's dialling code or a leading 0,
 * and fields we do not use (`subaccounts`, `voucher`, `sa_bank_code`, `billing_*`) accepted.
 */
import { Type, type Static } from 'typebox';
import { pick, type CustomerDetails, type Phone } from '../../domain/customer.js';
import { appError, invalid, type AppError, type FieldError } from '../../domain/errors.js';
import { isCurrency, parseAmount, type Currency } from '../../domain/money.js';
import { voucherBalance } from '../../domain/reference/test-vouchers.js';
import { isUssdBank, USSD_BANKS } from '../../domain/reference/ussd-banks.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { MethodInput } from '../../flows/charges/payment-methods.js';
import { MOBILE_MONEY_MARKETS } from '../../methods/index.js';
import {
  checkMethodCharge,
  checkMobileMoney,
  type Method,
  type MobileMoneyMarket,
} from '../../methods/method.js';
import { isHttpUrl } from '../http/fields.js';
import { Email } from '../http/fields.js';
import { compileBodyValidator } from '../http/validation.js';
import { CurrencyCode, TxRef, V3Amount } from './schemas.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const PhoneNumber = Type.String({
  pattern: '^\\+?[0-9]{7,15}$',
  'x-message': 'must be 7 to 15 digits, optionally after a +',
});
const Country = Type.String({
  pattern: '^[A-Za-z]{2}$',
  'x-message': 'must be a two-letter country code such as CM',
});
/** A `1` flag as clients send it: the number, the string, or `true`. */
const Flag = Type.Unsafe<number | string | boolean>({
  type: ['integer', 'string', 'boolean'],
  'x-message': 'must be 1',
});
const isOne = (flag: unknown): boolean => flag === 1 || flag === '1' || flag === true;

const COMMON = {
  tx_ref: TxRef,
  amount: V3Amount,
  currency: Type.Optional(CurrencyCode),
  email: Email,
  phone_number: Type.Optional(PhoneNumber),
  fullname: Type.Optional(Text(100)),
  client_ip: Type.Optional(Text(64)),
  device_fingerprint: Type.Optional(Text(255)),
  redirect_url: Type.Optional(Text(2048)),
  meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  // Settlement splits are not simulated: accepted so integrations that send them work unchanged.
  subaccounts: Type.Optional(Type.Array(Type.Object({}), { maxItems: 50 })),
};

/** Every field any type reads; each type's schema makes its own required. */
const Body = Type.Object({
  ...COMMON,
  network: Type.Optional(Text(20)),
  order_id: Type.Optional(Text(100)),
  country: Type.Optional(Country),
  account_bank: Type.Optional(
    Type.String({ pattern: '^[0-9]{3,11}$', 'x-message': 'must be a bank code such as 058' }),
  ),
  is_nqr: Type.Optional(Flag),
  is_token_io: Type.Optional(Flag),
  pin: Type.Optional(
    Type.Unsafe<string | number>({
      type: ['string', 'integer'],
      'x-message': 'must be the 16-digit voucher PIN',
    }),
  ),
  expires: Type.Optional(
    Type.Unsafe<number | string>({
      type: ['integer', 'string'],
      'x-message': 'must be a whole number of seconds from 1 to 31536000',
    }),
  ),
  is_permanent: Type.Optional(Type.Boolean()),
  narration: Type.Optional(Text(100)),
});
export type MethodChargeBody = Static<typeof Body>;

type Field = keyof MethodChargeBody;

/** The fields each type requires beyond the common ones (v3 spec §5; the official SDK's schemas). */
const REQUIRED: Readonly<Record<string, readonly Field[]>> = {
  mobile_money_ghana: ['phone_number', 'network'],
  mobile_money_uganda: ['phone_number', 'network'],
  mobile_money_rwanda: ['phone_number', 'order_id'],
  mobile_money_zambia: ['phone_number'],
  mobile_money_tanzania: ['phone_number', 'network'],
  mobile_money_franco: ['phone_number', 'country'],
  mpesa: ['phone_number'],
  ussd: ['account_bank'],
  qr: ['is_nqr'],
  voucher_payment: ['pin'],
  'account-ach-uk': ['is_token_io'],
  applepay: ['redirect_url'],
  googlepay: ['redirect_url'],
  fawry_pay: ['phone_number'],
};

/** The body schema of one type: every field, with the type's own required ones. */
function schemaFor(type: string): object {
  return { ...Body, required: [...new Set([...Body.required, ...(REQUIRED[type] ?? [])])] };
}

const validators = new Map<string, (value: unknown) => FieldError[]>();
function validate(type: string, body: unknown): FieldError[] {
  let check = validators.get(type);
  if (!check) {
    check = compileBodyValidator(schemaFor(type));
    validators.set(type, check);
  }
  return check(body ?? {});
}

/** An error about one field, in the envelope's words. */
const fieldError = (error: AppError, field: string): AppError => ({
  ...error,
  fields: [{ field, message: error.message }],
});
const badField = (field: string, message: string): AppError => invalid([{ field, message }]);

/** A bank-transfer charge's account options (v3 `expires`, `is_permanent`, `narration`). */
export interface TransferOptions {
  readonly expiresInSeconds?: number;
  readonly permanent?: boolean;
  readonly narration?: string;
}

/**
 * What a v3 charge request asks for, read and checked: a payment method to charge, or — for
 * `bank_transfer` — the options of the account to open for it.
 */
export type MethodCharge = {
  readonly body: MethodChargeBody;
  readonly amount: number;
  readonly currency: Currency;
  readonly customer: CustomerDetails;
} & (
  | {
      readonly paymentMethod: MethodInput;
      /** A voucher's balance, when the sandbox knows its PIN. */
      readonly voucherBalance?: number;
    }
  | { readonly transfer: TransferOptions }
);

const DIALLING: Readonly<Record<string, string>> = {
  NG: '234',
  GB: '44',
  US: '1',
  ZA: '27',
  EG: '20',
  ...Object.fromEntries(MOBILE_MONEY_MARKETS.map((m) => [m.country, m.dialCode])),
};
const KNOWN_CODES = [...new Set(Object.values(DIALLING))].sort((a, b) => b.length - a.length);

/**
 * A phone number as a wallet or customer phone: the dialling code and the national number. A number
 * may start with the code (`233…`), with the national trunk 0 (`054…`), or with neither.
 */
function splitPhone(raw: string, dialCode: string): Phone | undefined {
  const digits = raw.replace(/^\+/, '');
  const national = digits.startsWith(dialCode)
    ? digits.slice(dialCode.length)
    : digits.startsWith('0')
      ? digits.slice(1)
      : digits;
  return /^[0-9]{6,12}$/.test(national) ? { countryCode: dialCode, number: national } : undefined;
}

/** The customer's phone for methods of `country`: a known dialling code, else a local number of that country. */
function customerPhone(raw: string | undefined, country: string | undefined): Phone | undefined {
  if (raw === undefined) return undefined;
  const digits = raw.replace(/^\+/, '');
  const code = KNOWN_CODES.find((c) => digits.startsWith(c) && digits.length - c.length >= 7);
  const dial = code ?? (country === undefined ? undefined : DIALLING[country]);
  return dial === undefined ? undefined : splitPhone(digits, dial);
}

function customerOf(body: MethodChargeBody, phone: Phone | undefined): CustomerDetails {
  const [first, ...rest] = (body.fullname ?? '').trim().split(/\s+/);
  const name = { ...pick('first', first || undefined), ...pick('last', rest.join(' ') || undefined) };
  return {
    email: body.email,
    meta: {},
    ...pick('name', Object.keys(name).length > 0 ? name : undefined),
    ...pick('phone', phone),
  };
}

function currencyOf(body: MethodChargeBody, fallback: Currency | undefined): Result<Currency> {
  const given = body.currency?.toUpperCase();
  if (given === undefined) {
    return fallback === undefined ? err(badField('currency', 'currency is required')) : ok(fallback);
  }
  return isCurrency(given) ? ok(given) : err(badField('currency', `currency ${given} is not supported`));
}

/** Amount and currency for `method`: a currency it takes, at least its smallest charge. */
function moneyOf(
  body: MethodChargeBody,
  method: Method,
  fallback: Currency | undefined,
): Result<{ amount: number; currency: Currency }> {
  const currency = currencyOf(body, fallback);
  if (!currency.ok) return currency;
  const amount = parseAmount(body.amount, currency.value, 'amount');
  if (!amount.ok) return amount;
  const checked = checkMethodCharge(method, { amount: amount.value, currency: currency.value });
  if (!checked.ok) {
    return err(
      fieldError(checked.error, checked.error.type === 'AMOUNT_BELOW_MINIMUM' ? 'amount' : 'currency'),
    );
  }
  return ok({ amount: amount.value, currency: currency.value });
}

/** A mobile-money charge: the market (by `country` for francophone wallets), network and wallet number. */
function mobileMoneyCharge(body: MethodChargeBody, method: Method): Result<MethodCharge> {
  const markets = method.markets ?? [];
  const country = body.country?.toUpperCase();
  const single = markets.length === 1 ? markets[0] : undefined;
  const candidate: MobileMoneyMarket | undefined = single ?? markets.find((m) => m.country === country);
  // Where v3 does not require a network (M-Pesa, Rwanda, Zambia, francophone), the market's first is charged.
  const wallet = checkMobileMoney(
    method,
    {
      ...pick('dialCode', single?.dialCode),
      ...pick('country', single ? undefined : country),
      network: body.network ?? candidate?.networks[0] ?? '',
    },
    method.v3?.networkAliases,
  );
  if (!wallet.ok) {
    const field = wallet.error.type === 'MOBILE_MONEY_NETWORK_NOT_SUPPORTED' ? 'network' : 'country';
    return err(fieldError(wallet.error, field));
  }
  const { market, network } = wallet.value;
  const given = body.currency?.toUpperCase();
  if (given !== undefined && given !== market.currency) {
    const message = `Currency ${given} is not supported for ${method.name} in ${market.country}: use ${market.currency}`;
    return err(appError('CURRENCY_NOT_SUPPORTED', message, [{ field: 'currency', message }]));
  }
  const money = moneyOf(body, { ...method, currencies: [market.currency] }, market.currency);
  if (!money.ok) return money;
  const phone = splitPhone(body.phone_number ?? '', market.dialCode);
  if (!phone) {
    return err(
      badField(
        'phone_number',
        `phone_number must be a ${market.country} mobile number: +${market.dialCode} or 0 then 6 to 12 digits`,
      ),
    );
  }
  return ok({
    body,
    ...money.value,
    customer: customerOf(body, phone),
    paymentMethod: {
      ...common(body),
      details: {
        type: 'mobile_money',
        mobileMoney: { network, countryCode: market.dialCode, phoneNumber: phone.number },
      },
    },
  });
}

const common = (body: MethodChargeBody) => ({
  meta: {},
  ...pick('deviceFingerprint', body.device_fingerprint),
  ...pick('clientIp', body.client_ip),
});

// Sorted as text: bank codes are strings, and an object lists integer-like keys first.
const USSD_BANK_CODES = Object.keys(USSD_BANKS).sort().join(', ');

const ACH_COUNTRIES: Readonly<Record<string, { country: string; currency: Currency }>> = {
  US: { country: 'US', currency: 'USD' },
  ZA: { country: 'ZA', currency: 'ZAR' },
  // Flutterwave's own SDK sample sends ZAR debits with country "SA".
  SA: { country: 'ZA', currency: 'ZAR' },
};

/** Every other type: one method, its own details. */
function otherCharge(type: string, body: MethodChargeBody, method: Method): Result<MethodCharge> {
  const single = method.currencies.length === 1 ? method.currencies[0] : undefined;
  const homeCountry = method.countries.length === 1 ? method.countries[0] : undefined;
  const charge = (
    details: Extract<MethodInput, { details: unknown }>['details'] | { voucherPin: string },
    money: { amount: number; currency: Currency },
    country: string | undefined = homeCountry,
    voucherBalance?: number,
  ): Result<MethodCharge> =>
    ok({
      body,
      ...money,
      customer: customerOf(body, customerPhone(body.phone_number, country)),
      paymentMethod:
        'voucherPin' in details
          ? { ...common(body), voucherPin: details.voucherPin }
          : { ...common(body), details },
      ...pick('voucherBalance', voucherBalance),
    });

  switch (type) {
    case 'ach_payment': {
      const given = body.country?.toUpperCase();
      const ach = given === undefined ? undefined : ACH_COUNTRIES[given];
      if (given !== undefined && !ach) {
        return err(
          badField('country', 'country must be US (USD debits) or ZA (ZAR debits) for ACH payments'),
        );
      }
      const money = moneyOf(body, method, ach?.currency);
      if (!money.ok) return money;
      const country = ach?.country ?? (money.value.currency === 'USD' ? 'US' : 'ZA');
      if (ach && ach.currency !== money.value.currency) {
        return err(
          badField(
            'currency',
            `currency ${money.value.currency} does not match country ${given}: ACH debits US accounts in USD and South African ones in ZAR`,
          ),
        );
      }
      return charge({ type: 'bank_account', bankAccount: { scheme: 'ach', country } }, money.value, country);
    }
    case 'account-ach-uk': {
      if (!isOne(body.is_token_io)) {
        return err(
          badField(
            'is_token_io',
            'is_token_io must be 1: UK and EU account charges are authorised through token.io',
          ),
        );
      }
      const money = moneyOf(body, method, undefined);
      if (!money.ok) return money;
      const country = money.value.currency === 'GBP' ? 'GB' : undefined;
      return charge(
        { type: 'bank_account', bankAccount: { scheme: 'open_banking', ...pick('country', country) } },
        money.value,
        country,
      );
    }
    case 'mono': {
      const money = moneyOf(body, method, single);
      return money.ok
        ? charge(
            { type: 'bank_account', bankAccount: { scheme: 'pay_with_bank', country: 'NG' } },
            money.value,
          )
        : money;
    }
    case 'ussd': {
      const bank = body.account_bank ?? '';
      if (!isUssdBank(bank)) {
        const message = `account_bank ${bank} does not take USSD payments: use one of ${USSD_BANK_CODES}`;
        return err(appError('USSD_BANK_CODE_INVALID', message, [{ field: 'account_bank', message }]));
      }
      const money = moneyOf(body, method, single);
      return money.ok ? charge({ type: 'ussd', ussd: { accountBank: bank } }, money.value) : money;
    }
    case 'qr': {
      if (!isOne(body.is_nqr)) {
        return err(badField('is_nqr', 'is_nqr must be 1: type=qr charges are NIBSS QR (NQR) payments'));
      }
      const money = moneyOf(body, method, single);
      return money.ok ? charge({ type: 'nqr' }, money.value) : money;
    }
    case 'voucher_payment': {
      const pin = String(body.pin ?? '');
      if (!/^[0-9]{16}$/.test(pin) || (typeof body.pin === 'number' && !Number.isSafeInteger(body.pin))) {
        return err(badField('pin', 'pin must be the 16-digit voucher PIN, as a string'));
      }
      const money = moneyOf(body, method, single);
      if (!money.ok) return money;
      return charge({ voucherPin: pin }, money.value, homeCountry, voucherBalance(pin));
    }
    case 'applepay':
    case 'googlepay': {
      const money = moneyOf(body, method, single);
      if (!money.ok) return money;
      return charge({ type: type, ...pick('cardHolderName', body.fullname) }, money.value, undefined);
    }
    case 'opay':
    case 'enaira': {
      const money = moneyOf(body, method, single);
      return money.ok ? charge({ type }, money.value) : money;
    }
    case 'fawry_pay': {
      const money = moneyOf(body, method, single);
      return money.ok
        ? charge({ type: 'fawry', fawry: pick('phoneNumber', body.phone_number) }, money.value)
        : money;
    }
    case 'bank_transfer': {
      const options = transferOptions(body);
      if (!options.ok) return options;
      // v3 charges default to NGN; a GHS transfer names its currency.
      const money = moneyOf(body, method, 'NGN');
      if (!money.ok) return money;
      const country = money.value.currency === 'GHS' ? 'GH' : 'NG';
      return ok({
        body,
        ...money.value,
        customer: customerOf(body, customerPhone(body.phone_number, country)),
        transfer: options.value,
      });
    }
    default:
      return err(badField('type', `type ${type} is not supported`));
  }
}

/** The request read for `method` (whose `v3.type` is `type`), or the first thing wrong with it. */
export function readMethodCharge(type: string, raw: unknown, method: Method): Result<MethodCharge> {
  const problems = validate(type, raw);
  if (problems.length > 0) return err(invalid(problems));
  const body = raw as MethodChargeBody;
  if (body.redirect_url !== undefined && !isHttpUrl(body.redirect_url)) {
    return err(badField('redirect_url', 'redirect_url must be an absolute http or https URL'));
  }
  return method.type === 'mobile_money' ? mobileMoneyCharge(body, method) : otherCharge(type, body, method);
}

/** Bank-transfer options; `expires` arrives as a number or, from the official SDK, possibly a string. */
function transferOptions(body: MethodChargeBody): Result<TransferOptions> {
  const expires = body.expires === undefined ? undefined : Number(body.expires);
  if (
    expires !== undefined &&
    (!/^[0-9]{1,8}$/.test(String(body.expires)) || expires < 1 || expires > 31_536_000)
  ) {
    return err(badField('expires', 'expires must be a whole number of seconds from 1 to 31536000'));
  }
  return ok({
    ...pick('expiresInSeconds', expires),
    ...pick('permanent', body.is_permanent),
    ...pick('narration', body.narration),
  });
}
