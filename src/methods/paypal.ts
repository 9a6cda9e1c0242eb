/**
 * PayPal (v3 `POST /v3/charges?type=paypal`): the customer logs in to PayPal and approves, then comes
 * back to the merchant's `redirect_url`. Dollars, euros and pounds. v4 has no PayPal payment method
 * (flutterwave-v4-operations.json), so it is charged through v3 and the hosted checkout only.
 */
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { walletPage } from './sandbox-pages.js';
import { walletCheckout } from './checkout-choices.js';

export const paypal: Method = {
  id: 'paypal',
  name: 'PayPal',
  type: 'paypal',
  currencies: ['USD', 'EUR', 'GBP'],
  countries: [],
  minimum: { USD: 100, EUR: 100, GBP: 100 },
  fee: { default: { bps: 440 } },
  checkout: walletCheckout(7),
  paymentOptions: ['paypal'],
  v3: {
    redirectReply: { authUrl: true, instructions: false },
    type: 'paypal',
    authModel: 'PAYPAL',
    paymentType: 'paypal',
    eventType: 'PAYPAL_TRANSACTION',
    required: ['redirect_url'],
    read(_fields, ctx): Result<ChargeRead> {
      const money = ctx.money('USD');
      return money.ok ? ok({ money: money.value, details: { type: 'paypal' } }) : money;
    },
  },
  page: walletPage('PayPal'),
  v4View: (d) =>
    d.type === 'paypal' ? { type: 'bank_account', bank_account: { method: 'paypal' } } : undefined,
  v4: false,
};
