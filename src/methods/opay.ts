/** OPay wallet, Nigeria: the customer approves on the OPay page. NGN only. */
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { walletPage } from './sandbox-pages.js';
import { walletCheckout } from './checkout-choices.js';

export const opay: Method = {
  id: 'opay',
  name: 'OPay',
  type: 'opay',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: walletCheckout(8),
  paymentOptions: ['opay'],
  v3: {
    redirectReply: { authUrl: true, instructions: false },
    type: 'opay',
    authModel: 'OPAY',
    paymentType: 'opay',
    eventType: 'OPAY_TRANSACTION',
    read(_fields, ctx): Result<ChargeRead> {
      const money = ctx.money('NGN');
      return money.ok ? ok({ money: money.value, country: 'NG', details: { type: 'opay' } }) : money;
    },
  },
  page: walletPage('OPay'),
  v4View: (d) => (d.type === 'opay' ? { type: 'opay', opay: {} } : undefined),
  v4: true,
};
