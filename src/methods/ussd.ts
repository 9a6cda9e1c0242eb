/** USSD from the customer's Nigerian bank (domain/reference/ussd-banks.ts): NGN only. */
import { appError } from '../domain/errors.js';
import { isUssdBank, USSD_BANKS } from '../domain/reference/ussd-banks.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { bankOptions } from './checkout-choices.js';

// Sorted as text: bank codes are strings, and an object lists integer-like keys first.
const USSD_BANK_CODES = Object.keys(USSD_BANKS).sort().join(', ');

export const ussd: Method = {
  id: 'ussd',
  name: 'USSD',
  type: 'ussd',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: {
    rank: 3,
    choice: () => ({
      icon: 'ussd',
      label: 'USSD',
      hint: 'Dial a code on your phone',
      submit: 'Get USSD code',
      fields: [
        {
          name: 'account_bank',
          label: 'Your bank',
          options: bankOptions(Object.entries(USSD_BANKS).map(([code, bank]) => [code, bank.name] as const)),
        },
      ],
    }),
  },
  paymentOptions: ['ussd'],
  v3: {
    type: 'ussd',
    authModel: 'USSD',
    paymentType: 'ussd',
    eventType: 'USSD_TRANSACTION',
    required: ['account_bank'],
    read(fields, ctx): Result<ChargeRead> {
      const bank = fields.account_bank ?? '';
      if (!isUssdBank(bank)) {
        const message = `account_bank ${bank} does not take USSD payments: use one of ${USSD_BANK_CODES}`;
        return err(appError('USSD_BANK_CODE_INVALID', message, [{ field: 'account_bank', message }]));
      }
      const money = ctx.money('NGN');
      return money.ok
        ? ok({ money: money.value, country: 'NG', details: { type: 'ussd', ussd: { accountBank: bank } } })
        : money;
    },
  },
  /** The payment code the customer dials after the bank's USSD string. */
  draw: () => ({ code: 4 }),
  v4View: (d) =>
    d.type === 'ussd' ? { type: 'ussd', ussd: { account_bank: d.ussd.accountBank } } : undefined,
  v4: true,
};
