/** NIBSS QR (NQR): the customer scans a QR code in any Nigerian bank app. v3 only (`type=qr`). */
import { err, ok, type Result } from '../domain/result.js';
import { isOne, type ChargeRead } from './charge-input.js';
import type { Method } from './method.js';

export const nqr: Method = {
  id: 'nqr',
  name: 'NIBSS QR',
  type: 'nqr',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  qr: { scheme: 'NG.COM.NIBSSPLC.NQR', country: 'NG', city: 'LAGOS' },
  draw: (_details, _flow, self) => (self.qr ? { qr: self.qr } : undefined),
  fee: { default: { bps: 50, capMinor: 100_000 } },
  checkout: {
    rank: 5,
    choice: () => ({
      icon: 'qr',
      label: 'NQR',
      hint: 'Scan a QR code with your bank app',
      submit: 'Show QR code',
      fields: [],
    }),
  },
  paymentOptions: ['nqr', 'qr'],
  v3: {
    type: 'qr',
    authModel: 'QR',
    paymentType: 'qr',
    eventType: 'MVISA-QR_TRANSACTION',
    required: ['is_nqr'],
    read(fields, ctx): Result<ChargeRead> {
      if (!isOne(fields.is_nqr)) {
        return err(ctx.bad('is_nqr', 'is_nqr must be 1: type=qr charges are NIBSS QR (NQR) payments'));
      }
      const money = ctx.money('NGN');
      return money.ok ? ok({ money: money.value, country: 'NG', details: { type: 'nqr' } }) : money;
    },
  },
  v4View: (d) => (d.type === 'nqr' ? { type: 'bank_account', bank_account: { method: 'nqr' } } : undefined),
  v4: false,
};
