/** Cards: Mastercard, Visa, Verve, American Express, Afrigo — PIN, OTP, AVS and 3-D Secure (rails/card.ts). */
import { CURRENCY_CODES } from '../domain/money.js';
import type { Method } from './method.js';
import { cardPage } from './sandbox-pages.js';

export const card: Method = {
  id: 'card',
  name: 'card',
  type: 'card',
  currencies: CURRENCY_CODES,
  countries: [],
  minimum: {},
  fee: { default: { bps: 380 }, byCurrency: { NGN: { bps: 140, capMinor: 200_000 } } },
  checkoutRank: 0,
  paymentOptions: ['card'],
  v3: { type: 'card', authModel: 'PIN', paymentType: 'card', eventType: 'CARD_TRANSACTION' },
  page: cardPage,
  v4: true,
};
