/**
 * The redirect rail: payments the customer authorises on a page of their bank or wallet — Pay with
 * Bank and open banking, ACH, Apple Pay, Google Pay, OPay, eNaira, PayPal. The sandbox page stands in for
 * that page: the customer approves (the scenario's issuer answers) or declines (05). One flow,
 * `auth_redirect`.
 */
import type { PaymentMethodDetails } from '../domain/payment-method.js';
import { REDIRECT_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

const WHERE: Partial<Record<PaymentMethodDetails['type'], string>> = {
  bank_account: 'log in to their bank and approve',
  applepay: 'approve with Apple Pay',
  googlepay: 'approve with Google Pay',
  opay: 'approve in their OPay wallet',
  enaira: 'approve in their eNaira wallet',
  paypal: 'log in to PayPal and approve',
};

export const redirectRail = waitingRail<'auth_redirect'>({
  name: 'redirect',
  flows: REDIRECT_FLOWS,
  defaultFlow: 'auth_redirect',
  begin(_flow, _issuer, ctx) {
    const where = ctx.method && WHERE[ctx.method.type];
    return {
      step: 'redirect',
      nextAction: { type: 'redirect_url' },
      note: `Charge created; waiting for the customer to ${where ?? 'approve on the payment page'}`,
    };
  },
  approvedNote: 'The customer approved on the payment page',
  declinedNote: 'The customer declined on the payment page',
});
