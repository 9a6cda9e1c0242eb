/**
 * v3 pre-authorisation (v3 spec §2.4): a card charge made with `preauthorize: true` ends `pending`
 * with the funds held; `POST /v3/charges/{flw_ref}/capture` takes all or part of the hold,
 * `/void` releases it, and `/refund` refunds a captured charge (the same refunds as
 * `POST /v3/transactions/{id}/refund`). Replies are `{status, message, data}` with the transaction,
 * or the refund for `/refund`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { appError, type AppError } from '../../domain/errors.js';
import type { Result } from '../../domain/result.js';
import { captureCharge, voidCharge } from '../../flows/charges/capture.js';
import type { ChargeResult } from '../../flows/charges/create-charge.js';
import type { Deps } from '../../flows/deps.js';
import { withCustomer } from '../../flows/charges/read-charges.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { amountIn } from '../http/charge-amounts.js';
import { v3 } from './envelope.js';
import { bodyOptional } from '../http/validation.js';
import { sendRefund, WireAmount } from './refunds.js';
import { transactionView } from './views.js';
import { contextOf } from '../http/request-context.js';

const FlwRefParams = Type.Object({ flw_ref: Type.String({ minLength: 1, maxLength: 100 }) });

const AmountBody = Type.Object({ amount: Type.Optional(WireAmount) });

const NOT_FOUND: AppError = appError('CHARGE_NOT_FOUND', 'No transaction was found for this flw_ref');

export function v3PreauthRoutes(root: FastifyInstance, deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];

  /** Answers a capture or void with the charge as a v3 transaction. */
  const sendCharge = async (
    req: FastifyRequest,
    reply: FastifyReply,
    result: Result<ChargeResult>,
    message: string,
  ) => {
    if (!result.ok) return reply.fail(result.error.type === 'CHARGE_NOT_FOUND' ? NOT_FOUND : result.error);
    const profile = await contextOf(req).profile();
    const full = await withCustomer(deps, result.value);
    return reply.code(200).send(v3(message, transactionView(full, profile.accountId)));
  };

  app.post(
    '/v3/charges/:flw_ref/capture',
    {
      schema: {
        tags,
        summary: 'Capture all or part of a pre-authorised charge',
        params: FlwRefParams,
        body: AmountBody,
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const result = await captureCharge(
        deps,
        merchantId,
        { flwRef: req.params.flw_ref },
        amountIn(req.body.amount),
        'v3',
      );
      return sendCharge(req, reply, result, 'Charge captured');
    },
  );

  app.post(
    '/v3/charges/:flw_ref/void',
    {
      schema: { tags, summary: 'Release the funds held by a pre-authorised charge', params: FlwRefParams },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const result = await voidCharge(deps, merchantId, { flwRef: req.params.flw_ref }, 'v3');
      return sendCharge(req, reply, result, 'Charge voided');
    },
  );

  app.post(
    '/v3/charges/:flw_ref/refund',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Refund a captured pre-authorised charge, in full or in part',
        params: FlwRefParams,
        body: AmountBody,
      },
      preValidation: bodyOptional,
    },
    async (req, reply) =>
      sendRefund(deps, req, reply, {
        key: { flwRef: req.params.flw_ref },
        body: req.body,
        message: 'Charge refunded',
        what: 'flw_ref',
      }),
  );
}
