/**
 * The sandbox redirect page (3-D Secure for cards): GET shows the challenge for a signed link, POST
 * takes the customer's answer, moves the charge to its final state and sends the browser back to the
 * merchant's redirect_url with `status`, `id` and `reference`. Expired, used or forged links get a
 * page that says so.
 */
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { linkExpiry, verifyLinkToken, type LinkClaims } from '../crypto/link-token.js';
import { maskCard } from '../domain/card.js';
import type { Charge } from '../domain/charge.js';
import { errorSpec, type AppError } from '../domain/errors.js';
import type { RenderedError } from '../api/http/errors.js';
import { formatMoney, type Currency } from '../domain/money.js';
import type { Deps } from '../flows/deps.js';
import { getCharge, withCustomer, type ChargeWithMethod } from '../flows/read-charges.js';
import { legacyChargeResponse } from '../api/v3/legacy.js';
import { completeRedirect } from '../flows/update-charge.js';
import { REDIRECT_PATH, type Links } from './links.js';
import { renderChallenge, renderOutcome, type OutcomeStatus } from './redirect-page.js';

const Token = Type.String({ minLength: 1, maxLength: 2048 });

function page(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .send(body);
}

function outcome(reply: FastifyReply, status: OutcomeStatus, charge?: Charge): FastifyReply {
  const code = { succeeded: 200, failed: 200, expired: 410, used: 409, invalid: 400 }[status];
  return page(
    reply,
    code,
    renderOutcome({
      status,
      title: '',
      message: '',
      ...(charge ? { reference: charge.reference } : {}),
      ...(charge?.redirectUrl ? { returnUrl: charge.redirectUrl } : {}),
    }),
  );
}

/** Errors on the sandbox pages (a bad form, a missing token) as a page, not JSON. */
export function renderWebError(error: AppError): RenderedError {
  return {
    status: errorSpec(error.type).http,
    contentType: 'text/html; charset=utf-8',
    body: renderOutcome({ status: 'invalid', title: '', message: error.fields[0]?.message ?? error.message }),
  };
}

/**
 * Back to the merchant. A v4 (and checkout) charge adds `status`, `id` and `reference` (spec §9 [P]);
 * a v3 direct charge adds `response`, its legacy JSON (v3 spec §2.2).
 */
export async function returnUrl(deps: Deps, done: ChargeWithMethod): Promise<string | undefined> {
  const { charge } = done;
  if (charge.redirectUrl === undefined) return undefined;
  const url = new URL(charge.redirectUrl);
  if (charge.origin === 'v3') {
    url.searchParams.set('response', legacyChargeResponse(await withCustomer(deps, done)));
  } else {
    url.searchParams.set('status', charge.status);
    url.searchParams.set('id', charge.id);
    url.searchParams.set('reference', charge.reference);
  }
  return url.toString();
}

export async function redirectPageRoutes(root: FastifyInstance, deps: Deps, links: Links): Promise<void> {
  await root.register(formbody);
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const hide = { hide: true };

  const check = async (
    token: string,
  ): Promise<{ ok: true; claims: LinkClaims } | { ok: false; status: OutcomeStatus }> => {
    const link = await verifyLinkToken(links.key, token, deps.clock.now());
    return link.ok ? link : { ok: false, status: link.why === 'expired' ? 'expired' : 'invalid' };
  };

  app.get(
    REDIRECT_PATH,
    { config: { dialect: 'web' }, schema: { ...hide, querystring: Type.Object({ token: Token }) } },
    async (req, reply) => {
      const link = await check(req.query.token);
      if (!link.ok) return outcome(reply, link.status);
      const found = await getCharge(deps, link.claims.merchantId, link.claims.chargeId);
      if (!found.ok) return outcome(reply, 'invalid');
      const { charge, paymentMethod } = found.value;
      if (charge.version !== link.claims.version || charge.nextAction?.type !== 'redirect_url') {
        return outcome(reply, 'used', charge);
      }
      const profile = await deps.profiles.get(charge.merchantId);
      const card = paymentMethod.details.type === 'card' ? paymentMethod.details.card : undefined;
      return page(
        reply,
        200,
        renderChallenge({
          merchantName: profile?.name ?? 'Merchant',
          amount: formatMoney(charge.amount, charge.currency as Currency),
          card: card ? maskCard(card.first6, card.last4, card.network) : paymentMethod.details.type,
          network: card?.network ?? '',
          reference: charge.reference,
          token: req.query.token,
          action: REDIRECT_PATH,
          kind: 'card',
          expiresAt: linkExpiry(charge.updatedAt).toISOString(),
        }),
      );
    },
  );

  app.post(
    REDIRECT_PATH,
    {
      config: { dialect: 'web' },
      schema: {
        ...hide,
        body: Type.Object({
          token: Token,
          decision: Type.Union([Type.Literal('approve'), Type.Literal('decline')]),
        }),
      },
    },
    async (req, reply) => {
      const link = await check(req.body.token);
      if (!link.ok) return outcome(reply, link.status);
      const done = await completeRedirect(deps, link.claims, req.body.decision === 'approve', 'sandbox_page');
      if (!done.ok) {
        if (done.error !== 'used') return outcome(reply, 'invalid');
        const found = await getCharge(deps, link.claims.merchantId, link.claims.chargeId);
        return outcome(reply, 'used', found.ok ? found.value.charge : undefined);
      }
      const { charge } = done.value;
      const target = await returnUrl(deps, done.value);
      if (target) return reply.redirect(target, 303);
      return outcome(reply, charge.status === 'succeeded' ? 'succeeded' : 'failed', charge);
    },
  );
}
