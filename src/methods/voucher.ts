/** 1Voucher, South Africa: a cash voucher's 16-digit PIN, redeemed at once (docs/sandbox.md lists test vouchers). */
import { voucherBalance } from '../domain/reference/test-vouchers.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';

export const voucher: Method = {
  id: 'voucher',
  name: '1Voucher',
  type: 'voucher',
  currencies: ['ZAR'],
  countries: ['ZA'],
  minimum: { ZAR: 1_000 },
  fee: { default: { bps: 250 } },
  checkout: {
    rank: 10,
    choice: () => ({
      icon: 'voucher',
      label: '1Voucher',
      hint: 'Redeem a 1Voucher PIN',
      submit: 'Redeem voucher',
      fields: [
        {
          name: 'voucher_pin',
          label: 'Voucher PIN',
          inputmode: 'numeric',
          pattern: '[0-9 ]{16,19}',
          maxlength: 19,
          hint: 'The 16 digits on your voucher.',
        },
      ],
    }),
  },
  paymentOptions: ['1voucher', 'voucher'],
  v3: {
    type: 'voucher_payment',
    authModel: 'VOUCHER',
    paymentType: 'voucher_payment',
    eventType: 'VOUCHER_TRANSACTION',
    required: ['pin'],
    read(fields, ctx): Result<ChargeRead> {
      const pin = String(fields.pin ?? '');
      if (!/^[0-9]{16}$/.test(pin) || (typeof fields.pin === 'number' && !Number.isSafeInteger(fields.pin))) {
        return err(ctx.bad('pin', 'pin must be the 16-digit voucher PIN, as a string'));
      }
      const money = ctx.money('ZAR');
      if (!money.ok) return money;
      return ok({ money: money.value, country: 'ZA', voucherPin: pin, voucherBalance: voucherBalance(pin) });
    },
  },
  v4View: (d) =>
    d.type === 'voucher'
      ? { type: 'bank_account', bank_account: { method: 'voucher', last4: d.voucher.last4 } }
      : undefined,
  v4: false,
};
