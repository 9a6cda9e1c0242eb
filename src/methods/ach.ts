/** ACH: US (USD) and South African (ZAR) bank accounts, authorised on the bank's page (v3 `ach_payment`). */
import type { Currency } from '../domain/money.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { bankPage } from './sandbox-pages.js';
import { bankLoginCheckout } from './checkout-choices.js';
import { bankAccountV4View } from './v4-views.js';

const ACH_COUNTRIES: Readonly<Record<string, { country: string; currency: Currency }>> = {
  US: { country: 'US', currency: 'USD' },
  ZA: { country: 'ZA', currency: 'ZAR' },
  // Flutterwave's own SDK sample sends ZAR debits with country "SA".
  SA: { country: 'ZA', currency: 'ZAR' },
};

export const ach: Method = {
  id: 'ach',
  name: 'ACH bank account',
  type: 'bank_account',
  currencies: ['USD', 'ZAR'],
  countries: ['US', 'ZA'],
  minimum: { USD: 100, ZAR: 1_000 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: bankLoginCheckout(4),
  paymentOptions: ['account'],
  // v3 spec §1.4 / §5: US debits show `account-ach-us`; the SDK's 2025 ZAR (Ozow) fixture shows `account`.
  v3: {
    redirectReply: { authUrl: true, instructions: true },
    type: 'ach_payment',
    authModel: 'AUTH',
    paymentType: 'account-ach-us',
    paymentTypeByCurrency: { ZAR: 'account' },
    eventType: 'ACH_TRANSACTION',
    read(fields, ctx): Result<ChargeRead> {
      const given = fields.country?.toUpperCase();
      const ach = given === undefined ? undefined : ACH_COUNTRIES[given];
      if (given !== undefined && !ach) {
        return err(ctx.bad('country', 'country must be US (USD debits) or ZA (ZAR debits) for ACH payments'));
      }
      const money = ctx.money(ach?.currency);
      if (!money.ok) return money;
      const country = ach?.country ?? (money.value.currency === 'USD' ? 'US' : 'ZA');
      // A currency ACH does not take at all is refused as such by the charge flow.
      const takes = Object.values(ACH_COUNTRIES).some((c) => c.currency === money.value.currency);
      if (ach && takes && ach.currency !== money.value.currency) {
        return err(
          ctx.bad(
            'currency',
            `currency ${money.value.currency} does not match country ${given}: ACH debits US accounts in USD and South African ones in ZAR`,
          ),
        );
      }
      return ok({
        money: money.value,
        country,
        details: { type: 'bank_account', bankAccount: { scheme: 'ach', country } },
      });
    },
  },
  page: bankPage,
  v4View: bankAccountV4View,
  v4: false,
};
