/**
 * Where hosted checkout sends browsers: the page of a session (`/v3/hosted/pay/<key>` for v3, the
 * shape of Flutterwave's own links; `/checkout/pay/<key>` for v4), and back to the merchant at the end.
 */
import type { CheckoutSession, CheckoutState } from '../../domain/checkout.js';
import type { Links } from './links.js';

export const CHECKOUT_PATHS = { v3: '/v3/hosted/pay', v4: '/checkout/pay' } as const;

export const checkoutPath = (s: CheckoutSession): string => `${CHECKOUT_PATHS[s.origin]}/${s.linkKey}`;

export const checkoutUrl = (links: Links, s: CheckoutSession): string => links.publicUrl + checkoutPath(s);

/**
 * The merchant's `redirect_url` with the outcome. v3 (spec §6): `status` successful, failed or
 * cancelled, `tx_ref`, and `transaction_id` unless cancelled. v4, as its redirect steps return
 * (spec §9 [P]): `status` succeeded, failed or cancelled, `id` (the charge) unless cancelled, and
 * `reference`. A session that expired unpaid returns as cancelled.
 */
export function returnUrl(session: CheckoutSession, state: CheckoutState): string {
  const url = new URL(session.redirectUrl);
  const paid = state.status === 'succeeded';
  const cancelled = !paid && (state.status === 'cancelled' || state.status === 'expired');
  const attempt = cancelled ? undefined : state.attempt;
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) url.searchParams.set(name, value);
  };
  if (session.origin === 'v3') {
    set('status', cancelled ? 'cancelled' : paid ? 'successful' : 'failed');
    set('tx_ref', session.reference);
    set('transaction_id', attempt && String(attempt.txId));
  } else {
    set('status', cancelled ? 'cancelled' : paid ? 'succeeded' : 'failed');
    set('id', attempt?.id);
    set('reference', session.reference);
  }
  return url.toString();
}
