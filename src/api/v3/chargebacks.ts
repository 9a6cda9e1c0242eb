/**
 * v3 chargebacks: `GET /v3/chargebacks` (10 a page; `flw_ref` narrows to one transaction's, `from`/`to`
 * are YYYY-MM-DD days or ISO date-times) and `PUT /v3/chargebacks/{id}` with `{action: "accept" |
 * "decline", comment}`: accept gives the money back, decline (a comment is the evidence) waits for the
 * outcome. The sandbox controls `POST /v3/sandbox/chargebacks` (open one on a transaction, by
 * `flw_ref`) and `POST /v3/sandbox/chargebacks/{id}/resolve` stand in for the issuer (docs/sandbox.md).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Chargeback } from '../../domain/chargeback.js';
import { pick } from '../../domain/customer.js';
import { appError, invalid } from '../../domain/errors.js';
import { toMajor, type Currency } from '../../domain/money.js';
import { totalPages } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Deps } from '../../flows/deps.js';
import { openChargeback, pageOfChargebacks, stepOf } from '../../flows/disputes/chargebacks.js';
import { callerOf } from '../http/caller.js';
import { StringEnum } from '../http/fields.js';
import { sendExecuted } from '../http/idempotency.js';
import { contextOf } from '../http/request-context.js';
import { v3 } from './envelope.js';
import { numericId, WireAmount } from './refunds.js';
import { amountIn } from '../http/charge-amounts.js';

const PAGE_SIZE = 10;

/** The chargeback as v3 shows it: numeric id, the transaction's `flw_ref`, major units. */
export function v3ChargebackView(c: Chargeback) {
  return {
    id: c.numId,
    amount: toMajor(c.amount, c.currency as Currency),
    flw_ref: c.charge.flwRef,
    status: c.status,
    stage: c.stage,
    comment: c.details.comment ?? null,
    meta: { uploaded_proof: c.details.uploadedProof ?? null, history: [] as unknown[] },
    due_date: c.dueAt.toISOString(),
    settlement_id: 'N/A',
    created_at: c.createdAt.toISOString(),
    transaction_id: c.charge.txId,
    tx_ref: c.charge.reference,
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day (the whole of it, for `to`) or an ISO instant. */
export function boundOf(value: string | undefined, field: 'from' | 'to'): Result<Date | undefined> {
  if (value === undefined) return ok(undefined);
  const day = DAY.test(value);
  const at = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(at.getTime()) || (!day && !/^\d{4}-\d{2}-\d{2}T/.test(value))) {
    return err(
      invalid([{ field, message: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 date-time` }]),
    );
  }
  return ok(field === 'to' && day ? new Date(at.getTime() + 86_400_000 - 1) : at);
}

export function v3ChargebackRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];
  const notFound = () => appError('CHARGEBACK_NOT_FOUND', 'No chargeback was found for this id');

  app.get(
    '/v3/chargebacks',
    {
      schema: {
        tags,
        summary: 'List chargebacks, most recent first, 10 a page (flw_ref: one transaction’s)',
        querystring: Type.Object({
          flw_ref: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ maxLength: 40 })),
          to: Type.Optional(Type.String({ maxLength: 40 })),
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const from = boundOf(q.from, 'from');
      if (!from.ok) return reply.fail(from.error);
      const to = boundOf(q.to, 'to');
      if (!to.ok) return reply.fail(to.error);
      const page = await pageOfChargebacks(
        deps,
        callerOf(req).merchantId,
        { ...pick('from', from.value), ...pick('to', to.value), ...pick('flwRef', q.flw_ref) },
        { page: q.page, size: PAGE_SIZE },
      );
      return v3('Chargebacks fetched', page.items.map(v3ChargebackView), {
        page_info: {
          total: page.total,
          current_page: page.page,
          total_pages: totalPages(page.total, page.size),
        },
      });
    },
  );

  app.put(
    '/v3/chargebacks/:id',
    {
      schema: {
        tags,
        summary: 'Accept a chargeback, or decline it with a comment (the evidence)',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        body: Type.Object({
          action: StringEnum(['accept', 'decline'] as const),
          comment: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
      },
    },
    async (req, reply) => {
      const id = numericId(req.params.id);
      if (id === undefined) return reply.fail(notFound());
      const { action, comment } = req.body;
      const stepped = await stepOf(deps, callerOf(req).merchantId, { numId: id }, action, {
        details: pick('comment', comment),
      });
      if (!stepped.ok) {
        return reply.fail(stepped.error.type === 'CHARGEBACK_NOT_FOUND' ? notFound() : stepped.error);
      }
      const message = action === 'accept' ? 'Chargeback accepted' : 'Chargeback declined';
      return v3(message, v3ChargebackView(stepped.value));
    },
  );

  app.post(
    '/v3/sandbox/chargebacks',
    {
      // The transaction is named in the body: an unknown flw_ref is a 404.
      config: { idempotent: true, errors: [404] },
      schema: {
        tags: ['Sandbox'],
        summary: '(Sandbox) A customer’s bank disputes a successful transaction (by flw_ref)',
        body: Type.Object({
          flw_ref: Type.String({ minLength: 1, maxLength: 100 }),
          amount: Type.Optional(WireAmount),
          type: Type.Optional(StringEnum(['local', 'international'] as const)),
          expiry: Type.Optional(Type.Integer()),
        }),
      },
    },
    async (req, reply) => {
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const b = req.body;
      const executed = await openChargeback(
        deps,
        {
          merchantId: callerOf(req).merchantId,
          charge: { flwRef: b.flw_ref },
          ...pick('amount', amountIn(b.amount)),
          ...pick('type', b.type),
          ...pick('expiryHours', b.expiry),
          details: {},
        },
        {
          idempotency: claim.value,
          render: (c) => ({
            status: 200,
            body: JSON.stringify(v3('Chargeback created', v3ChargebackView(c))),
          }),
        },
      );
      if (executed.ok) return sendExecuted(reply, executed.value);
      return reply.fail(
        executed.error.type === 'CHARGE_NOT_FOUND'
          ? appError('CHARGE_NOT_FOUND', 'No transaction was found for this flw_ref')
          : executed.error,
      );
    },
  );

  app.post(
    '/v3/sandbox/chargebacks/:id/resolve',
    {
      schema: {
        tags: ['Sandbox'],
        summary: '(Sandbox) Decide a chargeback: won (released) or lost (debited)',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        body: Type.Object({ outcome: StringEnum(['won', 'lost'] as const) }),
      },
    },
    async (req, reply) => {
      const id = numericId(req.params.id);
      if (id === undefined) return reply.fail(notFound());
      const outcome = req.body.outcome === 'won' ? 'win' : 'lose';
      const stepped = await stepOf(deps, callerOf(req).merchantId, { numId: id }, outcome);
      if (!stepped.ok) {
        return reply.fail(stepped.error.type === 'CHARGEBACK_NOT_FOUND' ? notFound() : stepped.error);
      }
      return v3('Chargeback resolved', v3ChargebackView(stepped.value));
    },
  );
}
