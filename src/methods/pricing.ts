/**
 * The sandbox's default pricing: each method's own fee (src/methods/<id>.ts), keyed by payment-method
 * type as a pricing file names them, with Nigerian VAT and stamp duty. Shaped like Flutterwave's
 * published Nigerian pricing; not anyone's real prices.
 */
import type { Pricing } from '../domain/fees.js';
import { METHODS } from './index.js';

export const DEFAULT_PRICING: Pricing = {
  methods: Object.fromEntries(METHODS.map((m) => [m.type, m.fee])),
  vatBps: { NGN: 750 },
  stampDuty: { NGN: { fromMinor: 1_000_000, amountMinor: 5_000 } },
};
