/** Apple Pay: the wallet sheet, then the card's issuer answers. */
import type { Method } from './method.js';

export const applepay: Method = {
  id: 'applepay',
  name: 'Apple Pay',
  type: 'applepay',
  currencies: ['USD', 'NGN', 'GBP', 'EUR', 'CAD', 'KES', 'GHS', 'ZAR'],
  countries: [],
  minimum: {},
  v3: { type: 'applepay', authModel: 'APPLEPAY', paymentType: 'applepay', eventType: 'CARD_TRANSACTION' },
  v4: true,
};
