/** v4 payment methods (spec §8.2): create (every v4 type), fetch, list. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { pick } from '../../domain/customer.js';
import type { Deps } from '../../flows/deps.js';
import {
  createPaymentMethod,
  getPaymentMethod,
  pageOfPaymentMethods,
} from '../../flows/charges/payment-methods.js';
import { sendExecuted } from '../http/idempotency.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { methodInputOf } from './method-input.js';
import { PaymentMethodCreate } from './payment-schemas.js';
import { IdParams } from './schemas.js';
import { PaymentMethodView, paymentMethodView } from './views.js';
import { contextOf } from '../http/request-context.js';

export function paymentMethodRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Payment methods'];
  const security = [{ bearer: [] }];

  app.post(
    '/payment-methods',
    {
      schema: {
        tags,
        security,
        summary: 'Save a payment method (card fields AES-256-GCM encrypted with your key)',
        description:
          'card, mobile_money, ussd, opay, applepay, googlepay or bank_account (Pay with Bank). ' +
          'bank_transfer is refused: use /virtual-accounts.',
        body: PaymentMethodCreate,
        response: { 201: Success(PaymentMethodView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const body = req.body;
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const profile = await contextOf(req).profile();
      const method = methodInputOf(profile.v4EncryptionKey, body, '');
      if (!method.ok) return reply.fail(method.error);
      const executed = await createPaymentMethod(
        deps,
        { ...method.value, merchantId, ...pick('customerId', body.customer_id) },
        {
          idempotency: claim.value,
          render: (pm) => ({
            status: 201,
            body: JSON.stringify(success('Payment method created', paymentMethodView(pm))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/payment-methods',
    {
      schema: {
        tags,
        security,
        summary: 'List payment methods, most recent first',
        querystring: PaginationQuery,
        response: { 200: ListOf(PaymentMethodView), ...COMMON_ERRORS },
      },
    },
    async (req) =>
      list(
        'Payment methods fetched',
        await pageOfPaymentMethods(deps, callerOf(req).merchantId, req.query),
        paymentMethodView,
      ),
  );

  app.get(
    '/payment-methods/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a payment method',
        params: IdParams,
        response: { 200: Success(PaymentMethodView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getPaymentMethod(deps, callerOf(req).merchantId, req.params.id);
      return found.ok
        ? success('Payment method fetched', paymentMethodView(found.value))
        : reply.fail(found.error);
    },
  );
}
