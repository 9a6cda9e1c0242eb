/**
 * Sandbox inbound transfers in the v3 dialect (a Baobab extension, docs/sandbox.md): money arrives at
 * an account number the gateway handed out — a v3 bank-transfer charge's account, which it pays, or
 * any virtual account, where it becomes a new charge. Answers the transaction as v3 shows it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { parseAmount } from '../../domain/money.js';
import { receiveTransfer } from '../../flows/charges/bank-transfers.js';
import type { Deps } from '../../flows/deps.js';
import { withCustomer } from '../../flows/charges/read-charges.js';
import { getVirtualAccountByNumber } from '../../flows/charges/virtual-accounts.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { OriginatorFields, originatorOf } from '../http/fields.js';
import { v3 } from './envelope.js';
import { WireAmount } from './refunds.js';
import { transactionView } from './views.js';
import { contextOf } from '../http/request-context.js';

const TransferBody = Type.Object({
  account_number: Type.String({ pattern: '^[0-9]{10}$', 'x-message': 'must be 10 digits' }),
  amount: WireAmount,
  ...OriginatorFields,
});

export function v3SandboxTransferRoutes(root: FastifyInstance, deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/v3/sandbox/transfers',
    {
      config: { errors: [404] },
      schema: {
        tags: ['v3 sandbox'],
        summary: '(Sandbox) A bank transfer arrives at an account number; answers the transaction',
        body: TransferBody,
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const account = await getVirtualAccountByNumber(deps, merchantId, req.body.account_number);
      if (!account.ok) return reply.fail(account.error);
      const amount = parseAmount(req.body.amount, account.value.currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      const received = await receiveTransfer(
        deps,
        merchantId,
        {
          accountNumber: account.value.accountNumber,
          amount: amount.value,
          originator: originatorOf(req.body),
        },
        'sandbox_transfer',
      );
      if (!received.ok) return reply.fail(received.error);
      const profile = await contextOf(req).profile();
      return reply
        .code(200)
        .send(
          v3(
            'Transfer received',
            transactionView(await withCustomer(deps, received.value), profile.accountId),
          ),
        );
    },
  );
}
