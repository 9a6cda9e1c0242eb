// The card page: the issuer's 3-D Secure challenge, answered Approve or Decline.
import { html, page } from '../html.js';
import {
  assertSameOriginPath,
  badge,
  details,
  expiryLine,
  tokenField,
  type ChallengeBase,
} from '../page-parts.js';

export interface CardChallengeView extends ChallengeBase {
  kind: 'card';
  /** Masked, e.g. "4111 11•• •••• 1111". */
  card: string;
  network: string;
}

export function renderCardChallenge(v: CardChallengeView): string {
  assertSameOriginPath(v.action);
  const body = html`<main>
    ${badge}
    <h1>Verify your payment</h1>
    <p><strong>${v.merchantName}</strong> asks you to confirm this card payment (3-D Secure check).</p>
    ${details([
      ['Merchant', v.merchantName],
      ['Amount', v.amount],
      ['Card', html`${v.card} (${v.network})`],
      ['Reference', v.reference],
    ])}
    <p class="note">
      This is Baobab's sandbox: no bank is contacted. Approve completes the charge with the outcome its
      scenario chose; Decline fails it as a cardholder who did not authenticate.
    </p>
    <form method="post" action="${v.action}">
      ${tokenField(v.token)}
      <div class="actions">
        <button type="submit" class="button primary" name="decision" value="approve">Approve</button>
        <button type="submit" class="button" name="decision" value="decline">Decline</button>
      </div>
    </form>
    ${expiryLine(v.expiresAt)}
  </main>`;
  return page({ title: `Verify your payment – ${v.merchantName}`, body });
}
