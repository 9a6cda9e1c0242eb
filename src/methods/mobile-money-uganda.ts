/** Uganda mobile money (MTN, Airtel). v3 sends the customer to an OTP page. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyUganda: Method = {
  id: 'mobile-money-uganda',
  name: 'Uganda mobile money',
  type: 'mobile_money',
  currencies: ['UGX'],
  countries: ['UG'],
  markets: [
    { country: 'UG', qrCity: 'KAMPALA', dialCode: '256', currency: 'UGX', networks: networksOf('UG') },
  ],
  minimum: { UGX: 500 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2),
  paymentOptions: ['mobilemoneyuganda'],
  v3: {
    redirectReply: 'top',
    type: 'mobile_money_uganda',
    authModel: 'MOBILEMONEY',
    paymentType: 'mobilemoneyug',
    flow: 'auth_redirect',
    eventType: 'MOBILEMONEYUG_TRANSACTION',
    required: ['phone_number', 'network'],
  },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
