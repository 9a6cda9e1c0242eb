/** ACH: US (USD) and South African (ZAR) bank accounts, authorised on the bank's page (v3 `ach_payment`). */
import type { Method } from './method.js';

export const ach: Method = {
  id: 'ach',
  name: 'ACH bank account',
  type: 'bank_account',
  currencies: ['USD', 'ZAR'],
  countries: ['US', 'ZA'],
  minimum: { USD: 100, ZAR: 1_000 },
  // v3 spec §1.4 / §5: US debits show `account-ach-us`; the SDK's 2025 ZAR (Ozow) fixture shows `account`.
  v3: {
    type: 'ach_payment',
    authModel: 'AUTH',
    paymentType: 'account-ach-us',
    paymentTypeByCurrency: { ZAR: 'account' },
    eventType: 'ACH_TRANSACTION',
  },
  v4: false,
};
