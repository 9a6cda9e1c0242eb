/** Request fields every v3 route and the hosted checkout read the same way (a charge request as v3 words it). */
import { Type } from 'typebox';

/** A merchant's transaction reference: printable ASCII without spaces. */
export const TxRef = Type.String({
  pattern: '^[\\x21-\\x7e]{1,100}$',
  'x-message': 'must be 1 to 100 characters without spaces',
});

/** A major-unit amount, as a JSON number or a numeric string (clients send both); parsed per currency. */
export const V3Amount = Type.Unsafe<number | string>({
  type: ['number', 'string'],
  'x-message': 'must be a number',
});

export const CurrencyCode = Type.String({
  pattern: '^[A-Za-z]{3}$',
  'x-message': 'must be a currency code such as NGN',
});
