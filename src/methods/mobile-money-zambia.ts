/** Zambia mobile money (MTN, Airtel, Zamtel). v3 sends the customer to an OTP page. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyZambia: Method = {
  id: 'mobile-money-zambia',
  name: 'Zambia mobile money',
  type: 'mobile_money',
  currencies: ['ZMW'],
  countries: ['ZM'],
  markets: [
    {
      country: 'ZM',
      qrCity: 'LUSAKA',
      dialCode: '260',
      currency: 'ZMW',
      networks: networksOf('ZM'),
    },
  ],
  minimum: { ZMW: 100 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2),
  paymentOptions: ['mobilemoneyzambia'],
  v3: {
    redirectReply: 'top',
    type: 'mobile_money_zambia',
    authModel: 'MOBILEMONEY',
    paymentType: 'mobilemoneyzm',
    flow: 'auth_redirect',
    eventType: 'MOBILEMONEYZM_TRANSACTION',
    required: ['phone_number'],
  },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
