/**
 * Links the gateway hands out to browsers, under BAOBAB_PUBLIC_URL. A redirect link is signed for
 * the charge's current step (see crypto/link-token.ts): the same step always gets the same link.
 */
import { signLinkToken } from '../../crypto/link-token.js';
import type { Charge } from '../../domain/charge.js';
import type { PaymentMethodType } from '../../domain/payment-method.js';
import { pageKindOf } from '../../methods/index.js';

export interface Links {
  readonly publicUrl: string;
  readonly key: Buffer;
}

export const REDIRECT_PATH = '/sandbox/redirects';

/**
 * The link to the sandbox page of the charge's redirect step: `…/sandbox/redirects?<kind>&token=…`,
 * the kind (`card`, `mobile_money`, `bank`, `wallet`) naming the page for people reading the URL. The
 * page itself goes by the charge's payment method, never by this name.
 */
export async function redirectLink(
  links: Links,
  charge: Charge,
  clientId: string,
  paymentMethodType: PaymentMethodType,
): Promise<string> {
  const token = await signLinkToken(links.key, {
    merchantId: charge.merchantId,
    chargeId: charge.id,
    version: charge.version,
    clientId,
    issuedAt: charge.updatedAt,
  });
  const kind = pageKindOf(paymentMethodType) ?? charge.rail;
  return `${links.publicUrl}${REDIRECT_PATH}?${kind}&token=${token}`;
}
