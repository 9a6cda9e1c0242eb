/**
 * Francophone West and Central African mobile money, XOF (Côte d'Ivoire, Senegal, Burkina Faso) and
 * XAF (Cameroon, Congo, Gabon, Chad): a prompt on the phone. v3 names Orange Money `ORANGEMONEY`.
 */
import type { Method } from './method.js';

export const mobileMoneyFrancophone: Method = {
  id: 'mobile-money-francophone',
  name: 'Francophone mobile money',
  type: 'mobile_money',
  currencies: ['XOF', 'XAF'],
  countries: ['CI', 'SN', 'BF', 'CM', 'CG', 'GA', 'TD'],
  markets: [
    {
      country: 'CI',
      qrCity: 'ABIDJAN',
      dialCode: '225',
      currency: 'XOF',
      networks: ['MTN', 'ORANGE', 'MOOV', 'WAVE'],
    },
    {
      country: 'SN',
      qrCity: 'DAKAR',
      dialCode: '221',
      currency: 'XOF',
      networks: ['ORANGE', 'FREEMONEY', 'WAVE', 'EMONEY'],
    },
    { country: 'BF', qrCity: 'OUAGADOUGOU', dialCode: '226', currency: 'XOF', networks: ['ORANGE', 'MOOV'] },
    { country: 'CM', qrCity: 'DOUALA', dialCode: '237', currency: 'XAF', networks: ['MTN', 'ORANGE'] },
    { country: 'CG', qrCity: 'BRAZZAVILLE', dialCode: '242', currency: 'XAF', networks: ['MTN', 'AIRTEL'] },
    { country: 'GA', qrCity: 'LIBREVILLE', dialCode: '241', currency: 'XAF', networks: ['AIRTEL', 'MOOV'] },
    { country: 'TD', qrCity: 'NDJAMENA', dialCode: '235', currency: 'XAF', networks: ['AIRTEL', 'MOOV'] },
  ],
  // Flutterwave's own samples charge XAF 10: the smallest that charges merchants' code sends.
  minimum: { XOF: 10, XAF: 10 },
  fee: { default: { bps: 200 } },
  checkoutRank: 2,
  paymentOptions: ['mobilemoneyfranco'],
  v3: {
    redirectReply: 'top',
    type: 'mobile_money_franco',
    authModel: 'AUTH',
    paymentType: 'mobilemoneysn',
    flow: 'push',
    networkAliases: { ORANGEMONEY: 'ORANGE' },
    eventType: 'MOBILEMONEYSN_TRANSACTION',
    required: ['phone_number', 'country'],
  },
  v4: true,
};
