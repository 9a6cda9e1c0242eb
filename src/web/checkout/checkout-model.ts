// The hosted checkout page's view model: the frame every state shares, the states, the method choices
// and their fields (checkout-page.ts renders them).
import type { CheckoutChoice, FieldSpec } from '../../methods/checkout-choices.js';
import type { HtmlValue } from '../html.js';

export type { FieldSpec, IconName } from '../../methods/checkout-choices.js';

/** A method's tab: the method's own choice (methods/checkout-choices.ts) under its id. */
export interface MethodChoice extends CheckoutChoice {
  readonly id: string;
}

/** A refusal to show: on a field (its name), or on the form as a whole. */
export interface FormError {
  readonly field?: string;
  readonly message: string;
}

export interface PanelSection {
  readonly heading: string;
  readonly lines: readonly HtmlValue[];
}

/** What every state of the page shows around its content. */
export interface CheckoutFrame {
  /** The page's own same-origin path: every form posts to it. */
  readonly action: string;
  readonly title: string;
  readonly merchantName: string;
  readonly description?: string;
  /** An absolute http(s) URL whose origin the page's policy allows for images. */
  readonly logo?: string;
  /** In the currency's own format: "₦1,500.00". */
  readonly amount: string;
  readonly email: string;
  readonly reference: string;
  /** The sandbox values that drive outcomes, in the collapsible panel. */
  readonly sandbox: readonly PanelSection[];
  /** False once the session is over (nothing to cancel). */
  readonly cancellable: boolean;
  /** What the customer's last "I've sent the money" found: still waiting, as of a time (ISO 8601). */
  readonly checkedAt?: string;
}

export type CheckoutView =
  | {
      readonly kind: 'choose';
      readonly methods: readonly MethodChoice[];
      readonly open?: string;
      readonly errors?: readonly FormError[];
      readonly values?: Readonly<Record<string, string>>;
      /** Why the last attempt failed, and what is left. */
      readonly notice?: readonly string[];
    }
  | { readonly kind: 'pin' | 'otp'; readonly card: string; readonly error?: string }
  | {
      readonly kind: 'address';
      readonly card: string;
      readonly fields: readonly FieldSpec[];
      readonly errors?: readonly FormError[];
      readonly values?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'redirect'; readonly href: string; readonly what: string }
  | {
      readonly kind: 'transfer';
      readonly bank: string;
      readonly accountNumber: string;
      readonly accountName: string;
      /** ISO 8601, and the seconds left then, for the countdown. */
      readonly expiresAt: string;
      readonly secondsLeft: number;
    }
  | { readonly kind: 'instruction'; readonly heading: string; readonly note: string; readonly code?: string }
  | { readonly kind: 'qr'; readonly image: string; readonly note: string }
  | { readonly kind: 'requery' }
  | { readonly kind: 'expired'; readonly returnUrl: string };
