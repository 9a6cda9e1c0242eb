/** UK and EU open banking: the customer authorises in their bank app (v3 `account-ach-uk`, `is_token_io: 1`). */
import { pick } from '../domain/customer.js';
import { err, ok, type Result } from '../domain/result.js';
import { isOne, type ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { bankPage } from './sandbox-pages.js';
import { bankLoginCheckout } from './checkout-choices.js';
import { bankAccountV4View } from './v4-views.js';

export const openBanking: Method = {
  id: 'open-banking',
  name: 'UK and EU bank account',
  type: 'bank_account',
  currencies: ['GBP', 'EUR'],
  countries: ['GB', 'IE', 'FR', 'DE', 'NL', 'ES', 'IT', 'BE', 'PT'],
  minimum: { GBP: 100, EUR: 100 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: bankLoginCheckout(4),
  paymentOptions: ['account'],
  v3: {
    type: 'account-ach-uk',
    authModel: 'TOKEN',
    paymentType: 'account-ach-uk',
    eventType: 'ACCOUNT_TRANSACTION',
    required: ['is_token_io'],
    read(fields, ctx): Result<ChargeRead> {
      if (!isOne(fields.is_token_io)) {
        return err(
          ctx.bad(
            'is_token_io',
            'is_token_io must be 1: UK and EU account charges are authorised through token.io',
          ),
        );
      }
      const money = ctx.money();
      if (!money.ok) return money;
      const country = money.value.currency === 'GBP' ? 'GB' : undefined;
      return ok({
        money: money.value,
        country,
        details: {
          type: 'bank_account',
          bankAccount: { scheme: 'open_banking', ...pick('country', country) },
        },
      });
    },
  },
  page: bankPage,
  v4View: bankAccountV4View,
  v4: false,
};
