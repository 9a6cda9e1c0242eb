// The sandbox redirect pages: where a customer's browser lands when a charge needs the customer's
// approval — a card's 3-D Secure, a mobile-money OTP, a bank login or consent, a wallet sheet. Pure
// renderers from a view model to a complete HTML document; one file per page kind.
import { renderBankChallenge, type BankChallengeView } from './bank-page.js';
import { renderCardChallenge, type CardChallengeView } from './card-page.js';
import { renderMobileMoneyChallenge, type MobileMoneyChallengeView } from './mobile-money-page.js';
import { renderWalletChallenge, type WalletChallengeView } from './wallet-page.js';

export type { BankChallengeView, CardChallengeView, MobileMoneyChallengeView, WalletChallengeView };

export type ChallengeView =
  CardChallengeView | MobileMoneyChallengeView | BankChallengeView | WalletChallengeView;

export function renderChallenge(v: ChallengeView): string {
  switch (v.kind) {
    case 'card':
      return renderCardChallenge(v);
    case 'mobile_money':
      return renderMobileMoneyChallenge(v);
    case 'bank':
      return renderBankChallenge(v);
    case 'wallet':
      return renderWalletChallenge(v);
  }
}
