// What every sandbox challenge page shares: the SANDBOX badge, the same-origin check on the form's
// action, the details list, the token field and the expiry line. Each page kind composes these, so a
// protection added here holds for all of them.
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** What every challenge page shows and posts, whatever the payment method. */
export interface ChallengeBase {
  merchantName: string;
  /** Already formatted, e.g. "NGN 1,234.56". */
  amount: string;
  reference: string;
  /** The signed link token: the only credential the page's forms carry. */
  token: string;
  /** The forms' action: a same-origin path, e.g. "/sandbox/redirects". */
  action: string;
  /** ISO 8601. */
  expiresAt: string;
}

export const badge = html`<span class="badge">SANDBOX</span>`;

/** "14:05 UTC" for an ISO time; the input itself when it does not parse. */
function utcClock(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
}

/** Only a path on this origin ("/x", not "//host" or "/\host") may receive the token. */
export function assertSameOriginPath(action: string): void {
  if (!/^\/(?![/\\])/.test(action)) {
    throw new TypeError(
      `redirect page: form action must be a same-origin path, got ${JSON.stringify(action)}`,
    );
  }
}

/** A `<dl>` of label/value rows; rows whose value is empty are left out. */
export function details(rows: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  const shown = rows.filter(([, value]) => value !== undefined && value !== '' && value !== false);
  return html`<dl class="details">
    ${shown.map(
      ([label, value]) =>
        html`<dt>${label}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}

/** The hidden field every form posts: the link token, and nothing else that identifies the charge. */
export const tokenField = (token: string): SafeHtml =>
  html`<input type="hidden" name="token" value="${token}" />`;

export const expiryLine = (expiresAt: string): SafeHtml =>
  html`<p class="expiry">
    This link expires at <time datetime="${expiresAt}">${utcClock(expiresAt)}</time>.
  </p>`;
