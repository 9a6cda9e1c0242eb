/**
 * The sandbox redirect pages: GET shows the page for a signed link — the kind chosen by the charge's
 * payment method (card 3-D Secure, mobile-money OTP, bank login or consent, wallet sheet) — and POST
 * takes the customer's answer, moves the charge to its final state and sends the browser back to the
 * merchant's redirect_url. A wrong OTP shows the page again (422) and changes nothing; the last allowed
 * wrong OTP fails the payment like a decline. Expired, used or forged links get a page that says so.
 */
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { linkExpiry, verifyLinkToken, type LinkClaims } from '../../crypto/link-token.js';
import type { Charge, ChargeOrigin } from '../../domain/charge.js';
import { errorSpec, type AppError } from '../../domain/errors.js';
import type { RenderedError } from '../../api/http/errors.js';
import type { Deps } from '../../flows/deps.js';
import {
  getCharge,
  withCustomer,
  type ChargeInFull,
  type ChargeWithMethod,
} from '../../flows/charges/read-charges.js';
import { completeRedirect } from '../../flows/charges/update-charge.js';
import { challengeView, type OtpState } from './challenge-view.js';
import { pageKindOf } from '../../methods/index.js';
import { REDIRECT_PATH, type Links } from '../../api/http/links.js';
import { checkOtp, readAttempts, signAttempts } from './otp-attempts.js';
import { renderChallenge } from './redirect-page.js';
import { renderOutcome, sendPage, type OutcomeStatus } from '../outcome-page.js';

const Token = Type.String({ minLength: 1, maxLength: 2048 });

function outcome(reply: FastifyReply, status: OutcomeStatus, charge?: Charge, message = ''): FastifyReply {
  const code = { succeeded: 200, failed: 200, expired: 410, used: 409, invalid: 400 }[status];
  return sendPage(
    reply,
    code,
    renderOutcome({
      status,
      title: '',
      message,
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
 * The query a dialect adds when a redirect step sends the browser back to `redirect_url`, by the API
 * the charge was created through (a v3 direct charge adds `response`, its legacy JSON; v3 spec §2.2).
 * The composition root wires each dialect's; an origin without one gets v4's `status`, `id` and
 * `reference` (spec §9 [P]), as hosted checkout does.
 */
export type ReturnQueries = Partial<
  Readonly<Record<ChargeOrigin, (full: ChargeInFull) => Readonly<Record<string, string>>>>
>;

async function returnUrl(
  deps: Deps,
  done: ChargeWithMethod,
  queries: ReturnQueries,
): Promise<string | undefined> {
  const { charge } = done;
  if (charge.redirectUrl === undefined) return undefined;
  const url = new URL(charge.redirectUrl);
  const query = queries[charge.origin];
  const params = query
    ? query(await withCustomer(deps, done))
    : { status: charge.status, id: charge.id, reference: charge.reference };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** A link's step, open for an answer; or the page that says why not. */
type Step =
  | { readonly open: true; readonly claims: LinkClaims; readonly found: ChargeWithMethod }
  | { readonly open: false; readonly status: OutcomeStatus; readonly charge?: Charge };

const ALTERED_FORM = 'The payment form was changed or is incomplete. Open the payment link again.';
const NO_PAGE = 'This payment has no sandbox page. Start the payment again from the merchant.';
const TOO_MANY_OTPS = 'Too many wrong OTPs: the payment was cancelled. No money was taken.';

export async function redirectPageRoutes(
  root: FastifyInstance,
  deps: Deps,
  links: Links,
  returns: ReturnQueries,
): Promise<void> {
  await root.register(formbody);
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const hide = { hide: true };

  const openStep = async (token: string): Promise<Step> => {
    const link = await verifyLinkToken(links.key, token, deps.clock.now());
    if (!link.ok) return { open: false, status: link.why === 'expired' ? 'expired' : 'invalid' };
    const found = await getCharge(deps, link.claims.merchantId, link.claims.chargeId);
    if (!found.ok) return { open: false, status: 'invalid' };
    const { charge } = found.value;
    if (charge.version !== link.claims.version || charge.nextAction?.type !== 'redirect_url') {
      return { open: false, status: 'used', charge };
    }
    return { open: true, claims: link.claims, found: found.value };
  };

  const challenge = async (
    reply: FastifyReply,
    status: number,
    { charge, paymentMethod }: ChargeWithMethod,
    token: string,
    otp?: OtpState,
  ): Promise<FastifyReply> => {
    const profile = await deps.profiles.get(charge.merchantId);
    const view = challengeView(
      {
        charge,
        paymentMethod,
        merchantName: profile?.name ?? 'Merchant',
        token,
        action: REDIRECT_PATH,
        expiresAt: linkExpiry(charge.updatedAt),
      },
      otp,
    );
    if (!view) return outcome(reply, 'invalid', charge, NO_PAGE);
    return sendPage(reply, status, renderChallenge(view));
  };

  /** Answers the step and sends the browser back to the merchant, or shows the outcome. */
  const finish = async (
    reply: FastifyReply,
    claims: LinkClaims,
    approved: boolean,
    failedMessage = '',
  ): Promise<FastifyReply> => {
    const done = await completeRedirect(deps, claims, approved, 'sandbox_page');
    if (!done.ok) {
      if (done.error !== 'used') return outcome(reply, 'invalid');
      const found = await getCharge(deps, claims.merchantId, claims.chargeId);
      return outcome(reply, 'used', found.ok ? found.value.charge : undefined);
    }
    const { charge } = done.value;
    const target = await returnUrl(deps, done.value, returns);
    if (target) return reply.redirect(target, 303);
    return charge.status === 'succeeded'
      ? outcome(reply, 'succeeded', charge)
      : outcome(reply, 'failed', charge, failedMessage);
  };

  app.get(
    REDIRECT_PATH,
    { config: { dialect: 'web' }, schema: { ...hide, querystring: Type.Object({ token: Token }) } },
    async (req, reply) => {
      const step = await openStep(req.query.token);
      if (!step.open) return outcome(reply, step.status, step.charge);
      return challenge(reply, 200, step.found, req.query.token);
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
          // Generous: anything too long for an OTP is simply a wrong one, not a broken request.
          otp: Type.Optional(Type.String({ maxLength: 256 })),
          attempts: Type.Optional(Type.String({ maxLength: 256 })),
        }),
      },
    },
    async (req, reply) => {
      const { token, decision } = req.body;
      const step = await openStep(token);
      if (!step.open) return outcome(reply, step.status, step.charge);
      const kind = pageKindOf(step.found.paymentMethod.details.type);
      if (kind === undefined) return outcome(reply, 'invalid', step.found.charge, NO_PAGE);
      if (kind === 'mobile_money' && decision === 'approve') {
        const failed = readAttempts(links.key, token, req.body.attempts);
        if (failed === undefined) return outcome(reply, 'invalid', undefined, ALTERED_FORM);
        const otp = checkOtp(req.body.otp, failed);
        switch (otp.result) {
          case 'missing':
            return challenge(reply, 422, step.found, token, {
              error: 'Enter the OTP sent to your phone.',
              ...(failed > 0 ? { attempts: signAttempts(links.key, token, failed) } : {}),
            });
          case 'wrong':
            return challenge(reply, 422, step.found, token, {
              error: `That OTP is not correct. ${otp.left === 1 ? '1 attempt' : `${otp.left} attempts`} left.`,
              attempts: signAttempts(links.key, token, otp.failed),
            });
          case 'exhausted':
            // Through the rail as the customer's decline, like Cancel: the wallet gave up on them.
            return finish(reply, step.claims, false, TOO_MANY_OTPS);
          case 'right':
            break;
        }
      }
      return finish(reply, step.claims, decision === 'approve');
    },
  );
}
