/**
 * Francophone West and Central African mobile money, XOF (Côte d'Ivoire, Senegal, Burkina Faso) and
 * XAF (Cameroon, Congo, Gabon, Chad): a prompt on the phone. v3 names Orange Money `ORANGEMONEY`.
 */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

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
      networks: networksOf('CI'),
    },
    {
      country: 'SN',
      qrCity: 'DAKAR',
      dialCode: '221',
      currency: 'XOF',
      networks: networksOf('SN'),
    },
    { country: 'BF', qrCity: 'OUAGADOUGOU', dialCode: '226', currency: 'XOF', networks: networksOf('BF') },
    { country: 'CM', qrCity: 'DOUALA', dialCode: '237', currency: 'XAF', networks: networksOf('CM') },
    { country: 'CG', qrCity: 'BRAZZAVILLE', dialCode: '242', currency: 'XAF', networks: networksOf('CG') },
    { country: 'GA', qrCity: 'LIBREVILLE', dialCode: '241', currency: 'XAF', networks: networksOf('GA') },
    { country: 'TD', qrCity: 'NDJAMENA', dialCode: '235', currency: 'XAF', networks: networksOf('TD') },
  ],
  // Flutterwave's own samples charge XAF 10: the smallest that charges merchants' code sends.
  minimum: { XOF: 10, XAF: 10 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2),
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
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
