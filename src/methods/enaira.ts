/** eNaira, the Central Bank of Nigeria's digital currency: the customer approves in their eNaira wallet. */
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { walletPage } from './sandbox-pages.js';
import { walletCheckout } from './checkout-choices.js';

export const enaira: Method = {
  id: 'enaira',
  name: 'eNaira',
  type: 'enaira',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: walletCheckout(9),
  paymentOptions: ['enaira'],
  v3: {
    redirectReply: { authUrl: false, instructions: false },
    type: 'enaira',
    authModel: 'ENAIRA',
    paymentType: 'enaira',
    eventType: 'ENAIRA_TRANSACTION',
    read(_fields, ctx): Result<ChargeRead> {
      const money = ctx.money('NGN');
      return money.ok ? ok({ money: money.value, country: 'NG', details: { type: 'enaira' } }) : money;
    },
  },
  page: walletPage('eNaira'),
  v4View: (d) =>
    d.type === 'enaira' ? { type: 'bank_account', bank_account: { method: 'enaira' } } : undefined,
  v4: false,
};
