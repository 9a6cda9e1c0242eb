/**
 * v4 orders (spec §8.6): `POST /orders` for a saved card, `POST /orchestration/direct-orders` with the
 * customer and card in the same call, fetch, list, and `PUT /orders/{id}` to capture or void the held
 * funds (or, a Baobab addition, to send the card step `next_action` asks for). The flow is the v3
 * pre-authorisation's (flows/charges/orders.ts).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { pick } from '../../domain/customer.js';
import { appError } from '../../domain/errors.js';
import { totalPages } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Deps } from '../../flows/deps.js';
import type { ChargeResult } from '../../flows/charges/create-charge.js';
import {
  createOrder,
  directOrder,
  getOrder,
  ORDER_STATUSES,
  pageOfOrders,
  settleOrder,
} from '../../flows/charges/orders.js';
import { authorizeCharge } from '../../flows/charges/update-charge.js';
import type { Links } from '../http/links.js';
import { amountIn } from '../http/charge-amounts.js';
import { sendExecuted } from '../http/idempotency.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';
import { callerOf } from './auth.js';
import { chargeFields } from './charge-input.js';
import { toCustomerDetails } from './customers.js';
import { decryptAuthorization } from './encrypted-input.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, success } from './envelope.js';
import { methodInputOf } from './method-input.js';
import { DirectChargeBody } from './orchestration.js';
import { cardSteps, OrderAuthorizationIn, OrderUpdate, OrderView, orderRenderer } from './order-views.js';
import { ChargeCreate } from './payment-schemas.js';
import { IdParams, relaxCustomerFields } from './schemas.js';

const { recurring: _recurring, order_id: _orderId, ...createFields } = ChargeCreate.properties;
const OrderCreate = Type.Object({ ...createFields, authorization: Type.Optional(OrderAuthorizationIn) });
const DirectOrderBody = Type.Object({
  ...DirectChargeBody.properties,
  authorization: Type.Optional(OrderAuthorizationIn),
});

const OrderListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    status: Type.Optional(StringEnum(ORDER_STATUSES)),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    customer_id: Type.Optional(Type.String({ maxLength: 64 })),
    payment_method_id: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);

const tags = ['Orders'];
const security = [{ bearer: [] }];

/** The card step sent in a PUT, decrypted with the merchant's key. */
async function authorizationOf(req: FastifyRequest, body: { authorization?: unknown }) {
  const steps = cardSteps(body.authorization as OrderAuthorizationIn | undefined);
  if (!steps) return ok(undefined);
  const profile = await contextOf(req).profile();
  return decryptAuthorization(profile.v4EncryptionKey, steps, 'authorization');
}

export function orderRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/orders',
    {
      schema: {
        tags,
        security,
        summary: "Authorise an order on a customer's saved card: the funds are held until captured",
        description: 'Honours X-Idempotency-Key and X-Scenario-Key (see docs/sandbox.md).',
        body: OrderCreate,
        response: { 201: Success(OrderView), ...COMMON_ERRORS, 422: COMMON_ERRORS[400] },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const profile = await contextOf(req).profile();
      const { authorization: asked, ...rest } = req.body;
      const body = { ...rest, ...pick('authorization', cardSteps(asked)) };
      const fields = chargeFields(req, body, profile.v4EncryptionKey);
      if (!fields.ok) return reply.fail(fields.error);
      const executed = await createOrder(
        deps,
        {
          ...fields.value,
          merchantId: caller.merchantId,
          customerId: req.body.customer_id,
          paymentMethodId: req.body.payment_method_id,
        },
        {
          idempotency: claim.value,
          render: orderRenderer(links, caller.clientId).reply(201, 'Order created'),
        },
        'v4',
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.post(
    '/orchestration/direct-orders',
    {
      preValidation: async (req) => {
        relaxCustomerFields((req.body as { customer?: unknown } | undefined)?.customer);
      },
      schema: {
        tags,
        security,
        summary: 'Create a customer, a card and an order in one call',
        description: 'All or nothing. Honours X-Idempotency-Key and X-Scenario-Key (see docs/sandbox.md).',
        body: DirectOrderBody,
        response: { 201: Success(OrderView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const { authorization: asked, ...rest } = req.body;
      const body = { ...rest, ...pick('authorization', cardSteps(asked)) };
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const profile = await contextOf(req).profile();
      const paymentMethod = methodInputOf(profile.v4EncryptionKey, body.payment_method, 'payment_method');
      if (!paymentMethod.ok) return reply.fail(paymentMethod.error);
      const fields = chargeFields(req, body, profile.v4EncryptionKey);
      if (!fields.ok) return reply.fail(fields.error);
      const executed = await directOrder(
        deps,
        {
          ...fields.value,
          merchantId: caller.merchantId,
          customer: toCustomerDetails(body.customer),
          paymentMethod: paymentMethod.value,
        },
        {
          idempotency: claim.value,
          render: orderRenderer(links, caller.clientId).reply(201, 'Order created'),
        },
        'v4',
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        tags,
        security,
        summary: 'List orders, most recent first, with filters',
        querystring: OrderListQuery,
        response: { 200: ListOf(OrderView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const q = req.query;
      const page = await pageOfOrders(
        deps,
        caller.merchantId,
        {
          ...pick('status', q.status),
          ...pick('from', q.from === undefined ? undefined : new Date(q.from)),
          ...pick('to', q.to === undefined ? undefined : new Date(q.to)),
          ...pick('customerId', q.customer_id),
          ...pick('paymentMethodId', q.payment_method_id),
        },
        { page: q.page, size: q.size },
      );
      const { view } = orderRenderer(links, caller.clientId);
      return {
        status: 'success' as const,
        message: 'Orders fetched',
        meta: {
          page_info: {
            total: page.total,
            current_page: page.page,
            total_pages: totalPages(page.total, page.size),
          },
        },
        data: await Promise.all(page.items.map((i) => view(i.charge, i.paymentMethod))),
      };
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch an order',
        params: IdParams,
        response: { 200: Success(OrderView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const found = await getOrder(deps, caller.merchantId, req.params.id);
      if (!found.ok) return reply.fail(found.error);
      const { view } = orderRenderer(links, caller.clientId);
      return success('Order fetched', await view(found.value.charge, found.value.paymentMethod));
    },
  );

  app.put(
    '/orders/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Capture or void the funds an order holds (or send the card step it waits for)',
        description:
          '`action: capture` takes the hold, or `amount` of it; `action: void` releases it. ' +
          'Authorizations expire 7 days after the funds are held (docs/sandbox.md).',
        params: IdParams,
        body: OrderUpdate,
        response: { 200: Success(OrderView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const { id } = req.params;
      const body = req.body;
      let result: Result<ChargeResult>;
      if (body.action === 'void' && body.amount !== undefined) {
        const message = 'amount applies to a capture only: a void releases the whole hold';
        result = err(appError('REQUEST_NOT_VALID', message, [{ field: 'amount', message }]));
      } else if (body.action !== undefined) {
        const action =
          body.action === 'capture'
            ? { type: 'capture' as const, amount: amountIn(body.amount) }
            : { type: 'void' as const };
        result = await settleOrder(deps, caller.merchantId, id, action, 'v4');
      } else if (body.authorization !== undefined || body.meta !== undefined) {
        const authorization = await authorizationOf(req, body);
        if (!authorization.ok) return reply.fail(authorization.error);
        const found = await getOrder(deps, caller.merchantId, id);
        if (!found.ok) return reply.fail(found.error);
        result = await authorizeCharge(
          deps,
          caller.merchantId,
          id,
          { ...pick('authorization', authorization.value), ...pick('meta', body.meta) },
          'v4',
        );
      } else {
        const message = 'action is required: capture or void';
        result = err(appError('REQUEST_NOT_VALID', message, [{ field: 'action', message }]));
      }
      if (!result.ok) return reply.fail(result.error);
      const { view } = orderRenderer(links, caller.clientId);
      return success('Order updated', await view(result.value.charge, result.value.paymentMethod));
    },
  );
}
