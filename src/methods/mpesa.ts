/** Kenya: M-Pesa (an STK push to the phone) and Airtel Money. v3's `mpesa` type is M-Pesa. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyCheckout } from './checkout-choices.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mpesa: Method = {
  id: 'mpesa',
  name: 'M-Pesa',
  type: 'mobile_money',
  currencies: ['KES'],
  countries: ['KE'],
  markets: [
    { country: 'KE', qrCity: 'NAIROBI', dialCode: '254', currency: 'KES', networks: networksOf('KE') },
  ],
  minimum: { KES: 1_000 },
  fee: { default: { bps: 200 } },
  checkout: mobileMoneyCheckout(2, 'M-Pesa'),
  paymentOptions: ['mpesa'],
  v3: {
    redirectReply: 'top',
    type: 'mpesa',
    authModel: 'LIPA_MPESA',
    paymentType: 'mpesa',
    flow: 'push',
    // The official SDK's schema names Kenyan networks SAFARICOM and AIRTEL.
    networkAliases: { SAFARICOM: 'MPESA' },
    eventType: 'MPESA_TRANSACTION',
    required: ['phone_number'],
  },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
