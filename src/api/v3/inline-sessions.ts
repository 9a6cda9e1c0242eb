/**
 * `POST /v3/inline/sessions`: what /v3.js calls with `FlutterwaveCheckout(config)` to open the payment
 * in its modal. Authenticated by the public key in the config alone, from any web page, so it answers
 * CORS (the preflight and the request) for the page's `Origin`, which the browser sets and the page
 * cannot. The session is bound to that origin: only it may frame the checkout and hear the result
 * (api/http/inline-links.ts). Answers `{status: "success", data: {link}}`, the page to frame; errors
 * in the v3 envelope, naming the field. A public key opens a payment and nothing else: the answer is
 * the new page's link, and a tx_ref already used is refused.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../../domain/errors.js';
import type { Deps } from '../../flows/deps.js';
import { merchantByPublicKey } from '../../flows/merchants/public-key.js';
import { checkoutUrl } from '../http/checkout-links.js';
import { readScenarioKey } from '../http/request-context.js';
import { INLINE_SESSIONS_PATH, inlineReturnUrl, pageOrigin } from '../http/inline-links.js';
import type { Links } from '../http/links.js';
import { v3 } from './envelope.js';
import { checkoutRequestOf, InlineConfig, merchantRedirectOf, openInlineSession } from './inline-config.js';

/** Echoes a valid page origin as allowed (never `*`, never credentials); undefined when there is none. */
function allowOrigin(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const origin = pageOrigin(req.headers.origin);
  reply.header('vary', 'Origin');
  if (origin !== undefined) reply.header('access-control-allow-origin', origin);
  return origin;
}

export function v3InlineSessionRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // Before the body is read: every answer, errors included, is readable by the calling page.
  app.addHook('onRequest', async (req, reply) => {
    allowOrigin(req, reply);
  });

  app.options(
    INLINE_SESSIONS_PATH,
    { config: { dialect: 'v3' }, schema: { hide: true } },
    async (_req, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type, x-scenario-key')
        .header('access-control-max-age', '600')
        .send(),
  );

  app.post(
    INLINE_SESSIONS_PATH,
    {
      // No security scheme: the public key is in the body, checked by the route (401 documented).
      config: { dialect: 'v3', authenticated: true },
      schema: {
        tags: ['v3'],
        summary: 'Open an Inline checkout payment (what /v3.js calls)',
        description:
          'Authenticated by `public_key` in the body; needs the calling page’s `Origin`, to which the ' +
          'session is bound. Answers `data.link`, the checkout page /v3.js frames.',
        body: InlineConfig,
      },
    },
    async (req, reply) => {
      const origin = pageOrigin(req.headers.origin);
      if (origin === undefined) {
        const message = 'Origin must be the http(s) origin of the page calling FlutterwaveCheckout';
        return reply.fail(invalid([{ field: 'Origin', message }]));
      }
      const merchant = await merchantByPublicKey(deps, req.body.public_key);
      if (!merchant.ok) return reply.fail(merchant.error);
      const redirect = merchantRedirectOf(req.body);
      if (!redirect.ok) return reply.fail(redirect.error);
      const scenario = readScenarioKey(req);
      if (!scenario.ok) return reply.fail(scenario.error);
      const request = checkoutRequestOf(
        req.body,
        merchant.value,
        inlineReturnUrl(links, merchant.value, origin, redirect.value),
        scenario.value,
      );
      if (!request.ok) return reply.fail(request.error);
      const link = await openInlineSession(deps, request.value, (s) => checkoutUrl(links, s));
      if (!link.ok) return reply.fail(link.error);
      return reply.code(200).send(v3('Checkout session created', { link: link.value }));
    },
  );
}
