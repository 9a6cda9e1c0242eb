/** UK and EU open banking: the customer authorises in their bank app (v3 `account-ach-uk`, `is_token_io: 1`). */
import type { Method } from './method.js';

export const openBanking: Method = {
  id: 'open-banking',
  name: 'UK and EU bank account',
  type: 'bank_account',
  currencies: ['GBP', 'EUR'],
  countries: ['GB', 'IE', 'FR', 'DE', 'NL', 'ES', 'IT', 'BE', 'PT'],
  minimum: { GBP: 100, EUR: 100 },
  v3: {
    type: 'account-ach-uk',
    authModel: 'TOKEN',
    paymentType: 'account-ach-uk',
    eventType: 'ACCOUNT_TRANSACTION',
  },
  v4: false,
};
