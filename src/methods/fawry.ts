/** Fawry Pay, Egypt: the customer pays cash at a Fawry outlet with the charge's reference number. */
import { pick } from '../domain/customer.js';
import { ok, type Result } from '../domain/result.js';
import type { ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { PHONE } from './checkout-choices.js';

export const fawry: Method = {
  id: 'fawry',
  name: 'Fawry Pay',
  type: 'fawry',
  currencies: ['EGP'],
  countries: ['EG'],
  minimum: { EGP: 1_000 },
  fee: { default: { bps: 200 } },
  checkout: {
    rank: 11,
    choice: () => ({
      icon: 'store',
      label: 'Fawry Pay',
      hint: 'Pay cash at a Fawry outlet',
      submit: 'Get reference number',
      fields: [{ ...PHONE, hint: 'Fawry sends the reference number to it.' }],
    }),
  },
  paymentOptions: ['fawrypay'],
  v3: {
    type: 'fawry_pay',
    authModel: 'FAWRY_PAY',
    paymentType: 'fawry_pay',
    eventType: 'FAWRY_PAY_TRANSACTION',
    required: ['phone_number'],
    read(fields, ctx): Result<ChargeRead> {
      const money = ctx.money('EGP');
      return money.ok
        ? ok({
            money: money.value,
            country: 'EG',
            details: { type: 'fawry', fawry: pick('phoneNumber', fields.phone_number) },
          })
        : money;
    },
  },
  /** The reference number the customer pays at a Fawry outlet. */
  draw: () => ({ code: 9 }),
  v4View: (d) =>
    d.type === 'fawry'
      ? {
          type: 'bank_account',
          bank_account: { method: 'fawry', ...pick('phone_number', d.fawry.phoneNumber) },
        }
      : undefined,
  v4: false,
};
