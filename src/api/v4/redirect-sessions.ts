/**
 * PUT /redirect-sessions/charges (spec §8.14): what the sandbox redirect pages call to finish a
 * charge's redirect step. Authenticated by the link's token in `X-Redirect-Session-Token`, not by
 * an access token: the browser that holds the link is the one allowed to answer it. Baobab extension:
 * `{"decision": "decline"}` declines (default: approve).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { verifyLinkToken } from '../../crypto/link-token.js';
import { appError } from '../../domain/errors.js';
import type { Deps } from '../../flows/deps.js';
import { completeRedirect } from '../../flows/charges/update-charge.js';
import type { Links } from '../http/links.js';
import { chargeRenderer } from './charges.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { Meta } from './schemas.js';
import { StringEnum } from '../http/fields.js';
import { ChargeView } from './views.js';

export function redirectSessionRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.put(
    '/redirect-sessions/charges',
    {
      schema: {
        tags: ['Charges'],
        summary: "(Sandbox) Complete a charge's redirect step",
        description:
          'Authenticated by `X-Redirect-Session-Token` (the token of the `next_action.redirect_url` link). ' +
          'Approves the step unless `decision` is `decline`; the scenario bound to the charge decides the outcome.',
        body: Type.Object({
          meta: Type.Optional(Meta),
          decision: Type.Optional(StringEnum(['approve', 'decline'] as const)),
        }),
        response: { 200: Success(ChargeView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const token = req.headers['x-redirect-session-token'];
      if (typeof token !== 'string' || token === '') {
        return reply.fail(appError('UNAUTHORIZED', 'Unauthorized: send X-Redirect-Session-Token'));
      }
      const link = await verifyLinkToken(links.key, token, deps.clock.now());
      if (!link.ok) {
        return reply.fail(
          appError(
            'UNAUTHORIZED',
            link.why === 'expired'
              ? 'Unauthorized: the redirect session has expired'
              : 'Unauthorized: the redirect session token is not valid',
          ),
        );
      }
      const done = await completeRedirect(deps, link.claims, req.body.decision !== 'decline', 'v4');
      if (!done.ok) {
        return reply.fail(
          done.error === 'used'
            ? appError('CHARGE_UPDATE_NOT_ALLOWED', 'This redirect session was already completed')
            : done.error,
        );
      }
      const { view } = chargeRenderer(links, link.claims.clientId);
      return success('Charge updated', await view(done.value.charge, done.value.paymentMethod));
    },
  );
}
