/** Ghana mobile money (MTN, Telecel/Vodafone, AirtelTigo). v3 sends the customer to an OTP page. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyGhana: Method = {
  id: 'mobile-money-ghana',
  name: 'Ghana mobile money',
  type: 'mobile_money',
  currencies: ['GHS'],
  countries: ['GH'],
  markets: [
    {
      country: 'GH',
      qrCity: 'ACCRA',
      dialCode: '233',
      currency: 'GHS',
      networks: networksOf('GH'),
    },
  ],
  minimum: { GHS: 100 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2),
  paymentOptions: ['mobilemoneyghana'],
  v3: {
    redirectReply: 'top',
    type: 'mobile_money_ghana',
    authModel: 'MOBILEMONEY',
    paymentType: 'mobilemoneygh',
    flow: 'auth_redirect',
    networkAliases: { TIGO: 'AIRTELTIGO', TELECEL: 'VODAFONE' },
    eventType: 'MOBILEMONEYGH_TRANSACTION',
    required: ['phone_number', 'network'],
  },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
