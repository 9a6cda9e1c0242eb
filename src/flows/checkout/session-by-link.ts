/** The session a page link names, alone (without its attempts): for deciding a page's headers. */
import type { CheckoutSession } from '../../domain/checkout.js';
import { findCheckoutSessionByLink } from '../../store/checkout-sessions.js';
import type { Deps } from '../deps.js';

export const sessionByLink = (
  deps: Pick<Deps, 'db'>,
  linkKey: string,
): Promise<CheckoutSession | undefined> => findCheckoutSessionByLink(deps.db, linkKey);
