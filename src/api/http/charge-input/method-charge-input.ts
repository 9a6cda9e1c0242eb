/**
 * The body of `POST /v3/charges?type=<anything but card>` (v3 spec §5): plain JSON with the common
 * fields (`tx_ref`, `amount`, `currency`, `email`, `phone_number`, `fullname`, `client_ip`,
 * `device_fingerprint`, `redirect_url`, `meta`) and each type's own, validated against the type's
 * schema, then checked against the method's markets and networks (src/methods) and read into what the
 * charge flow takes, which checks the currency and smallest amount. Every refusal names the field.
 *
 * Lenient where Flutterwave's own clients are: amounts as numbers or numeric strings, lower-case
 * currencies and networks, phone numbers with or without the country's dialling code or a leading 0,
 * and fields we do not use (`subaccounts`, `voucher`, `sa_bank_code`, `billing_*`) accepted.
 */
import { pick } from '../../../domain/customer.js';
import { appError, invalid, type FieldError } from '../../../domain/errors.js';
import { err, ok, type Result } from '../../../domain/result.js';
import type { ReadContext } from '../../../methods/charge-input.js';
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
  moneyOf,
  splitPhone,
  transferOptions,
  type MethodCharge,
  type MethodChargeBody,
} from './method-charge-parts.js';

export type { MethodCharge, MethodChargeBody, TransferOptions } from './method-charge-parts.js';

/** The body schema of one type: every field, with the type's own required ones. */
function schemaFor(method: Method): object {
  return { ...Body, required: [...new Set([...Body.required, ...(method.v3?.required ?? [])])] };
}

const validators = new Map<string, (value: unknown) => FieldError[]>();
function validate(type: string, method: Method, body: unknown): FieldError[] {
  let check = validators.get(type);
  if (!check) {
    check = compileBodyValidator(schemaFor(method));
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
  const money = moneyOf(body, market.currency);
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

/** Every other type: its method's own reader (src/methods), over the neutral charge input. */
function otherCharge(type: string, body: MethodChargeBody, method: Method): Result<MethodCharge> {
  const read = method.v3?.read;
  if (!read) return err(badField('type', `type ${type} is not supported`));
  const ctx: ReadContext = {
    money: (fallback) => moneyOf(body, fallback),
    bad: badField,
  };
  const charge = read(body, ctx);
  if (!charge.ok) return charge;
  const c = charge.value;
  const base = {
    body,
    ...c.money,
    customer: customerOf(body, customerPhone(body.phone_number, c.country)),
  };
  if ('transfer' in c) {
    const options = transferOptions(body);
    return options.ok ? ok({ ...base, transfer: options.value }) : options;
  }
  if ('voucherPin' in c) {
    return ok({
      ...base,
      paymentMethod: { ...common(body), voucherPin: c.voucherPin },
      ...pick('voucherBalance', c.voucherBalance),
    });
  }
  return ok({ ...base, paymentMethod: { ...common(body), details: c.details } });
}

/** The request read for `method` (whose `v3.type` is `type`), or the first thing wrong with it. */
export function readMethodCharge(type: string, raw: unknown, method: Method): Result<MethodCharge> {
  const problems = validate(type, method, raw);
  if (problems.length > 0) return err(invalid(problems));
  const body = raw as MethodChargeBody;
  if (body.redirect_url !== undefined && !isHttpUrl(body.redirect_url)) {
    return err(badField('redirect_url', 'redirect_url must be an absolute http or https URL'));
  }
  return method.type === 'mobile_money' ? mobileMoneyCharge(body, method) : otherCharge(type, body, method);
}
