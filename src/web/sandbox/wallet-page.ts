// The wallet page (Apple Pay, Google Pay, OPay, eNaira, PayPal): the wallet's payment sheet, with the amount
// large, Pay or Cancel.
import { METHODS } from '../../methods/index.js';
import { html, page } from '../html.js';
import {
  assertSameOriginPath,
  badge,
  details,
  expiryLine,
  tokenField,
  type ChallengeBase,
} from '../page-parts.js';

/** The brands of the methods whose step is a wallet sheet: any other reads as "your wallet". */
const WALLET_BRANDS: readonly string[] = METHODS.flatMap((m) => m.page?.brand ?? []);

export interface WalletChallengeView extends ChallengeBase {
  kind: 'wallet';
  /** The wallet's name as its method gives it (methods/sandbox-pages.ts). */
  brand: string;
  /** The name on the wallet's card (Apple Pay, Google Pay), when the payment method has one. */
  holder?: string;
}

export function renderWalletChallenge(v: WalletChallengeView): string {
  assertSameOriginPath(v.action);
  const brand = WALLET_BRANDS.includes(v.brand) ? v.brand : 'your wallet';
  const body = html`<main>
    ${badge}
    <h1>Pay with ${brand}</h1>
    <p><strong>${v.merchantName}</strong> asks you to pay with ${brand}.</p>
    <p class="amount">${v.amount}</p>
    ${details([
      ['Pay to', v.merchantName],
      ['Wallet', brand],
      ['Name', v.holder],
      ['Reference', v.reference],
    ])}
    <form method="post" action="${v.action}">
      ${tokenField(v.token)}
      <div class="actions">
        <button type="submit" class="button primary" name="decision" value="approve">Pay ${v.amount}</button>
        <button type="submit" class="button" name="decision" value="decline">Cancel</button>
      </div>
    </form>
    <p class="note">
      This is Baobab's sandbox: no ${brand} wallet is charged. Pay completes the charge with the outcome its
      scenario chose; Cancel fails it.
    </p>
    ${expiryLine(v.expiresAt)}
  </main>`;
  return page({ title: `Pay with ${brand} – ${v.merchantName}`, body });
}
