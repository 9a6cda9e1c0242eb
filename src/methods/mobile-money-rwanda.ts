/** Rwanda mobile money (MTN, Airtel). v3 requires `order_id` and sends the customer to an OTP page. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyRwanda: Method = {
  id: 'mobile-money-rwanda',
  name: 'Rwanda mobile money',
  type: 'mobile_money',
  currencies: ['RWF'],
  countries: ['RW'],
  markets: [
    { country: 'RW', qrCity: 'KIGALI', dialCode: '250', currency: 'RWF', networks: networksOf('RW') },
  ],
  minimum: { RWF: 100 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2),
  paymentOptions: ['mobilemoneyrwanda'],
  v3: {
    redirectReply: 'top',
    type: 'mobile_money_rwanda',
    authModel: 'MOBILEMONEY',
    paymentType: 'mobilemoneyrw',
    flow: 'auth_redirect',
    eventType: 'MOBILEMONEYRW_TRANSACTION',
    required: ['phone_number', 'order_id'],
  },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
