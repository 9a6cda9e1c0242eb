/**
 * Pay with bank transfer: the customer transfers to an account number the gateway hands out. v3
 * charges create a temporary account per charge; v4 uses virtual accounts (`/virtual-accounts`), which
 * also take GHS, EGP and KES.
 */
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { pick } from '../domain/customer.js';

export const bankTransfer: Method = {
  id: 'bank-transfer',
  name: 'bank transfer',
  type: 'bank_transfer',
  currencies: ['NGN', 'GHS'],
  countries: ['NG', 'GH'],
  minimum: { NGN: 10_000, GHS: 100 },
  fee: { default: { bps: 100, capMinor: 200_000 } },
  checkout: {
    rank: 1,
    choice: () => ({
      icon: 'transfer',
      label: 'Bank transfer',
      hint: 'Transfer from your bank app',
      submit: 'Get account details',
      fields: [],
    }),
  },
  paymentOptions: ['banktransfer'],
  v3: {
    type: 'bank_transfer',
    authModel: 'AUTH',
    paymentType: 'bank_transfer',
    eventType: 'BANK_TRANSFER_TRANSACTION',
    read(_fields, ctx): Result<ChargeRead> {
      // v3 charges default to NGN; a GHS transfer names its currency.
      const money = ctx.money('NGN');
      if (!money.ok) return money;
      return ok({
        money: money.value,
        country: money.value.currency === 'GHS' ? 'GH' : 'NG',
        transfer: true,
      });
    },
  },
  v4View: (d) => {
    if (d.type !== 'bank_transfer') return undefined;
    const t = d.bankTransfer;
    return {
      type: 'bank_transfer',
      bank_transfer: {
        account_type: t.accountType,
        ...pick('originator_name', t.originatorName),
        ...pick('originator_account_number', t.originatorAccountNumber),
        ...pick('originator_bank_name', t.originatorBankName),
      },
    };
  },
  v4: false,
};
