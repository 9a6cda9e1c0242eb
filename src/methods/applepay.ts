/** Apple Pay: the wallet sheet, then the card's issuer answers. */
import { pick } from '../domain/customer.js';
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { walletPage } from './sandbox-pages.js';
import { walletCheckout } from './checkout-choices.js';

export const applepay: Method = {
  id: 'applepay',
  name: 'Apple Pay',
  type: 'applepay',
  currencies: ['USD', 'NGN', 'GBP', 'EUR', 'CAD', 'KES', 'GHS', 'ZAR'],
  countries: [],
  minimum: {},
  fee: { default: { bps: 380 } },
  checkout: walletCheckout(6),
  paymentOptions: ['applepay'],
  v3: {
    redirectReply: { authUrl: true, instructions: false },
    type: 'applepay',
    authModel: 'APPLEPAY',
    paymentType: 'applepay',
    eventType: 'CARD_TRANSACTION',
    required: ['redirect_url'],
    read(fields, ctx): Result<ChargeRead> {
      const money = ctx.money();
      if (!money.ok) return money;
      return ok({
        money: money.value,
        details: { type: 'applepay', ...pick('cardHolderName', fields.fullname) },
      });
    },
  },
  page: walletPage('Apple Pay'),
  v4View: (d) =>
    d.type === 'applepay'
      ? { type: 'applepay', applepay: { ...pick('card_holder_name', d.cardHolderName) } }
      : undefined,
  v4: true,
};
