/**
 * The bank-transfer rail: the customer transfers the amount due to an account the gateway handed out
 * (a v3 transfer charge's temporary account, or a virtual account). One flow, `transfer`. What
 * arrives decides:
 * - exactly the amount due → the scenario's issuer answers (approved by default);
 * - more → the same, and the excess is returned to the sender (the timeline says so);
 * - less → failed, 13 `invalid_amount`, and the money is returned to the sender.
 * Nobody transferring within the sandbox's wait counts as the exact amount arriving.
 */
import { processorResponse } from '../domain/issuers.js';
import { formatMoney, isCurrency } from '../domain/money.js';
import { answered, declined } from './outcomes.js';
import { BANK_TRANSFER_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

export const bankTransferRail = waitingRail<'transfer'>({
  name: 'bank_transfer',
  flows: BANK_TRANSFER_FLOWS,
  defaultFlow: 'transfer',
  begin(_flow, _issuer, ctx) {
    const account = ctx.instrument?.account;
    const { amount, currency } = ctx;
    if (account === undefined || amount === undefined || !isCurrency(currency)) {
      return { cannot: 'no account to transfer to' };
    }
    const due = formatMoney(amount, currency);
    return {
      step: 'awaiting',
      nextAction: {
        type: 'requires_bank_transfer',
        accountNumber: account.number,
        bankName: account.bankName,
        expiresAt: account.expiresAt,
        note: `Please make a bank transfer of ${due} to ${account.bankName} account ${account.number}`,
      },
      note: `Charge created; waiting for a transfer of ${due} to ${account.bankName} ${account.number}`,
    };
  },
  awaitingInput(input, flow, issuer, ctx) {
    const { amount: due, currency } = ctx;
    if (input.type !== 'transfer' || due === undefined || !isCurrency(currency)) return undefined;
    const money = (minor: number) => formatMoney(minor, currency);
    if (input.amount < due) {
      return declined(
        flow,
        processorResponse('invalid_amount'),
        `Received ${money(input.amount)} of the ${money(due)} due: underpaid, returned to the sender`,
      );
    }
    if (input.amount > due) {
      const excess = money(input.amount - due);
      return answered(
        flow,
        issuer,
        `Received ${money(input.amount)} for ${money(due)} due; ${excess} returned to the sender`,
      );
    }
    return answered(flow, issuer, `Received the ${money(due)} due by bank transfer`);
  },
  approvedNote: 'The transfer was confirmed',
  declinedNote: 'The transfer was rejected',
  timeoutNote: 'The sandbox transferred the amount due',
});
