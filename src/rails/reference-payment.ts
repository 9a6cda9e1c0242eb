/**
 * The reference-payment rail (Fawry Pay, Egypt): the customer pays cash at a Fawry outlet or in the
 * myFawry app, quoting the charge's reference number. One flow, `kiosk`.
 */
import { formatMoney, isCurrency } from '../domain/money.js';
import { REFERENCE_PAYMENT_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

export const referencePaymentRail = waitingRail<'kiosk'>({
  name: 'reference_payment',
  flows: REFERENCE_PAYMENT_FLOWS,
  defaultFlow: 'kiosk',
  begin(_flow, _issuer, ctx) {
    const code = ctx.instrument?.code;
    const { amount, currency } = ctx;
    if (code === undefined || amount === undefined || !isCurrency(currency)) {
      return { cannot: 'no reference number or amount for the charge' };
    }
    return {
      step: 'awaiting',
      nextAction: {
        type: 'payment_instruction',
        note: `Pay ${formatMoney(amount, currency)} at any Fawry outlet or in the myFawry app with reference number ${code}`,
      },
      note: `Charge created; waiting for the customer to pay at Fawry with reference ${code}`,
    };
  },
  approvedNote: 'The customer paid at Fawry',
  declinedNote: 'The Fawry payment was cancelled',
});
