/**
 * The mobile-money rail (M-Pesa, MTN, Airtel, Orange, Vodafone… in every country). Flows:
 * - `push` (v4's default, and v3's for M-Pesa, Tanzania and francophone wallets): a payment prompt on
 *   the customer's phone — `payment_instruction` — answered through the sandbox controls, or by the
 *   sandbox after its wait; a wallet set to `use_qr` shows a QR code to scan instead (`qr_code`);
 * - `auth_redirect` (v3's default for Ghana, Uganda, Rwanda and Zambia): a sandbox page where the
 *   customer enters the OTP and approves or declines;
 * - `qr`: the QR code, whatever the wallet's setting.
 */
import type { MobileMoneyDetails } from '../domain/payment-method.js';
import { MOBILE_MONEY_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

export type MobileMoneyFlow = (typeof MOBILE_MONEY_FLOWS)[number];

const wallet = (mm: MobileMoneyDetails): string => `${mm.network} +${mm.countryCode} ${mm.phoneNumber}`;

export const mobileMoneyRail = waitingRail<MobileMoneyFlow>({
  name: 'mobile_money',
  flows: MOBILE_MONEY_FLOWS,
  defaultFlow: 'push',
  begin(flow, _issuer, ctx) {
    const mm = ctx.method?.type === 'mobile_money' ? ctx.method.mobileMoney : undefined;
    if (!mm) return { cannot: 'no mobile money wallet to charge' };
    if (flow === 'auth_redirect') {
      return {
        step: 'redirect',
        nextAction: { type: 'redirect_url' },
        note: `Charge created; waiting for the customer to approve on the ${mm.network} mobile money page`,
      };
    }
    if (flow === 'qr' || mm.useQr === true) {
      const payload = ctx.instrument?.qrPayload;
      if (payload === undefined) return { cannot: 'no QR code was drawn for the charge' };
      return {
        step: 'awaiting',
        nextAction: { type: 'qr_code', payload },
        note: `Charge created; waiting for the customer to scan the QR code with their ${mm.network} app`,
      };
    }
    return {
      step: 'awaiting',
      nextAction: {
        type: 'payment_instruction',
        note: `Please authorise this payment on your phone: a prompt was sent to ${wallet(mm)}`,
      },
      note: `Charge created; payment prompt sent to ${wallet(mm)}`,
    };
  },
  approvedNote: 'The customer approved the payment on their phone',
  declinedNote: 'The customer declined the payment on their phone',
});
