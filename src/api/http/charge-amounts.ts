/**
 * Amounts are parsed once, at the edge. A refund's, a capture's or a chargeback's `amount` (major
 * units as sent, a number or a numeric string) is in its charge's currency, which only the flow reading the charge
 * knows: the dialect hands the flow this reader, bound to what was sent, and the flow asks it for
 * minor units in the charge's currency at the point it would have parsed — so a refusal comes exactly
 * where it did (after not-found, before the rules; superseded by an idempotent replay).
 */
import { parseAmount, type AmountIn } from '../../domain/money.js';

/** The reader of `amount` as sent, or undefined (all of it) when none is. */
export function amountIn(amount: unknown, field = 'amount'): AmountIn | undefined {
  return amount === undefined ? undefined : (currency) => parseAmount(amount, currency, field);
}
