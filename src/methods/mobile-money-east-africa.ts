/** Mobile money markets only v4 charges: Malawi (Airtel, TNM Mpamba) and Ethiopia (telebirr, M-Pesa). */
import { networksOf } from '../domain/reference/mobile-networks.js';
import { drawWalletQr, type Method } from './method.js';
import { mobileMoneyPage } from './sandbox-pages.js';
import { mobileMoneyV4View } from './v4-views.js';

export const mobileMoneyEastAfrica: Method = {
  id: 'mobile-money-east-africa',
  name: 'Malawi and Ethiopia mobile money',
  type: 'mobile_money',
  currencies: ['MWK', 'ETB'],
  countries: ['MW', 'ET'],
  markets: [
    { country: 'MW', qrCity: 'LILONGWE', dialCode: '265', currency: 'MWK', networks: networksOf('MW') },
    {
      country: 'ET',
      qrCity: 'ADDIS ABABA',
      dialCode: '251',
      currency: 'ETB',
      networks: networksOf('ET'),
    },
  ],
  minimum: { MWK: 10_000, ETB: 1_000 },
  fee: { default: { bps: 200 } },
  draw: drawWalletQr,
  page: mobileMoneyPage,
  v4View: mobileMoneyV4View,
  v4: true,
};
