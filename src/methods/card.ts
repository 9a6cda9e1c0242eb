/** Cards: Mastercard, Visa, Verve, American Express, Afrigo — PIN, OTP, AVS and 3-D Secure (rails/card.ts). */
import { CURRENCY_CODES } from '../domain/money.js';
import type { Method } from './method.js';
import { cardPage } from './sandbox-pages.js';
import type { FieldSpec } from './checkout-choices.js';
import { cardV4View } from './v4-views.js';

/** The card form of the hosted checkout. */
export const CARD_FIELDS: readonly FieldSpec[] = [
  {
    name: 'card_number',
    label: 'Card number',
    inputmode: 'numeric',
    autocomplete: 'cc-number',
    pattern: '[0-9 ]{12,23}',
    maxlength: 23,
    placeholder: '0000 0000 0000 0000',
  },
  {
    name: 'expiry',
    label: 'Expiry date',
    inputmode: 'numeric',
    autocomplete: 'cc-exp',
    pattern: '\\s*(0?[1-9]|1[0-2])\\s*/\\s*([0-9]{2}|[0-9]{4})\\s*',
    maxlength: 9,
    placeholder: 'MM/YY',
    half: true,
  },
  {
    name: 'cvv',
    label: 'CVV',
    inputmode: 'numeric',
    autocomplete: 'cc-csc',
    pattern: '[0-9]{3,4}',
    maxlength: 4,
    placeholder: '123',
    half: true,
  },
];

export const card: Method = {
  id: 'card',
  name: 'card',
  type: 'card',
  currencies: CURRENCY_CODES,
  countries: [],
  minimum: {},
  fee: { default: { bps: 380 }, byCurrency: { NGN: { bps: 140, capMinor: 200_000 } } },
  checkout: {
    rank: 0,
    choice: ({ pay }) => ({
      icon: 'card',
      label: 'Card',
      hint: 'Visa, Mastercard, Verve or American Express',
      submit: pay,
      fields: CARD_FIELDS,
    }),
  },
  paymentOptions: ['card'],
  v3: { type: 'card', authModel: 'PIN', paymentType: 'card', eventType: 'CARD_TRANSACTION' },
  page: cardPage,
  v4View: cardV4View,
  v4: true,
};
