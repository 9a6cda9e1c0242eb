/**
 * Wire → domain for a v4 payment-method object (spec §8.2), as `POST /payment-methods` and the
 * orchestrator's `payment_method` send it. A card is decrypted (encrypted-input.ts); every other type
 * is read into the domain's details and checked against the methods registry (src/methods) — the
 * wallet's country and network, the USSD bank — so a payment method that could never be charged is
 * refused when it is saved, naming the field as the merchant sent it.
 */
import { pick } from '../../domain/customer.js';
import { appError, type AppError } from '../../domain/errors.js';
import { USSD_BANKS, isUssdBank } from '../../domain/reference/ussd-banks.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { MethodInput, PlainDetails } from '../../flows/charges/payment-methods.js';
import { MOBILE_MONEY_MARKETS, mobileMoneyMethodOf } from '../../methods/index.js';
import { checkMobileMoney } from '../../methods/method.js';
import { decryptCard } from './encrypted-input.js';
import type { MobileMoneyIn, PaymentMethodIn } from './payment-schemas.js';

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

/**
 * A wallet: the country by its dialling code, the network as `GET /mobile-networks` names it (any
 * case; kept upper case). v3's other names for networks (TIGO, TELECEL…) are not taken here: the v4
 * reference data is the list a v4 integration works from.
 */
function mobileMoney(mm: MobileMoneyIn, path: string): Result<PlainDetails> {
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
}

/** The details of every type but card; `prefix` is where the object sits (`payment_method.` or nothing). */
function detailsOf(pm: PaymentMethodIn, prefix: string): Result<PlainDetails> {
  const required = (name: string): Result<never> =>
    err(
      appError('REQUEST_NOT_VALID', undefined, [
        { field: `${prefix}${name}`, message: `${prefix}${name} is required` },
      ]),
    );
  switch (pm.type) {
    case 'mobile_money':
      return pm.mobile_money
        ? mobileMoney(pm.mobile_money, `${prefix}mobile_money`)
        : required('mobile_money');
    case 'ussd': {
      if (!pm.ussd) return required('ussd');
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
    }
    case 'opay':
      return ok({ type: 'opay' });
    case 'applepay':
      return ok({ type: 'applepay', ...pick('cardHolderName', pm.applepay?.card_holder_name) });
    case 'googlepay':
      return ok({ type: 'googlepay', ...pick('cardHolderName', pm.googlepay?.card_holder_name) });
    case 'bank_account':
      // v4's bank account is Pay with Bank: a Nigerian customer logs in to their bank (spec §8.2).
      return ok({ type: 'bank_account', bankAccount: { scheme: 'pay_with_bank', country: 'NG' } });
    case 'bank_transfer':
      // Removed from the 2026 spec: pay-with-bank-transfer is a virtual account now (spec §8.2, §8.7).
      return err(
        at(
          appError(
            'INVALID_CHARGE',
            'Bank transfers are collected with virtual accounts: create one with POST /virtual-accounts ' +
              'and give the customer its account number',
          ),
          `${prefix}type`,
        ),
      );
    case 'card':
      return required('card');
  }
}

/**
 * The payment method as the flows take it. `path` is where it sits in the body: `''` for
 * `POST /payment-methods`, `'payment_method'` for the orchestrator. `key` decrypts a card.
 */
export function methodInputOf(key: string, pm: PaymentMethodIn, path: string): Result<MethodInput> {
  const prefix = path === '' ? '' : `${path}.`;
  const base = {
    meta: pm.meta ?? {},
    ...pick('deviceFingerprint', pm.device_fingerprint),
    ...pick('clientIp', pm.client_ip),
  };
  if (pm.type === 'card' && pm.card) {
    const card = decryptCard(key, pm.card, `${prefix}card`);
    return card.ok ? ok({ ...base, card: card.value }) : card;
  }
  const details = detailsOf(pm, prefix);
  return details.ok ? ok({ ...base, details: details.value }) : details;
}
