/**
 * v4 chargebacks (spec §8, `chargebacks_*`): `POST /chargebacks` opens one on a successful charge (in
 * the sandbox, the stand-in for the customer's bank; idempotent under X-Idempotency-Key), `GET` lists
 * and fetches, `PUT /chargebacks/{id}` is the merchant's answer: `status: accepted` (the money goes
 * back) or `declined` with evidence (`comment`, `uploaded_proof` or `proof_data`). The outcome of a
 * declined one is the sandbox control `POST /sandbox/chargebacks/{id}/resolve` (docs/sandbox.md).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Chargeback, ChargebackDetails } from '../../domain/chargeback.js';
import { pick } from '../../domain/customer.js';
import { invalid } from '../../domain/errors.js';
import { toMajor, type Currency } from '../../domain/money.js';
import {
  getChargeback,
  openChargeback,
  pageOfChargebacks,
  stepOf,
} from '../../flows/disputes/chargebacks.js';
import type { Deps } from '../../flows/deps.js';
import { StringEnum } from '../http/fields.js';
import { sendExecuted } from '../http/idempotency.js';
import { contextOf } from '../http/request-context.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { Amount } from './payment-schemas.js';
import { IdParams } from './schemas.js';
import { amountIn } from '../http/charge-amounts.js';

const Text = Type.String({ maxLength: 1000 });
const STAGES = ['new', 'second', 'pre-arbitration', 'arbitration'] as const;
const STATUSES = ['pending', 'initiated', 'accepted', 'declined', 'won', 'lost'] as const;

export const ChargebackView = Type.Object({
  id: Type.String(),
  charge_id: Type.String(),
  amount: Type.Number(),
  meta: Type.Record(Type.String(), Type.String()),
  stage: StringEnum(STAGES),
  status: StringEnum(STATUSES),
  type: StringEnum(['local', 'international'] as const),
  due_datetime: Type.String(),
  created_datetime: Type.String(),
  updated_datetime: Type.String(),
  uploaded_proof: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  provider: Type.Optional(Type.String()),
  arn: Type.Optional(Type.String()),
  initiator: Type.Optional(Type.String()),
});

export function chargebackView(c: Chargeback) {
  const d = c.details;
  return {
    id: c.id,
    charge_id: c.chargeId,
    amount: toMajor(c.amount, c.currency as Currency),
    meta: {},
    stage: c.stage,
    status: c.status,
    type: c.type,
    due_datetime: c.dueAt.toISOString(),
    created_datetime: c.createdAt.toISOString(),
    updated_datetime: c.updatedAt.toISOString(),
    ...pick('uploaded_proof', d.uploadedProof),
    ...pick('comment', d.comment),
    ...pick('provider', d.provider),
    ...pick('arn', d.arn),
    ...pick('initiator', d.initiator),
  };
}

const CreateBody = Type.Object({
  charge_id: Type.String({ minLength: 1, maxLength: 64 }),
  amount: Amount,
  expiry: Type.Integer({ description: 'Hours the merchant has to answer (due_datetime)' }),
  type: StringEnum(['local', 'international'] as const),
  stage: Type.Optional(StringEnum(STAGES)),
  status: Type.Optional(StringEnum(['pending', 'initiated'] as const)),
  uploaded_proof: Type.Optional(Text),
  comment: Type.Optional(Text),
  provider: Type.Optional(Type.String({ maxLength: 100 })),
  arn: Type.Optional(Type.String({ maxLength: 100 })),
  initiator: Type.Optional(Type.String({ maxLength: 100 })),
});

const UpdateBody = Type.Object({
  status: StringEnum(['accepted', 'declined'] as const),
  uploaded_proof: Type.Optional(Text),
  proof_data: Type.Optional(Type.String({ maxLength: 100_000 })),
  comment: Type.Optional(Text),
  provider: Type.Optional(Type.String({ maxLength: 100 })),
  arn: Type.Optional(Type.String({ maxLength: 100 })),
  due_datetime: Type.Optional(Type.String({ format: 'date-time' })),
});

const ListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  }),
]);

const ResolveBody = Type.Object({ outcome: StringEnum(['won', 'lost'] as const) });

function detailsOf(b: {
  uploaded_proof?: string;
  proof_data?: string;
  comment?: string;
  provider?: string;
  arn?: string;
  initiator?: string;
}): ChargebackDetails {
  return {
    ...pick('uploadedProof', b.uploaded_proof),
    ...pick('proofData', b.proof_data),
    ...pick('comment', b.comment),
    ...pick('provider', b.provider),
    ...pick('arn', b.arn),
    ...pick('initiator', b.initiator),
  };
}

export function chargebackRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Chargebacks'];
  const security = [{ bearer: [] }];

  app.post(
    '/chargebacks',
    {
      schema: {
        tags,
        security,
        summary: 'Open a chargeback on a successful charge (sandbox: the issuer’s dispute)',
        description:
          'Holds `amount` (major units of the charge’s currency) on the wallet: `available` → `held`. ' +
          '`expiry` is the hours the merchant has to answer. Honours X-Idempotency-Key.',
        body: CreateBody,
        response: { 201: Success(ChargebackView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const b = req.body;
      const executed = await openChargeback(
        deps,
        {
          merchantId,
          charge: b.charge_id,
          ...pick('amount', amountIn(b.amount)),
          expiryHours: b.expiry,
          type: b.type,
          ...pick('stage', b.stage),
          ...pick('status', b.status),
          details: detailsOf(b),
        },
        {
          idempotency: claim.value,
          render: (c) => ({
            status: 201,
            body: JSON.stringify(success('Chargeback created', chargebackView(c))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/chargebacks',
    {
      schema: {
        tags,
        security,
        summary: 'List chargebacks, most recent first',
        querystring: ListQuery,
        response: { 200: ListOf(ChargebackView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await pageOfChargebacks(
        deps,
        callerOf(req).merchantId,
        {
          ...pick('from', q.from === undefined ? undefined : new Date(q.from)),
          ...pick('to', q.to === undefined ? undefined : new Date(q.to)),
        },
        { page: q.page, size: q.size },
      );
      return list('Chargebacks fetched', page, chargebackView);
    },
  );

  app.get(
    '/chargebacks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a chargeback',
        params: IdParams,
        response: { 200: Success(ChargebackView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getChargeback(deps, callerOf(req).merchantId, { id: req.params.id });
      return found.ok ? success('Chargeback fetched', chargebackView(found.value)) : reply.fail(found.error);
    },
  );

  app.put(
    '/chargebacks/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Accept a chargeback, or decline it with evidence',
        description:
          '`accepted` debits the held amount; `declined` needs `comment`, `uploaded_proof` or ' +
          '`proof_data` and waits for the outcome (sandbox: `POST /sandbox/chargebacks/{id}/resolve`).',
        params: IdParams,
        body: UpdateBody,
        response: { 200: Success(ChargebackView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const due = b.due_datetime === undefined ? undefined : new Date(b.due_datetime);
      if (due !== undefined && Number.isNaN(due.getTime())) {
        return reply.fail(invalid([{ field: 'due_datetime', message: 'due_datetime must be a date-time' }]));
      }
      const stepped = await stepOf(
        deps,
        callerOf(req).merchantId,
        { id: req.params.id },
        b.status === 'accepted' ? 'accept' : 'decline',
        {
          details: detailsOf(b),
          ...pick('dueAt', due),
        },
      );
      return stepped.ok
        ? success('Chargeback updated', chargebackView(stepped.value))
        : reply.fail(stepped.error);
    },
  );

  app.post(
    '/sandbox/chargebacks/:id/resolve',
    {
      schema: {
        tags: ['Sandbox'],
        security,
        summary: '(Sandbox) Decide a chargeback: won (the hold is released) or lost (it is debited)',
        description:
          '`won` needs a declined chargeback; `lost` takes a pending, initiated or declined one (an ' +
          'unanswered chargeback is lost).',
        params: IdParams,
        body: ResolveBody,
        response: { 200: Success(ChargebackView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const stepped = await stepOf(
        deps,
        callerOf(req).merchantId,
        { id: req.params.id },
        req.body.outcome === 'won' ? 'win' : 'lose',
      );
      return stepped.ok
        ? success('Chargeback resolved', chargebackView(stepped.value))
        : reply.fail(stepped.error);
    },
  );
}
