/**
 * The 1Voucher rail (South Africa): the customer gives the PIN of a cash voucher and it is redeemed at
 * once. One flow, `redeem`. A PIN the sandbox does not know fails (14, `invalid_account_number`); a
 * voucher holding less than the amount fails (51, `insufficient_funds`); otherwise the scenario's issuer
 * answers and, when the voucher held more, a change voucher for the rest is issued to the customer.
 */
import { processorResponse } from '../domain/issuers.js';
import { formatMoney, isCurrency } from '../domain/money.js';
import { answered, declined } from './outcomes.js';
import { VOUCHER_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

export const voucherRail = waitingRail<'redeem'>({
  name: 'voucher',
  flows: VOUCHER_FLOWS,
  defaultFlow: 'redeem',
  begin(flow, issuer, ctx) {
    const { amount, currency } = ctx;
    if (amount === undefined || !isCurrency(currency)) return { cannot: 'no amount to redeem' };
    const balance = ctx.instrument?.voucherBalance;
    if (balance === undefined) {
      return {
        final: declined(flow, processorResponse('invalid_account_number'), 'Voucher PIN not recognised'),
      };
    }
    const money = (minor: number) => formatMoney(minor, currency);
    if (balance < amount) {
      return {
        final: declined(
          flow,
          processorResponse('insufficient_funds'),
          `The voucher holds ${money(balance)}, less than the ${money(amount)} due`,
        ),
      };
    }
    if (issuer !== 'approved')
      return { final: answered(flow, issuer, `Voucher of ${money(balance)} presented`) };
    const change = balance - amount;
    const what =
      change > 0
        ? `Voucher redeemed for ${money(amount)}; change voucher of ${money(change)} issued to the customer`
        : `Voucher redeemed for ${money(amount)}`;
    return { final: answered(flow, issuer, what) };
  },
  approvedNote: 'The voucher was redeemed',
  declinedNote: 'The voucher was refused',
});
