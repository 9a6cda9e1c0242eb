// The sandbox redirect page: where a customer's browser lands when a charge needs the customer's
// approval (3-D Secure for cards today). Pure renderers from a view model to a complete HTML document.
import { html, page, type SafeHtml } from './html.js';

export interface ChallengeView {
  merchantName: string;
  /** Already formatted, e.g. "NGN 1,234.56". */
  amount: string;
  /** Masked, e.g. "4111 11•• •••• 1111". */
  card: string;
  network: string;
  reference: string;
  token: string;
  /** The form's action: a same-origin path, e.g. "/sandbox/redirects". */
  action: string;
  kind: 'card';
  /** ISO 8601. */
  expiresAt: string;
}

export type OutcomeStatus = 'succeeded' | 'failed' | 'expired' | 'used' | 'invalid';

export interface OutcomeView {
  title: string;
  message: string;
  status: OutcomeStatus;
  reference?: string;
  returnUrl?: string;
}

const badge = html`<span class="badge">SANDBOX</span>`;

/** "14:05 UTC" for an ISO time; the input itself when it does not parse. */
function utcClock(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
}

/** Only a path on this origin ("/x", not "//host" or "/\host") may receive the token. */
function assertSameOriginPath(action: string): void {
  if (!/^\/(?![/\\])/.test(action)) {
    throw new TypeError(
      `redirect page: form action must be a same-origin path, got ${JSON.stringify(action)}`,
    );
  }
}

export function renderChallenge(v: ChallengeView): string {
  assertSameOriginPath(v.action);
  const body = html`<main>
    ${badge}
    <h1>Verify your payment</h1>
    <p><strong>${v.merchantName}</strong> asks you to confirm this card payment (3-D Secure check).</p>
    <dl class="details">
      <dt>Merchant</dt>
      <dd>${v.merchantName}</dd>
      <dt>Amount</dt>
      <dd>${v.amount}</dd>
      <dt>Card</dt>
      <dd>${v.card} (${v.network})</dd>
      <dt>Reference</dt>
      <dd>${v.reference}</dd>
    </dl>
    <p class="note">
      This is Baobab's sandbox: no bank is contacted. Approve completes the charge with the outcome its
      scenario chose; Decline fails it as a cardholder who did not authenticate.
    </p>
    <form method="post" action="${v.action}">
      <input type="hidden" name="token" value="${v.token}" />
      <div class="actions">
        <button type="submit" class="button primary" name="decision" value="approve">Approve</button>
        <button type="submit" class="button" name="decision" value="decline">Decline</button>
      </div>
    </form>
    <p class="expiry">
      This link expires at <time datetime="${v.expiresAt}">${utcClock(v.expiresAt)}</time>.
    </p>
  </main>`;
  return page({ title: `Verify your payment – ${v.merchantName}`, body });
}

const OUTCOME_COPY: Readonly<Record<OutcomeStatus, { title: string; message: string }>> = {
  succeeded: { title: 'Payment approved', message: 'The payment went through. You can close this page.' },
  failed: { title: 'Payment not completed', message: 'The payment failed. No money was taken.' },
  expired: {
    title: 'This link has expired',
    message:
      'The time allowed to confirm this payment has passed. Start the payment again from the merchant.',
  },
  used: {
    title: 'This payment was already completed',
    message: 'This link has already been used, so it cannot be used again.',
  },
  invalid: {
    title: 'This link is not valid',
    message: 'The link is incomplete or unknown. Check that you opened the whole link.',
  },
};

/** A non-empty string, or the fallback: the view may come from anywhere, so nothing here may throw. */
function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** The URL normalised, when it is an absolute http(s) URL; otherwise nothing (never `javascript:` etc.). */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

export function renderOutcome(o: OutcomeView): string {
  const status: OutcomeStatus = Object.hasOwn(OUTCOME_COPY, o.status) ? o.status : 'invalid';
  const copy = OUTCOME_COPY[status];
  const title = textOr(o.title, copy.title);
  const message = textOr(o.message, copy.message);
  const reference = textOr(o.reference, '');
  const returnUrl = httpUrl(o.returnUrl);
  const body: SafeHtml = html`<main>
    ${badge}
    <h1>${title}</h1>
    <div class="outcome" data-status="${status}" role="status">
      <p>${message}</p>
      ${reference && html`<p>Reference: <strong>${reference}</strong></p>`}
    </div>
    ${returnUrl !== undefined && html`<p><a class="button" href="${returnUrl}">Return to the merchant</a></p>`}
  </main>`;
  return page({ title, body });
}
