/** Google Pay: the wallet sheet, then the card's issuer answers. */
import type { Method } from './method.js';

export const googlepay: Method = {
  id: 'googlepay',
  name: 'Google Pay',
  type: 'googlepay',
  currencies: ['USD', 'NGN', 'GBP', 'EUR', 'CAD', 'KES', 'GHS', 'ZAR'],
  countries: [],
  minimum: {},
  v3: {
    type: 'googlepay',
    authModel: 'GOOGLEPAY_NOAUTH',
    paymentType: 'googlepay',
    eventType: 'CARD_TRANSACTION',
  },
  v4: true,
};
