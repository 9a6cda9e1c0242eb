/** OPay wallet, Nigeria: the customer approves on the OPay page. NGN only. */
import type { Method } from './method.js';

export const opay: Method = {
  id: 'opay',
  name: 'OPay',
  type: 'opay',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  v3: { type: 'opay', authModel: 'OPAY', paymentType: 'opay', eventType: 'OPAY_TRANSACTION' },
  v4: true,
};
