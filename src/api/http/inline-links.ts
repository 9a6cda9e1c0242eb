/**
 * How an Inline checkout session is bound to the merchant's page. The session's `redirect_url` is
 * Baobab's own return page, `/v3/inline/return?m=<merchant>&o=<page origin>[&r=<merchant redirect_url>]`:
 * the checkout page ends there as any hosted checkout ends at its redirect_url, and that page tells
 * the merchant's page the result by postMessage to `o` alone. Whether a session is inline, and which
 * origin may frame its pages, is read from that URL as stored — never from a request.
 */
import type { CheckoutSession } from '../../domain/checkout.js';
import type { Links } from './links.js';

export const INLINE_SESSIONS_PATH = '/v3/inline/sessions';
export const INLINE_RETURN_PATH = '/v3/inline/return';

/** The origin as given, when it is a plain http(s) origin a policy header can name (else undefined). */
export function pageOrigin(value: string | undefined): string | undefined {
  if (value === undefined || !/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(value)) return undefined;
  return URL.canParse(value) && new URL(value).origin === value.toLowerCase()
    ? value.toLowerCase()
    : undefined;
}

export function inlineReturnUrl(
  links: Links,
  merchantId: string,
  origin: string,
  merchantRedirect: string | undefined,
): string {
  const url = new URL(links.publicUrl + INLINE_RETURN_PATH);
  url.searchParams.set('m', merchantId);
  url.searchParams.set('o', origin);
  if (merchantRedirect !== undefined) url.searchParams.set('r', merchantRedirect);
  return url.toString();
}

export interface InlineBinding {
  /** The merchant page's origin: the only one that may frame the session's pages or hear from them. */
  readonly origin: string;
  /** The merchant's own redirect_url, when the config gave one. */
  readonly redirect?: string;
}

/** The binding of an inline session; undefined for any other session. */
export function inlineBindingOf(links: Links, session: CheckoutSession): InlineBinding | undefined {
  const base = links.publicUrl + INLINE_RETURN_PATH + '?';
  if (!session.redirectUrl.startsWith(base)) return undefined;
  const query = new URL(session.redirectUrl).searchParams;
  const origin = pageOrigin(query.get('o') ?? undefined);
  if (origin === undefined || query.get('m') !== session.merchantId) return undefined;
  const redirect = query.get('r') ?? undefined;
  return { origin, ...(redirect === undefined ? {} : { redirect }) };
}
