/** Tanzania mobile money (Airtel, Tigo Pesa, HaloPesa, Vodacom M-Pesa): a prompt on the phone. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyTanzania: Method = {
  id: 'mobile-money-tanzania',
  name: 'Tanzania mobile money',
  type: 'mobile_money',
  currencies: ['TZS'],
  countries: ['TZ'],
  markets: [
    {
      country: 'TZ',
      qrCity: 'DAR ES SALAAM',
      dialCode: '255',
      currency: 'TZS',
      networks: networksOf('TZ'),
    },
  ],
  // Flutterwave's own samples charge TZS 150.
  minimum: { TZS: 10_000 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2),
  paymentOptions: ['mobilemoneytanzania'],
  v3: {
    redirectReply: 'top',
    type: 'mobile_money_tanzania',
    authModel: 'MOBILEMONEY',
    paymentType: 'mobilemoneytz',
    flow: 'push',
    eventType: 'MOBILEMONEYTZ_TRANSACTION',
    required: ['phone_number', 'network'],
  },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
