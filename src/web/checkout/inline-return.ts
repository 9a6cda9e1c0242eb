/**
 * Inline mode of hosted checkout. An inline session's pages are the hosted checkout's own, with two
 * differences:
 * - they may be framed by the merchant page's origin the session is bound to, and by no other
 *   (`Content-Security-Policy: frame-ancestors <origin>` instead of `X-Frame-Options: DENY`);
 * - the session ends at `GET /v3/inline/return` (its redirect_url), which tells the merchant's page
 *   the result: a script, allowed by a per-response nonce and nothing else, posts it to the parent
 *   aimed at that origin (never `*`). /v3.js checks the sender before it calls `callback` or `onclose`.
 * The result is read from the session and its attempts, never from the query, which only locates the
 * session. Without script the page still says how the payment ended, with the way back.
 */
import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { checkoutPath, CHECKOUT_PATHS, returnUrl } from '../../api/http/checkout-links.js';
import { INLINE_RETURN_PATH, inlineBindingOf } from '../../api/http/inline-links.js';
import type { Links } from '../../api/http/links.js';
import { checkoutByReference, type Checkout } from '../../flows/checkout/checkout.js';
import { withCustomer, type ChargeInFull } from '../../flows/charges/read-charges.js';
import type { Deps } from '../../flows/deps.js';
import { sessionByLink } from '../../flows/checkout/session-by-link.js';
import { html, STYLESHEET } from '../html.js';
import { renderOutcome, sendPage } from '../outcome-page.js';
import { badge } from '../page-parts.js';

/** The dialect's `callback(response)` for a final attempt (a port: api/v3/inline-response.ts). */
export type InlineResponse = (full: ChargeInFull) => Readonly<Record<string, unknown>>;

/** What the return page posts to the merchant's page; /v3.js reads nothing else. */
export type InlineMessage =
  | { type: 'baobab:checkout'; event: 'completed'; tx_ref: string; response: unknown; redirect?: string }
  | { type: 'baobab:checkout'; event: 'closed'; tx_ref: string };

/** JSON safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const COPY = {
  succeeded: ['Payment successful', 'Your payment went through. You can close this window.'],
  failed: ['Payment not completed', 'The payment failed. No money was taken.'],
  cancelled: ['Payment cancelled', 'No money was taken.'],
  expired: ['This payment has expired', 'The time allowed to pay has passed. No money was taken.'],
} as const;

function resultPage(
  status: keyof typeof COPY,
  reference: string,
  origin: string,
  message: InlineMessage,
  back: string | undefined,
): { body: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64');
  const [title, text] = COPY[status];
  // Posted once on load, and the close message when the customer closes the window.
  const script = `(function(){var o=${scriptJson(origin)},m=${scriptJson(message)};
if(window.parent===window)return;window.parent.postMessage(m,o);
var b=document.getElementById('close');if(b){b.hidden=false;b.addEventListener('click',function(){
window.parent.postMessage({type:'baobab:checkout',event:'closed',tx_ref:m.tx_ref},o);});}})();`;
  const main = html`<main>
    ${badge}
    <h1>${title}</h1>
    <div class="outcome" data-status="${status}" role="status">
      <p>${text}</p>
      <p>Reference: <strong>${reference}</strong></p>
    </div>
    <p><button id="close" class="button primary" type="button" hidden>Close</button></p>
    ${back !== undefined && html`<p><a class="button" href="${back}">Return to the merchant</a></p>`}
  </main>`;
  // The style and script are constants of ours (the script's values are JSON made safe above).
  const body =
    '<!doctype html><html lang="en"><head><meta charset="utf-8" />' +
    '<meta name="viewport" content="width=device-width, initial-scale=1" />' +
    '<meta name="robots" content="noindex" /><meta name="referrer" content="no-referrer" />' +
    html`<title>${title}</title>`.toString() +
    `<style nonce="${nonce}">${STYLESHEET}</style></head><body>${main.toString()}` +
    `<script nonce="${nonce}">${script}</script></body></html>`;
  return { body, nonce };
}

/** Frame-ancestors for the bound origin, a nonce for the page's one script and style, nothing else. */
const inlinePolicy = (origin: string, nonce?: string): string =>
  nonce === undefined
    ? `frame-ancestors ${origin}`
    : `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self'; ` +
      `base-uri 'none'; form-action 'none'; frame-ancestors ${origin}`;

export function inlineCheckoutRoutes(
  root: FastifyInstance,
  deps: Deps,
  links: Links,
  respond: InlineResponse,
): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  // The hosted pages of an inline session may be framed by its page's origin (and only by it).
  const pagePath = `${CHECKOUT_PATHS.v3}/:key`;
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.routeOptions.url !== pagePath || reply.getHeader('x-frame-options') === undefined) return payload;
    const key = (req.params as { key?: unknown }).key;
    if (typeof key !== 'string') return payload;
    const session = await sessionByLink(deps, key);
    const binding = session && inlineBindingOf(links, session);
    if (binding) {
      reply.removeHeader('x-frame-options');
      reply.header('content-security-policy', inlinePolicy(binding.origin));
    }
    return payload;
  });

  const unknown = (reply: FastifyReply) =>
    sendPage(
      reply,
      404,
      renderOutcome({ status: 'invalid', title: '', message: 'This payment is unknown.' }),
    );

  app.get(
    INLINE_RETURN_PATH,
    {
      config: { dialect: 'web' },
      schema: {
        hide: true,
        querystring: Type.Object({
          m: Type.String({ maxLength: 64 }),
          tx_ref: Type.String({ maxLength: 100 }),
        }),
      },
    },
    async (req, reply) => {
      const c: Checkout | undefined = await checkoutByReference(deps, req.query.m, req.query.tx_ref);
      const binding = c && inlineBindingOf(links, c.session);
      if (!c || !binding) return unknown(reply);
      const { state, session } = c;
      if (state.status === 'open') return reply.redirect(checkoutPath(session), 303);
      const decided = state.attempt && c.attempts.find((a) => a.charge.id === state.attempt?.id);
      const ended = state.status === 'succeeded' || state.status === 'failed';
      const back =
        binding.redirect === undefined
          ? undefined
          : returnUrl({ ...session, redirectUrl: binding.redirect }, state);
      const message: InlineMessage =
        ended && decided
          ? {
              type: 'baobab:checkout',
              event: 'completed',
              tx_ref: session.reference,
              response: respond(await withCustomer(deps, decided)),
              ...(back === undefined ? {} : { redirect: back }),
            }
          : { type: 'baobab:checkout', event: 'closed', tx_ref: session.reference };
      const status = ended && decided ? state.status : state.status === 'expired' ? 'expired' : 'cancelled';
      const page = resultPage(status, session.reference, binding.origin, message, back);
      return reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', inlinePolicy(binding.origin, page.nonce))
        .send(page.body);
    },
  );
}
