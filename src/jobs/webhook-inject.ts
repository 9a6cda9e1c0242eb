/**
 * The faults a delivery's first attempt is given (domain/webhook-faults.ts; docs/sandbox.md "Webhook
 * faults"), as the attempt sends: `drop` sends nothing and ends the delivery; `bad_signature` signs
 * with a wrong secret; `duplicate` POSTs the same message twice; `slow` sends but counts the answer
 * as a timeout. `delay` and `out_of_order` already moved the attempt's due time at fan-out; they are
 * named in the attempt log all the same.
 */
import type { WebhookFaults } from '../domain/webhook-faults.js';
import type { WebhookMessage } from '../flows/webhooks/webhook-messages.js';
import { post, type Answer } from './webhook-post.js';

/** Signs with this instead of the secret: what a receiver checking its signature must refuse. */
export const wrongSecret = (secret: string): string => `bad-signature-${secret}`;

export interface Injected {
  readonly answer: Answer;
  /** The delivery ends `failed` without a retry (a dropped message). */
  readonly final: boolean;
}

/** What the receiver answered, once the faults were applied to the attempt. */
export async function sendWithFaults(
  url: string,
  faults: WebhookFaults,
  message: () => Promise<WebhookMessage>,
  timeoutMs: number,
): Promise<Injected> {
  if (faults.drop) {
    return { answer: { error: 'injected drop: the message was not sent' }, final: true };
  }
  const built = await message();
  const answer = await post(url, built, timeoutMs);
  // The same message again, webhook-id and all, once the first has its answer.
  if (faults.duplicate) await post(url, built, timeoutMs);
  if (faults.slow) {
    const got = answer.statusCode === undefined ? 'no answer' : `answer ${String(answer.statusCode)}`;
    return {
      answer: {
        error: `timed out after ${String(timeoutMs)} ms (injected slow; the receiver's ${got} was ignored)`,
      },
      final: false,
    };
  }
  return { answer, final: false };
}
