/** Egyptian mobile wallets (Vodafone Cash, Orange Cash, Etisalat Cash, WE Pay): v4 only. */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyEgypt: Method = {
  id: 'mobile-money-egypt',
  name: 'Egypt mobile wallets',
  type: 'mobile_money',
  currencies: ['EGP'],
  countries: ['EG'],
  markets: [
    {
      country: 'EG',
      qrCity: 'CAIRO',
      dialCode: '20',
      currency: 'EGP',
      networks: networksOf('EG'),
    },
  ],
  minimum: { EGP: 1_000 },
  fee: { default: { bps: 200 } },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
