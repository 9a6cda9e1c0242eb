// The mobile-money page (v3 Ghana, Uganda, Rwanda and Zambia; v4 `scenario:auth_redirect`): the
// wallet's OTP screen. The OTP confirms; "Cancel payment" declines, in a form of its own so it never
// needs an OTP.
import { html, page } from '../html.js';
import { MAX_OTP_ATTEMPTS } from './otp-attempts.js';
import {
  assertSameOriginPath,
  badge,
  details,
  expiryLine,
  tokenField,
  type ChallengeBase,
} from '../page-parts.js';

export interface MobileMoneyChallengeView extends ChallengeBase {
  kind: 'mobile_money';
  /** As the wallet names it: "MTN". */
  network: string;
  /** Dialling code and masked number: "+233 ••••••9220". Never the whole number. */
  phone: string;
  /** The sandbox OTP, shown as a hint. */
  otpHint: string;
  /** Why the last answer was refused, shown above the field (the page then answers 422). */
  error?: string;
  /** The signed count of wrong OTPs so far, posted back with the next answer (web/otp-attempts.ts). */
  attempts?: string;
}

export function renderMobileMoneyChallenge(v: MobileMoneyChallengeView): string {
  assertSameOriginPath(v.action);
  const wallet = `${v.network} ${v.phone}`;
  const error = v.error !== undefined && v.error !== '' ? v.error : undefined;
  const describedBy = error === undefined ? 'otp-hint' : 'otp-error otp-hint';
  const body = html`<main>
    ${badge}
    <h1>Confirm your mobile money payment</h1>
    <p><strong>${v.merchantName}</strong> asks you to pay from your mobile money wallet.</p>
    ${details([
      ['Merchant', v.merchantName],
      ['Amount', v.amount],
      ['Wallet', wallet],
      ['Reference', v.reference],
    ])}
    <form method="post" action="${v.action}">
      ${tokenField(v.token)}
      ${v.attempts !== undefined && html`<input type="hidden" name="attempts" value="${v.attempts}" />`}
      ${error !== undefined && html`<p id="otp-error" class="error" role="alert">${error}</p>`}
      <div class="field">
        <label for="otp">Enter the OTP sent to ${wallet}</label>
        <input
          id="otp"
          class="otp"
          name="otp"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength="12"
          required
          autofocus
          aria-describedby="${describedBy}"
          ${error !== undefined && html`aria-invalid="true"`}
        />
        <p id="otp-hint" class="hint">Sandbox OTP: <strong>${v.otpHint}</strong></p>
      </div>
      <div class="actions">
        <button type="submit" class="button primary" name="decision" value="approve">Confirm payment</button>
      </div>
    </form>
    <form method="post" action="${v.action}">
      ${tokenField(v.token)}
      <div class="actions">
        <button type="submit" class="button" name="decision" value="decline">Cancel payment</button>
      </div>
    </form>
    <p class="note">
      This is Baobab's sandbox: no OTP is sent. The right OTP completes the charge with the outcome its
      scenario chose; ${MAX_OTP_ATTEMPTS} wrong ones, or Cancel payment, fail it.
    </p>
    ${expiryLine(v.expiresAt)}
  </main>`;
  return page({ title: `Confirm your payment – ${v.merchantName}`, body });
}
