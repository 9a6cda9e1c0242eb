/**
 * Wire → domain for a v4 payment-method object (spec §8.2), as `POST /payment-methods` and the
 * orchestrator's `payment_method` send it. A card is decrypted (encrypted-input.ts); every other type
 * is read by the methods registry (methods/v4-input.ts), which checks it can be charged.
 */
import { pick } from '../../domain/customer.js';
import { ok, type Result } from '../../domain/result.js';
import type { MethodInput } from '../../flows/charges/payment-methods.js';
import { readV4Details } from '../../methods/v4-input.js';
import { decryptCard } from './encrypted-input.js';
import type { PaymentMethodIn } from './payment-schemas.js';

/**
 * The payment method as the flows take it. `path` is where it sits in the body: `''` for
 * `POST /payment-methods`, `'payment_method'` for the orchestrator. `key` decrypts a card.
 */
export function methodInputOf(key: string, pm: PaymentMethodIn, path: string): Result<MethodInput> {
  const prefix = path === '' ? '' : `${path}.`;
  const base = {
    meta: pm.meta ?? {},
    ...pick('deviceFingerprint', pm.device_fingerprint),
    ...pick('clientIp', pm.client_ip),
  };
  if (pm.type === 'card' && pm.card) {
    const card = decryptCard(key, pm.card, `${prefix}card`);
    return card.ok ? ok({ ...base, card: card.value }) : card;
  }
  const details = readV4Details(pm, prefix);
  return details.ok ? ok({ ...base, details: details.value }) : details;
}
