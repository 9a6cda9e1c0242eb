/**
 * The v3 answer to a non-card charge (v3 spec §5), always "Charge initiated". Flutterwave's replies
 * differ by type in where the next step goes, and Baobab keeps each type's shape:
 * - redirect: mobile money (Ghana, Uganda, Rwanda, Zambia) has only a top-level `meta.authorization`
 *   and no `data`; UK/EU accounts have `data` and a top-level `meta`; Nigerian accounts (`mono`),
 *   ACH, Apple Pay, Google Pay, OPay, eNaira and PayPal put `meta.authorization` inside `data`, most
 *   with `data.auth_url`;
 * - `mode: "otp"` (Nigerian account debits, `debit_ng_account`): `data`, and a top-level
 *   `meta.authorization` naming `/v3/validate-charge`;
 * - a prompt on the phone: francophone wallets `mode: "callback"`; M-Pesa (`auth_url: "N/A"`) and
 *   Tanzania no `meta` at all;
 * - `mode: "ussd"` with the code to dial in `note` and `data.payment_code`;
 * - `mode: "qr"` with a base64 PNG in `qr_image`;
 * - `mode: "fawry_pay"` with `instruction` and `data.order_ref`;
 * - `mode: "banktransfer"` with the account, and no `data`;
 * - final at once (1Voucher) or left for a requery: `data` alone.
 * Redirect links are the signed sandbox page links (web/links.ts), one per step.
 */
import type { NextAction } from '../../domain/charge.js';
import { exponentOf, toMajor, type Currency } from '../../domain/money.js';
import { ussdDialString } from '../../domain/reference/ussd-banks.js';
import type { MerchantProfile } from '../../flows/merchants/merchant-profiles.js';
import type { ChargeInFull } from '../../flows/charges/read-charges.js';
import { redirectLink, type Links } from '../http/links.js';
import { qrPngBase64 } from '../http/qr-image.js';
import { v3, type V3Body } from './envelope.js';
import { methodByV3Type } from '../../methods/index.js';
import { labelsOf } from './method-labels.js';
import { transactionView } from './views.js';

const INITIATED = 'Charge initiated';

export async function methodChargeReply(
  full: ChargeInFull,
  profile: MerchantProfile,
  links: Links,
): Promise<V3Body> {
  const { charge: c, paymentMethod: pm } = full;
  const type = labelsOf(c, pm).chargeType ?? pm.details.type;
  const view = transactionView(full, profile.accountId);
  const data = (extra: Record<string, unknown> = {}) => ({
    ...view,
    fraud_status: 'ok',
    charge_type: 'normal',
    ...extra,
  });
  const action: NextAction | undefined = c.status === 'pending' ? c.nextAction : undefined;

  switch (action?.type) {
    case 'redirect_url': {
      const redirect = await redirectLink(links, c, profile.v4ClientId, pm.details.type);
      // Each method says where its reply puts the link (src/methods, `v3.redirectReply`).
      const inData = methodByV3Type(type)?.v3?.redirectReply;
      if (inData === 'top') {
        return v3(INITIATED, undefined, { authorization: { redirect, mode: 'redirect' } });
      }
      if (inData) {
        const authorization = {
          mode: 'redirect',
          redirect,
          ...(inData.instructions ? { validate_instructions: '' } : {}),
        };
        return v3(
          INITIATED,
          data({
            ...(inData.authUrl ? { auth_url: redirect } : {}),
            meta: { ...(view.meta ?? {}), authorization },
          }),
        );
      }
      return v3(INITIATED, data(), { authorization: { mode: 'redirect', redirect } });
    }
    case 'requires_otp':
      // A Nigerian account debit: the OTP the bank sent goes to /v3/validate-charge (`type: "account"`).
      return v3(INITIATED, data(), {
        authorization: {
          mode: 'otp',
          endpoint: '/v3/validate-charge',
          validate_instructions: 'Please validate with the OTP sent to your mobile or email',
        },
      });
    case 'payment_instruction': {
      if (type === 'ussd') {
        const { code } = action;
        const bank = pm.details.type === 'ussd' ? pm.details.ussd.accountBank : undefined;
        const dial = bank === undefined || code === undefined ? undefined : ussdDialString(bank, code);
        return v3(INITIATED, data(dial === undefined ? {} : { payment_code: code }), {
          authorization: { mode: 'ussd', note: dial ?? action.note },
        });
      }
      if (type === 'fawry_pay') {
        const { code } = action;
        return v3(
          INITIATED,
          data({
            order_ref: `URF_FAWRY_${c.createdAt.getTime()}_${c.txId}`,
            auth_url: 'N/A',
            ...(code === undefined ? {} : { payment_code: code }),
          }),
          { authorization: { mode: 'fawry_pay', instruction: action.note } },
        );
      }
      if (type === 'mpesa') return v3(INITIATED, data({ auth_url: 'N/A' }));
      if (type === 'mobile_money_tanzania') return v3(INITIATED, data());
      return v3(INITIATED, data(), { authorization: { mode: 'callback', redirect_url: null } });
    }
    case 'qr_code':
      return v3(INITIATED, data(), {
        authorization: {
          mode: 'qr',
          qr_image: await qrPngBase64(action.payload),
          validate_instructions:
            pm.details.type === 'nqr'
              ? 'Scan the QR code with any Nigerian bank app to complete this payment'
              : `Scan the QR code with your ${pm.details.type === 'mobile_money' ? pm.details.mobileMoney.network : ''} app to complete this payment`,
        },
      });
    case 'requires_bank_transfer': {
      const currency = c.currency as Currency;
      return v3(INITIATED, undefined, {
        authorization: {
          transfer_reference: c.flwRef,
          transfer_account: action.accountNumber,
          transfer_bank: action.bankName,
          account_expiration: new Date(action.expiresAt).getTime(),
          transfer_note: action.note,
          transfer_amount: toMajor(c.amount, currency).toFixed(exponentOf(currency)),
          mode: 'banktransfer',
        },
      });
    }
    default:
      return v3(INITIATED, data());
  }
}
