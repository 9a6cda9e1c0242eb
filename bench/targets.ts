/** The direct-charge target of `npm run bench` (bench/run.ts): a noauth card, a new reference each time. */
import { randomBytes } from 'node:crypto';
import { encryptField } from '../src/sdk/encryption.js';
import { nextSequence, RUN_TAG, type Target } from './load.js';

/** One card, encrypted once under the merchant's v4 key and one nonce, sent with every direct charge. */
export function encryptedCard(keyBase64: string): Record<string, string> {
  const nonce = randomBytes(9)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x'); // 12 characters
  const field = (plaintext: string) => encryptField(keyBase64, nonce, plaintext);
  return {
    nonce,
    encrypted_card_number: field('5531886652142950'),
    encrypted_expiry_month: field('09'),
    encrypted_expiry_year: field('32'),
    encrypted_cvv: field('564'),
  };
}

/** `POST /orchestration/direct-charges` with a new reference and email each time; noauth card. */
export function directCharges(card: Record<string, string>): Target {
  const paymentMethod = { type: 'card', card };
  return {
    name: 'POST /orchestration/direct-charges',
    expected: 201,
    method: 'POST',
    next: () => {
      const sequence = nextSequence();
      return {
        path: '/orchestration/direct-charges',
        body: JSON.stringify({
          amount: 1500,
          currency: 'NGN',
          reference: `b-${sequence}-${RUN_TAG}`,
          customer: { email: `bench-${sequence}@example.com`, name: { first: 'Ada', last: 'Lovelace' } },
          payment_method: paymentMethod,
        }),
      };
    },
  };
}
