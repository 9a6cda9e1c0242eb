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
import { pick } from '../../../domain/customer.js';
import { appError, invalid, type FieldError } from '../../../domain/errors.js';
import type { Currency } from '../../../domain/money.js';
import { voucherBalance } from '../../../domain/reference/test-vouchers.js';
import { isUssdBank, USSD_BANKS } from '../../../domain/reference/ussd-banks.js';
import { err, ok, type Result } from '../../../domain/result.js';
import type { MethodInput } from '../../../flows/charges/payment-methods.js';
import { checkMobileMoney, type Method, type MobileMoneyMarket } from '../../../methods/method.js';
import { isHttpUrl } from '../fields.js';
import { compileBodyValidator } from '../validation.js';
import {
  badField,
  Body,
  common,
  customerOf,
  customerPhone,
  fieldError,
  isOne,
  moneyOf,
  splitPhone,
  transferOptions,
  type MethodCharge,
  type MethodChargeBody,
} from './method-charge-parts.js';

export type { MethodCharge, MethodChargeBody, TransferOptions } from './method-charge-parts.js';

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
