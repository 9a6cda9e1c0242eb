/** NIBSS QR (NQR): the customer scans a QR code in any Nigerian bank app. v3 only (`type=qr`). */
import type { Method } from './method.js';

export const nqr: Method = {
  id: 'nqr',
  name: 'NIBSS QR',
  type: 'nqr',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  v3: { type: 'qr', authModel: 'QR', paymentType: 'qr', eventType: 'MVISA-QR_TRANSACTION' },
  v4: false,
};
