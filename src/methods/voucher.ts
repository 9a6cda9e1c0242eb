/** 1Voucher, South Africa: a cash voucher's 16-digit PIN, redeemed at once (docs/sandbox.md lists test vouchers). */
import type { Method } from './method.js';

export const voucher: Method = {
  id: 'voucher',
  name: '1Voucher',
  type: 'voucher',
  currencies: ['ZAR'],
  countries: ['ZA'],
  minimum: { ZAR: 1_000 },
  v3: {
    type: 'voucher_payment',
    authModel: 'VOUCHER',
    paymentType: 'voucher_payment',
    eventType: 'VOUCHER_TRANSACTION',
  },
  v4: false,
};
