/** USSD from the customer's Nigerian bank (domain/reference/ussd-banks.ts): NGN only. */
import type { Method } from './method.js';

export const ussd: Method = {
  id: 'ussd',
  name: 'USSD',
  type: 'ussd',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  v3: { type: 'ussd', authModel: 'USSD', paymentType: 'ussd', eventType: 'USSD_TRANSACTION' },
  v4: true,
};
