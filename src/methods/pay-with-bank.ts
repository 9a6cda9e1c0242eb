/** Pay with Bank, Nigeria: the customer logs in to their bank and approves (v4 `bank_account`, v3 `mono`). */
import type { Method } from './method.js';

export const payWithBank: Method = {
  id: 'pay-with-bank',
  name: 'Pay with Bank',
  type: 'bank_account',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  v3: {
    type: 'mono',
    authModel: 'INTERNET_BANKING',
    paymentType: 'account',
    eventType: 'ACCOUNT_TRANSACTION',
  },
  v4: true,
};
