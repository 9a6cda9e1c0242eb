// The bank page (payment method `bank_account`): a sandbox bank's login for Pay with Bank (Nigeria,
// v3 `mono`) and ACH (US, South Africa), its consent screen for UK/EU open banking. Approve or decline.
import type { BankAccountScheme } from '../../domain/payment-method.js';
import { html, page, type SafeHtml } from '../html.js';
import {
  assertSameOriginPath,
  badge,
  details,
  expiryLine,
  tokenField,
  type ChallengeBase,
} from '../page-parts.js';

export interface BankChallengeView extends ChallengeBase {
  kind: 'bank';
  scheme: BankAccountScheme;
  /** ISO 3166 alpha-2, when the payment method names it. */
  country?: string;
}

const BANK = 'Baobab Sandbox Bank';

const COPY: Readonly<Record<BankAccountScheme, { method: string; heading: string; approve: string }>> = {
  pay_with_bank: { method: 'Pay with Bank', heading: 'Log in to your bank', approve: 'Log in and approve' },
  ach: { method: 'Bank debit (ACH)', heading: 'Log in to your bank', approve: 'Log in and approve' },
  open_banking: { method: 'Open banking', heading: 'Authorise this payment', approve: 'Authorise payment' },
};

// The login fields have no `name`: a browser posts only named fields, so whatever a tester types
// (perhaps, by habit, a real password) never leaves the page.
const login: SafeHtml = html`<div class="field">
    <label for="bank-username">Username or customer ID</label>
    <input id="bank-username" type="text" autocomplete="off" aria-describedby="bank-hint" autofocus />
  </div>
  <div class="field">
    <label for="bank-password">Password</label>
    <input id="bank-password" type="password" autocomplete="off" aria-describedby="bank-hint" />
    <p id="bank-hint" class="hint">
      Sandbox bank: any username and password work, or none. They are not sent.
    </p>
  </div>`;

export function renderBankChallenge(v: BankChallengeView): string {
  assertSameOriginPath(v.action);
  const copy = Object.hasOwn(COPY, v.scheme) ? COPY[v.scheme] : COPY.pay_with_bank;
  const consent = v.scheme === 'open_banking';
  const bank = v.country !== undefined && v.country !== '' ? `${BANK} (${v.country})` : BANK;
  const body = html`<main>
    ${badge}
    <h1>${copy.heading}</h1>
    <p>
      <strong>${v.merchantName}</strong> asks to take <strong>${v.amount}</strong> from your bank account.
    </p>
    ${details([
      ['Merchant', v.merchantName],
      ['Amount', v.amount],
      ['Bank', bank],
      ['Method', copy.method],
      ['Reference', v.reference],
    ])}
    <form method="post" action="${v.action}">
      ${tokenField(v.token)}
      ${
        consent
          ? html`<p>
              ${BANK} will make a one-off payment of ${v.amount} to ${v.merchantName} once you authorise it.
            </p>`
          : login
      }
      <div class="actions">
        <button type="submit" class="button primary" name="decision" value="approve">${copy.approve}</button>
        <button type="submit" class="button" name="decision" value="decline">Decline</button>
      </div>
    </form>
    <p class="note">
      This is Baobab's sandbox bank: no real bank is contacted. Approving completes the charge with the
      outcome its scenario chose; Decline fails it.
    </p>
    ${expiryLine(v.expiresAt)}
  </main>`;
  return page({ title: `${copy.heading} – ${v.merchantName}`, body });
}
