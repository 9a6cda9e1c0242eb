/**
 * The rail registry: which simulated network carries a payment method, keyed by the v4
 * payment-method `type`. Only cards so far; mobile money, USSD and the others join as their rails land.
 */
import { cardRail } from './card.js';
import type { Rail } from './contract.js';

export const RAILS = { card: cardRail } as const;

export type RailName = keyof typeof RAILS;

/**
 * The rail for a payment-method type, or undefined when none simulates it yet. The state type is
 * `unknown` here because a charge stores it as opaque JSON; only the rail itself reads it.
 */
export function railFor(paymentMethodType: string): Rail<unknown> | undefined {
  return Object.hasOwn(RAILS, paymentMethodType) ? RAILS[paymentMethodType as RailName] : undefined;
}
