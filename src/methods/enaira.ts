/** eNaira, the Central Bank of Nigeria's digital currency: the customer approves in their eNaira wallet. */
import type { Method } from './method.js';

export const enaira: Method = {
  id: 'enaira',
  name: 'eNaira',
  type: 'enaira',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  v3: { type: 'enaira', authModel: 'ENAIRA', paymentType: 'enaira', eventType: 'ENAIRA_TRANSACTION' },
  v4: false,
};
