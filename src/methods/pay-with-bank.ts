/** Pay with Bank, Nigeria: the customer logs in to their bank and approves (v4 `bank_account`, v3 `mono`). */
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { bankPage } from './sandbox-pages.js';
import { bankLoginCheckout } from './checkout-choices.js';
import { bankAccountV4View } from './v4-views.js';

export const payWithBank: Method = {
  id: 'pay-with-bank',
  name: 'Pay with Bank',
  type: 'bank_account',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: bankLoginCheckout(4),
  paymentOptions: ['account'],
  v3: {
    redirectReply: { authUrl: true, instructions: true },
    type: 'mono',
    authModel: 'INTERNET_BANKING',
    paymentType: 'account',
    eventType: 'ACCOUNT_TRANSACTION',
    read(_fields, ctx): Result<ChargeRead> {
      const money = ctx.money('NGN');
      return money.ok
        ? ok({
            money: money.value,
            country: 'NG',
            details: { type: 'bank_account', bankAccount: { scheme: 'pay_with_bank', country: 'NG' } },
          })
        : money;
    },
  },
  page: bankPage,
  v4View: bankAccountV4View,
  v4: true,
};
