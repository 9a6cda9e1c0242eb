/**
 * v4 transfers (payouts): create (instant, deferred, scheduled), list, fetch, approve or cancel a
 * deferred one, and the sandbox controls that complete, fail or reverse a transfer and top a wallet
 * up. Money is held on creation and settled or released at the end (docs/payouts.md).
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError, invalid } from '../../domain/errors.js';
import { CURRENCY_CODES, isCurrency, parseAmount, type Currency } from '../../domain/money.js';
import { PROVIDER_RESPONSE_TYPES } from '../../domain/transfer.js';
import type { Deps } from '../../flows/deps.js';
import { getRecipient } from '../../flows/payouts/recipients.js';
import {
  advanceTransfer,
  createTransfer,
  getTransfer,
  pageOfTransfers,
} from '../../flows/payouts/transfers.js';
import { topUpWallet } from '../../flows/payouts/wallets.js';
import { idempotencyClaim, sendExecuted } from '../http/idempotency.js';
import { bodyOptional } from '../http/validation.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { IdParams } from './schemas.js';
import { TransferView, transferView } from './transfer-views.js';

const Reference = Type.String({
  pattern: '^[a-zA-Z0-9\\-]+$',
  minLength: 6,
  maxLength: 42,
  'x-message': 'must be 6 to 42 letters, digits or -',
});

const DisburseOption = Type.Object({
  date_time: Type.Optional(Type.String({ maxLength: 64 })),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
});

const TransferCreate = Type.Object({
  action: StringEnum(['instant', 'deferred', 'scheduled'] as const),
  reference: Type.Optional(Reference),
  narration: Type.Optional(Type.String({ minLength: 1, maxLength: 180 })),
  disburse_option: Type.Optional(DisburseOption),
  callback_url: Type.Optional(Type.String({ maxLength: 500 })),
  meta: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 }), { maxProperties: 50 }),
  ),
  payment_instruction: Type.Object({
    recipient_id: Type.String({ minLength: 1, maxLength: 64 }),
    sender_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    source_currency: StringEnum(CURRENCY_CODES),
    amount: Type.Object({
      value: Type.Number({ exclusiveMinimum: 0 }),
      applies_to: StringEnum(['destination_currency', 'source_currency'] as const),
    }),
  }),
});

const TransferQuery = Type.Object({
  next: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,6}$', 'x-message': 'must be a page cursor from a previous list' }),
  ),
  size: Type.Integer({ minimum: 10, maximum: 50, default: 10 }),
  status: Type.Optional(StringEnum(['new', 'pending', 'failed', 'successful', 'cancelled'] as const)),
  action: Type.Optional(StringEnum(['instant', 'deferred', 'scheduled', 'retry', 'duplicate'] as const)),
  type: Type.Optional(StringEnum(['bank', 'mobile_money', 'wallet'] as const)),
  source_currency: Type.Optional(StringEnum(CURRENCY_CODES)),
  destination_currency: Type.Optional(StringEnum(CURRENCY_CODES)),
  recipient_id: Type.Optional(Type.String({ maxLength: 64 })),
});

const TransferUpdate = Type.Object({
  initiate: Type.Optional(Type.Boolean()),
  close: Type.Optional(Type.Boolean()),
  disburse_option: Type.Optional(DisburseOption),
});

const ControlParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  action: StringEnum(['complete', 'fail', 'reverse'] as const),
});
const ControlBody = Type.Object({
  reason: Type.Optional(StringEnum(PROVIDER_RESPONSE_TYPES)),
});
const TopUpBody = Type.Object({
  currency: StringEnum(CURRENCY_CODES),
  amount: Type.Union([Type.Number(), Type.String({ maxLength: 32 })]),
});

export function transferRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Transfers'];
  const security = [{ bearer: [] }];

  app.post(
    '/transfers',
    {
      schema: {
        tags,
        security,
        summary: 'Create a transfer (instant, deferred or scheduled)',
        body: TransferCreate,
        response: { 201: Success(TransferView), ...COMMON_ERRORS, 403: COMMON_ERRORS[400] },
      },
    },
    async (req, reply) => {
      const claim = idempotencyClaim(req);
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const { merchantId } = callerOf(req);
      const body = req.body;
      const pi = body.payment_instruction;
      const recipient = await getRecipient(deps, merchantId, pi.recipient_id);
      if (!recipient.ok) return reply.fail(recipient.error);
      const src = pi.source_currency;
      const dst = recipient.value.destination.currency;
      if (!isCurrency(dst))
        return reply.fail(invalid([{ field: 'payment_instruction.recipient_id', message: 'bad recipient' }]));
      const currency: Currency = pi.amount.applies_to === 'source_currency' ? src : dst;
      const amount = parseAmount(pi.amount.value, currency, 'payment_instruction.amount.value');
      if (!amount.ok) return reply.fail(amount.error);
      let disburseAt: Date | undefined;
      if (body.action === 'scheduled') {
        const at = body.disburse_option?.date_time;
        const parsed = at === undefined ? NaN : Date.parse(at);
        if (Number.isNaN(parsed)) {
          return reply.fail(
            invalid([
              {
                field: 'disburse_option.date_time',
                message: 'A scheduled transfer needs disburse_option.date_time (ISO 8601)',
              },
            ]),
          );
        }
        disburseAt = new Date(parsed);
      }
      const executed = await createTransfer(
        deps,
        {
          merchantId,
          origin: 'v4',
          action: body.action,
          ...(body.reference === undefined ? {} : { reference: body.reference }),
          ...(body.narration === undefined ? {} : { narration: body.narration }),
          ...(body.callback_url === undefined ? {} : { callbackUrl: body.callback_url }),
          meta: body.meta ?? {},
          scenario: scenario.value,
          destination: recipient.value.destination,
          recipientId: recipient.value.id,
          sourceCurrency: src,
          destinationCurrency: dst,
          amount: amount.value,
          appliesTo: pi.amount.applies_to,
          ...(disburseAt === undefined ? {} : { disburseAt }),
        },
        {
          idempotency: claim.value,
          render: (t) => ({
            status: 201,
            body: JSON.stringify(success('Transfer created', transferView(t))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/transfers',
    {
      schema: {
        tags,
        security,
        summary: 'List transfers, most recent first',
        querystring: TransferQuery,
        response: { 200: Type.Object({}, { additionalProperties: true }), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const page = q.next === undefined ? 1 : Math.max(1, Number(q.next));
      const result = await pageOfTransfers(
        deps,
        callerOf(req).merchantId,
        {
          ...(q.status === undefined ? {} : { status: q.status.toUpperCase() as 'NEW' }),
          ...(q.action === undefined ? {} : { action: q.action }),
          ...(q.type === undefined ? {} : { type: q.type }),
          ...(q.source_currency === undefined ? {} : { sourceCurrency: q.source_currency }),
          ...(q.destination_currency === undefined ? {} : { destinationCurrency: q.destination_currency }),
          ...(q.recipient_id === undefined ? {} : { recipientId: q.recipient_id }),
        },
        { page, size: q.size },
      );
      const more = page * q.size < result.total;
      return success('Transfers fetched', {
        cursor: {
          ...(more ? { next: String(page + 1) } : {}),
          ...(page > 1 ? { previous: String(page - 1) } : {}),
          limit: q.size,
          total: result.total,
          has_more_items: more,
        },
        transfers: result.items.map(transferView),
      });
    },
  );

  app.get(
    '/transfers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a transfer',
        params: IdParams,
        response: { 200: Success(TransferView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getTransfer(deps, callerOf(req).merchantId, { id: req.params.id });
      return found.ok ? success('Transfer fetched', transferView(found.value)) : reply.fail(found.error);
    },
  );

  app.put(
    '/transfers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Approve (initiate) or cancel (close) a deferred or scheduled transfer',
        params: IdParams,
        body: TransferUpdate,
        response: { 200: Success(Type.Object({}, { additionalProperties: true })), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { initiate, close } = req.body;
      if ((initiate === true) === (close === true)) {
        return reply.fail(
          invalid([{ field: 'initiate', message: 'Send exactly one of initiate: true or close: true' }]),
        );
      }
      const done = await advanceTransfer(
        deps,
        callerOf(req).merchantId,
        { id: req.params.id },
        {
          type: initiate === true ? 'approve' : 'cancel',
        },
      );
      if (!done.ok) return reply.fail(done.error);
      const t = done.value;
      return success('Transfer updated', {
        id: t.id,
        action: close === true ? 'closed' : t.action,
        status: t.status === 'SUCCESSFUL' || t.status === 'FAILED' ? 'PENDING' : t.status,
        updated_datetime: t.updatedAt.toISOString(),
      });
    },
  );

  // ─── Sandbox controls ────────────────────────────────────────────────────────────────────────

  app.post(
    '/sandbox/payouts/:id/:action',
    {
      preValidation: bodyOptional,
      schema: {
        tags: ['Sandbox'],
        security,
        summary: 'Sandbox: the network completes, fails or reverses a transfer',
        params: ControlParams,
        body: ControlBody,
        response: { 200: Success(TransferView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { action } = req.params;
      const reason = (req.body as { reason?: (typeof PROVIDER_RESPONSE_TYPES)[number] } | undefined)?.reason;
      const done = await advanceTransfer(
        deps,
        callerOf(req).merchantId,
        { id: req.params.id },
        action === 'fail' ? { type: 'fail', ...(reason === undefined ? {} : { reason }) } : { type: action },
      );
      return done.ok ? success('Transfer updated', transferView(done.value)) : reply.fail(done.error);
    },
  );

  app.post(
    '/sandbox/wallets/top-up',
    {
      schema: {
        tags: ['Sandbox'],
        security,
        summary: 'Sandbox: add money to a wallet',
        body: TopUpBody,
        response: { 200: Success(Type.Object({}, { additionalProperties: true })), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const amount = parseAmount(req.body.amount, req.body.currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      const balance = await topUpWallet(deps, callerOf(req).merchantId, req.body.currency, amount.value);
      if (!balance.ok) return reply.fail(balance.error);
      return success('Wallet topped up', balance.value);
    },
  );
}

export const unknownTransfer = () => appError('TRANSFER_NOT_FOUND');
