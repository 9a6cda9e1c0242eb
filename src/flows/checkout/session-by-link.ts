/** Sessions alone (without their attempts): for deciding a page's headers. */
import type { CheckoutSession } from '../../domain/checkout.js';
import { findCheckoutSession, findCheckoutSessionByLink } from '../../store/checkout-sessions.js';
import { findCharge } from '../../store/charges.js';
import type { Deps } from '../deps.js';

export const sessionByLink = (
  deps: Pick<Deps, 'db'>,
  linkKey: string,
): Promise<CheckoutSession | undefined> => findCheckoutSessionByLink(deps.db, linkKey);

/** The session a charge is an attempt of, if it is one. */
export async function sessionOfAttempt(
  deps: Pick<Deps, 'db'>,
  merchantId: string,
  chargeId: string,
): Promise<CheckoutSession | undefined> {
  const found = await findCharge(deps.db, merchantId, chargeId);
  const sessionId = found?.charge.checkout?.sessionId;
  return sessionId === undefined ? undefined : findCheckoutSession(deps.db, merchantId, sessionId);
}
