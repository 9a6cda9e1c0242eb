/**
 * Links the gateway hands out to browsers, under BAOBAB_PUBLIC_URL. A redirect link is signed for
 * the charge's current step (see crypto/link-token.ts): the same step always gets the same link.
 */
import { signLinkToken } from '../crypto/link-token.js';
import type { Charge } from '../domain/charge.js';

export interface Links {
  readonly publicUrl: string;
  readonly key: Buffer;
}

export const REDIRECT_PATH = '/sandbox/redirects';

export async function redirectLink(links: Links, charge: Charge, clientId: string): Promise<string> {
  const token = await signLinkToken(links.key, {
    merchantId: charge.merchantId,
    chargeId: charge.id,
    version: charge.version,
    clientId,
    issuedAt: charge.updatedAt,
  });
  return `${links.publicUrl}${REDIRECT_PATH}?${charge.rail}&token=${token}`;
}
