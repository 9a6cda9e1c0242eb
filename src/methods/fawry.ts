/** Fawry Pay, Egypt: the customer pays cash at a Fawry outlet with the charge's reference number. */
import type { Method } from './method.js';

export const fawry: Method = {
  id: 'fawry',
  name: 'Fawry Pay',
  type: 'fawry',
  currencies: ['EGP'],
  countries: ['EG'],
  minimum: { EGP: 1_000 },
  v3: {
    type: 'fawry_pay',
    authModel: 'FAWRY_PAY',
    paymentType: 'fawry_pay',
    eventType: 'FAWRY_PAY_TRANSACTION',
  },
  v4: false,
};
