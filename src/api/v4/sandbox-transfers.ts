/**
 * Sandbox inbound transfers (a Baobab extension, spec §11 item 9, docs/sandbox.md): what a customer's
 * bank does when it sends money to a virtual account. Each transfer becomes a charge of the account's
 * customer — decided by the account's scenario and by how the amount compares with what the account
 * expects — or, into a v3 charge's account, pays that charge. Answers the charge.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { parseAmount } from '../../domain/money.js';
import { receiveTransfer } from '../../flows/charges/bank-transfers.js';
import type { Deps } from '../../flows/deps.js';
import { getVirtualAccount } from '../../flows/charges/virtual-accounts.js';
import { OriginatorFields, originatorOf } from '../http/fields.js';
import type { Links } from '../http/links.js';
import { callerOf } from './auth.js';
import { chargeRenderer } from './charges.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { Amount } from './payment-schemas.js';
import { IdParams } from './schemas.js';
import { ChargeView } from './views.js';

/** Who sent the money, as the customer's bank reports it (all optional). */
const TransferBody = Type.Object({ amount: Amount, ...OriginatorFields });

export function sandboxTransferRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/sandbox/virtual-accounts/:id/transfers',
    {
      // Under /sandbox, where unmatched URLs are the web pages' (api/http/errors.ts): this route speaks v4.
      schema: {
        tags: ['Sandbox'],
        security: [{ bearer: [] }],
        summary: '(Sandbox) A bank transfer arrives in a virtual account; answers the charge it makes',
        description:
          '`amount` is in the account’s currency. A dynamic account compares it with its amount (less: ' +
          'failed 13 invalid_amount; more: the excess is returned); a static account takes any amount.',
        params: IdParams,
        body: TransferBody,
        response: { 201: Success(ChargeView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const account = await getVirtualAccount(deps, caller.merchantId, req.params.id);
      if (!account.ok) return reply.fail(account.error);
      const amount = parseAmount(req.body.amount, account.value.currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      const received = await receiveTransfer(
        deps,
        caller.merchantId,
        { virtualAccountId: account.value.id, amount: amount.value, originator: originatorOf(req.body) },
        'sandbox_transfer',
      );
      if (!received.ok) return reply.fail(received.error);
      const { charge, paymentMethod } = received.value;
      const { view } = chargeRenderer(links, caller.clientId);
      const message = charge.version === 1 ? 'Charge created' : 'Charge updated';
      return reply.code(201).send(success(message, await view(charge, paymentMethod)));
    },
  );
}
