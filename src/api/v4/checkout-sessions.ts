/**
 * v4 checkout sessions (spec §8.12): open a hosted checkout page for a customer (200, idempotent under
 * X-Idempotency-Key; X-Scenario-Key is bound to every attempt made on the page), list and fetch them.
 * `checkout_url` is the page, `BAOBAB_PUBLIC_URL/checkout/pay/<key>`. The object is the official one;
 * how a session ended is seen on its charges (`GET /charges?reference=`), as the API has no status.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { CHECKOUT_LIMITS, type CheckoutSession } from '../../domain/checkout.js';
import { appError } from '../../domain/errors.js';
import { looksLikeId } from '../../domain/ids.js';
import { parseAmount, toMajor } from '../../domain/money.js';
import {
  createCheckoutSession,
  getCheckoutSession,
  pageOfCheckoutSessions,
} from '../../flows/checkout/checkout.js';
import type { Deps } from '../../flows/deps.js';
import { checkoutUrl } from '../http/checkout-links.js';
import type { Links } from '../http/links.js';
import { sendExecuted } from '../http/idempotency.js';
import { callerOf } from './auth.js';
import { isHttpUrl } from '../http/fields.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { Amount, CurrencyIn, RedirectUrl, Reference } from './payment-schemas.js';
import { IdParams } from './schemas.js';
import { contextOf } from '../http/request-context.js';

const { duration, retries } = CHECKOUT_LIMITS.v4;

const CheckoutSessionCreate = Type.Object({
  amount: Amount,
  currency: CurrencyIn,
  customer_id: Type.String({ minLength: 1, maxLength: 64 }),
  redirect_url: RedirectUrl,
  reference: Reference,
  max_retry_attempts: Type.Optional(
    Type.Integer({ minimum: retries.min, maximum: retries.max, default: retries.default }),
  ),
  session_duration: Type.Optional(
    Type.Integer({
      minimum: duration.min,
      maximum: duration.max,
      'x-message': `must be a whole number of minutes from ${duration.min} to ${duration.max}`,
    }),
  ),
});

export const CheckoutSessionView = Type.Object({
  id: Type.String(),
  amount: Type.Number(),
  currency: Type.String(),
  customer_id: Type.String(),
  checkout_url: Type.String(),
  redirect_url: Type.String(),
  reference: Type.String(),
  created_datetime: Type.String({ format: 'date-time' }),
  max_retry_attempts: Type.Integer(),
  session_duration: Type.Integer(),
});
type CheckoutSessionView = Static<typeof CheckoutSessionView>;

const view =
  (links: Links) =>
  (s: CheckoutSession): CheckoutSessionView => ({
    id: s.id,
    amount: toMajor(s.amount, s.currency),
    currency: s.currency,
    customer_id: s.customerId,
    checkout_url: checkoutUrl(links, s),
    redirect_url: s.redirectUrl,
    reference: s.reference,
    created_datetime: s.createdAt.toISOString(),
    max_retry_attempts: s.maxRetryAttempts,
    session_duration: s.sessionDuration,
  });

export function checkoutSessionRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Checkout sessions'];
  const security = [{ bearer: [] }];
  const toView = view(links);

  app.post(
    '/checkout/sessions',
    {
      schema: {
        tags,
        security,
        summary: 'Open a hosted checkout page for a customer',
        description:
          'Honours X-Idempotency-Key and, in the sandbox, X-Scenario-Key (bound to every attempt made on the ' +
          'page; see docs/sandbox.md). `session_duration` defaults to 30 minutes.',
        body: CheckoutSessionCreate,
        response: { 200: Success(CheckoutSessionView), ...COMMON_ERRORS, 422: COMMON_ERRORS[400] },
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const body = req.body;
      const amount = parseAmount(body.amount, body.currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      if (!isHttpUrl(body.redirect_url)) {
        return reply.fail(
          appError('REDIRECT_URL_INVALID', undefined, [
            { field: 'redirect_url', message: 'redirect_url must be an absolute http or https URL' },
          ]),
        );
      }
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const executed = await createCheckoutSession(
        deps,
        {
          merchantId,
          origin: 'v4',
          customer: { id: body.customer_id },
          reference: body.reference,
          amount: amount.value,
          currency: body.currency,
          redirectUrl: body.redirect_url,
          customizations: {},
          meta: {},
          scenario: scenario.value,
          maxRetryAttempts: body.max_retry_attempts ?? retries.default,
          sessionDuration: body.session_duration ?? duration.default,
        },
        {
          idempotency: claim.value,
          render: (s) => ({
            status: 200,
            body: JSON.stringify(success('Checkout session created', toView(s))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/checkout/sessions',
    {
      schema: {
        tags,
        security,
        summary: 'List checkout sessions, most recent first',
        querystring: PaginationQuery,
        response: { 200: ListOf(CheckoutSessionView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const { merchantId } = callerOf(req);
      const page = await pageOfCheckoutSessions(deps, merchantId, req.query);
      return list('Checkout sessions fetched', page, toView);
    },
  );

  app.get(
    '/checkout/sessions/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a checkout session',
        params: IdParams,
        response: { 200: Success(CheckoutSessionView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const notFound = appError(
        'CHECKOUT_SESSION_NOT_FOUND',
        `Checkout session ${req.params.id} was not found`,
      );
      if (!looksLikeId('checkoutSession', req.params.id)) return reply.fail(notFound);
      const found = await getCheckoutSession(deps, merchantId, req.params.id);
      return found.ok ? success('Checkout session fetched', toView(found.value)) : reply.fail(found.error);
    },
  );
}
