/**
 * v4 refunds (spec §8.8): `POST /refunds` (`{amount, charge_id, reason, meta?}`, partial or full; partials
 * may add up to the charge's amount, never more, even when they race), `GET /refunds` (page, size,
 * from, to) and `GET /refunds/{id}`. The same refund flow as v3 (flows/charges/refunds.ts). A sandbox
 * refund completes as it is created — shown as `succeeded`, the end of the documented lifecycle — and
 * writes a `refund.completed` event; `X-Scenario-Key: scenario:refund_failed` makes it `failed`
 * instead, moving no money (docs/sandbox.md, "Refunds (v4)").
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { toMajor } from '../../domain/money.js';
import { pick } from '../../domain/customer.js';
import { currencyOf } from '../../domain/refund.js';
import type { Deps } from '../../flows/deps.js';
import {
  getRefund,
  pageOfRefunds,
  refundCharge,
  type RefundWithCharge,
} from '../../flows/charges/refunds.js';
import { decideRefund } from '../../flows/charges/refund-outcomes.js';
import { amountIn } from '../http/charge-amounts.js';
import { sendExecuted } from '../http/idempotency.js';
import { bodyOptional } from '../http/validation.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { IdParams, Meta } from './schemas.js';

export const REFUND_REASONS = [
  'duplicate',
  'fraudulent',
  'requested_by_customer',
  'expired_uncaptured_charge',
] as const;

/** X-Scenario-Key flows for v4 refunds (docs/sandbox.md, "Refunds (v4)"); any other completes it at once. */
const OUTCOMES: Readonly<Record<string, 'failed' | 'pending'>> = {
  refund_failed: 'failed',
  refund_pending: 'pending',
};

/** The official schemas take `size` up to 50 but answer at most 10 refunds to a page. */
const PAGE_MAX = 10;

const RefundCreate = Type.Object({
  amount: Type.Number({ minimum: 0.01 }),
  charge_id: Type.String({ minLength: 1, maxLength: 64 }),
  reason: StringEnum(REFUND_REASONS),
  meta: Type.Optional(Meta),
});

const RefundView = Type.Object({
  id: Type.String(),
  amount_refunded: Type.Number(),
  meta: Meta,
  reason: Type.Optional(StringEnum(REFUND_REASONS)),
  status: StringEnum(['succeeded', 'failed', 'pending'] as const),
  charge_id: Type.String(),
  created_datetime: Type.String({ format: 'date-time' }),
});
type RefundView = Static<typeof RefundView>;

const isReason = (r: string | undefined): r is (typeof REFUND_REASONS)[number] =>
  (REFUND_REASONS as readonly (string | undefined)[]).includes(r);

export function refundView({ refund: r, charge }: RefundWithCharge): RefundView {
  return {
    id: r.id,
    amount_refunded: toMajor(r.amount, currencyOf(r)),
    meta: { ...r.meta },
    // v3 refunds carry no reason; one stored by v4 is always one of the enum.
    ...(isReason(r.reason) ? { reason: r.reason } : {}),
    status: r.status === 'completed' ? 'succeeded' : r.status,
    charge_id: charge.id,
    created_datetime: r.createdAt.toISOString(),
  };
}

const RefundListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  }),
]);

export function refundRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Refunds'];
  const security = [{ bearer: [] }];

  app.post(
    '/refunds',
    {
      schema: {
        tags,
        security,
        summary: 'Refund a succeeded charge, in full or in part',
        body: RefundCreate,
        response: { 201: Success(RefundView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const { amount, charge_id, reason, meta } = req.body;
      const executed = await refundCharge(
        deps,
        {
          merchantId: callerOf(req).merchantId,
          charge: charge_id,
          ...pick('amount', amountIn(amount)),
          reason,
          ...(meta === undefined ? {} : { meta }),
          outcome: OUTCOMES[scenario.value.flow ?? ''] ?? 'completed',
        },
        {
          idempotency: claim.value,
          render: (r) => ({ status: 201, body: JSON.stringify(success('Refund Initiated', refundView(r))) }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/refunds',
    {
      schema: {
        tags,
        security,
        summary: 'List refunds, most recent first (at most 10 a page)',
        querystring: RefundListQuery,
        response: { 200: ListOf(RefundView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await pageOfRefunds(
        deps,
        callerOf(req).merchantId,
        {
          ...(q.from === undefined ? {} : { from: new Date(q.from) }),
          // `to` is inclusive; the store's bound is exclusive.
          ...(q.to === undefined ? {} : { before: new Date(new Date(q.to).getTime() + 1) }),
        },
        { page: q.page, size: Math.min(q.size, PAGE_MAX) },
      );
      return list('Refunds fetched', page, refundView);
    },
  );

  app.get(
    '/refunds/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a refund',
        params: IdParams,
        response: { 200: Success(RefundView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getRefund(deps, callerOf(req).merchantId, { id: req.params.id });
      return found.ok ? success('Refund fetched', refundView(found.value)) : reply.fail(found.error);
    },
  );

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/sandbox/refunds/:id/${decision}`,
      {
        schema: {
          tags: ['Sandbox'],
          security,
          summary:
            decision === 'approve'
              ? '(Sandbox) A pending refund completes now'
              : '(Sandbox) A pending refund fails; its amount is refundable again',
          params: IdParams,
          body: Type.Object({}),
          response: { 200: Success(RefundView), ...COMMON_ERRORS },
        },
        preValidation: bodyOptional,
      },
      async (req, reply) => {
        const outcome = decision === 'approve' ? 'completed' : 'failed';
        const decided = await decideRefund(deps, callerOf(req).merchantId, req.params.id, outcome);
        return decided.ok ? success('Refund updated', refundView(decided.value)) : reply.fail(decided.error);
      },
    );
  }
}
