/**
 * v4 charges (spec §8.3): create (every v4 payment-method type), fetch, list with filters, and PUT to
 * authorise or update. A charge's next action is rendered per caller: a redirect step gets its signed
 * sandbox link, a QR step its code as a PNG data URL.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Charge } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { createCharge, type ChargeResult } from '../../flows/charges/create-charge.js';
import type { Deps } from '../../flows/deps.js';
import { getCharge, pageOfCharges } from '../../flows/charges/read-charges.js';
import { authorizeCharge } from '../../flows/charges/update-charge.js';
import { redirectLink, type Links } from '../http/links.js';
import { sendExecuted } from '../http/idempotency.js';
import { qrPngDataUrl } from '../http/qr-image.js';
import { callerOf } from './auth.js';
import { chargeFields } from './charge-input.js';
import { decryptAuthorization } from './encrypted-input.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, success } from './envelope.js';
import { ChargeCreate, ChargeUpdate } from './payment-schemas.js';
import { IdParams } from './schemas.js';
import { StringEnum } from '../http/fields.js';
import { ChargeView, chargeView } from './views.js';
import { totalPages } from '../../domain/pagination.js';
import { contextOf } from '../http/request-context.js';

/** Renders charges for one caller: a redirect step gets its signed sandbox link, a QR step its image. */
export function chargeRenderer(links: Links, clientId: string) {
  const view = async (charge: Charge, pm: PaymentMethod) => {
    const action = charge.nextAction;
    return chargeView(charge, pm, {
      ...pick(
        'redirectUrl',
        action?.type === 'redirect_url'
          ? await redirectLink(links, charge, clientId, pm.details.type)
          : undefined,
      ),
      ...pick('qrImage', action?.type === 'qr_code' ? await qrPngDataUrl(action.payload) : undefined),
    });
  };
  const reply = (status: number, message: string) => async (r: ChargeResult) => ({
    status,
    body: JSON.stringify(success(message, await view(r.charge, r.paymentMethod))),
  });
  return { view, reply };
}

const ChargeListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    status: Type.Optional(StringEnum(['succeeded', 'pending', 'failed', 'voided'] as const)),
    reference: Type.Optional(Type.String({ maxLength: 42 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    customer_id: Type.Optional(Type.String({ maxLength: 64 })),
    virtual_account_id: Type.Optional(Type.String({ maxLength: 64 })),
    payment_method_id: Type.Optional(Type.String({ maxLength: 64 })),
    order_id: Type.Optional(Type.String({ maxLength: 64 })),
  }),
]);

export function chargeRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Charges'];
  const security = [{ bearer: [] }];

  app.post(
    '/charges',
    {
      schema: {
        tags,
        security,
        summary: "Charge a customer's saved payment method",
        description:
          'Honours X-Idempotency-Key and, in the sandbox, X-Scenario-Key (see docs/sandbox.md). ' +
          'The method must take the currency and amount; `recurring` applies to cards only.',
        body: ChargeCreate,
        response: { 201: Success(ChargeView), ...COMMON_ERRORS, 422: COMMON_ERRORS[400] },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const profile = await contextOf(req).profile();
      const fields = chargeFields(req, req.body, profile.v4EncryptionKey);
      if (!fields.ok) return reply.fail(fields.error);
      const executed = await createCharge(
        deps,
        {
          ...fields.value,
          merchantId: caller.merchantId,
          customerId: req.body.customer_id,
          paymentMethodId: req.body.payment_method_id,
        },
        {
          idempotency: claim.value,
          render: chargeRenderer(links, caller.clientId).reply(201, 'Charge created'),
        },
        'v4',
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/charges',
    {
      schema: {
        tags,
        security,
        summary: 'List charges, most recent first, with filters',
        querystring: ChargeListQuery,
        response: { 200: ListOf(ChargeView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const q = req.query;
      const page = await pageOfCharges(
        deps,
        caller.merchantId,
        {
          ...pick('status', q.status),
          ...pick('reference', q.reference),
          ...pick('from', q.from === undefined ? undefined : new Date(q.from)),
          ...pick('to', q.to === undefined ? undefined : new Date(q.to)),
          ...pick('customerId', q.customer_id),
          ...pick('paymentMethodId', q.payment_method_id),
          ...pick('virtualAccountId', q.virtual_account_id),
          ...pick('orderId', q.order_id),
        },
        { page: q.page, size: q.size },
      );
      const { view } = chargeRenderer(links, caller.clientId);
      return {
        status: 'success' as const,
        message: 'Charges fetched',
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
    '/charges/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a charge',
        params: IdParams,
        response: { 200: Success(ChargeView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const found = await getCharge(deps, caller.merchantId, req.params.id);
      if (!found.ok) return reply.fail(found.error);
      const { view } = chargeRenderer(links, caller.clientId);
      return success('Charge fetched', await view(found.value.charge, found.value.paymentMethod));
    },
  );

  app.put(
    '/charges/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Authorise a pending charge (PIN, OTP, address, external 3DS) or update its meta',
        params: IdParams,
        body: ChargeUpdate,
        response: { 200: Success(ChargeView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      let authorization;
      if (req.body.authorization) {
        const profile = await contextOf(req).profile();
        const decrypted = decryptAuthorization(
          profile.v4EncryptionKey,
          req.body.authorization,
          'authorization',
        );
        if (!decrypted.ok) return reply.fail(decrypted.error);
        authorization = decrypted.value;
      }
      const updated = await authorizeCharge(
        deps,
        caller.merchantId,
        req.params.id,
        { ...pick('authorization', authorization), ...pick('meta', req.body.meta) },
        'v4',
      );
      if (!updated.ok) return reply.fail(updated.error);
      const { view } = chargeRenderer(links, caller.clientId);
      return success('Charge updated', await view(updated.value.charge, updated.value.paymentMethod));
    },
  );
}
