/**
 * Inline checkout's sandbox steps in the modal. When an attempt of an inline session needs the
 * customer on a sandbox page — a card's 3-D Secure, a bank login or consent, a wallet sheet, a
 * mobile-money OTP — the browser goes there inside the modal's frame, and comes back to the checkout
 * page, which ends at the inline return page. So those pages, for such an attempt, may be framed by
 * the session's bound origin alone (`Content-Security-Policy: frame-ancestors <origin>` instead of
 * `X-Frame-Options: DENY`), as the session's checkout pages are. The binding is read from the
 * session as stored, found from the page's signed link (in the query, or the posted form); an
 * expired link's page too, so the modal can say it expired. Every other page keeps DENY.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inlineBindingOf } from '../../api/http/inline-links.js';
import { REDIRECT_PATH, type Links } from '../../api/http/links.js';
import { readLinkClaims } from '../../crypto/link-token.js';
import type { Deps } from '../../flows/deps.js';
import { sessionOfAttempt } from '../../flows/checkout/session-by-link.js';

/** The policy that lets `origin`, and nothing else, frame a page. */
export const framedBy = (origin: string): string => `frame-ancestors ${origin}`;

const tokenOf = (req: FastifyRequest): string | undefined => {
  const from = (v: unknown) =>
    typeof v === 'object' && v !== null ? (v as { token?: unknown }).token : undefined;
  const token = req.method === 'POST' ? from(req.body) : from(req.query);
  return typeof token === 'string' && token.length <= 2048 ? token : undefined;
};

/** Registers the hook in the sandbox pages' scope. */
export function inlineSandboxFraming(app: FastifyInstance, deps: Deps, links: Links): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.routeOptions.url !== REDIRECT_PATH || reply.getHeader('x-frame-options') === undefined) {
      return payload;
    }
    const token = tokenOf(req);
    const claims = token === undefined ? undefined : await readLinkClaims(links.key, token);
    const session = claims && (await sessionOfAttempt(deps, claims.merchantId, claims.chargeId));
    const binding = session && inlineBindingOf(links, session);
    if (binding) {
      reply.removeHeader('x-frame-options');
      reply.header('content-security-policy', framedBy(binding.origin));
    }
    return payload;
  });
}
