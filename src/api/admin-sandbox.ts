/**
 * The admin API's sandbox controls (`baobab sandbox approve|decline|transfer-in`): the merchant's
 * sandbox routes, for whichever merchant owns the charge or account named by any of its ids
 * (flows/sandbox/operator.ts). Installed inside api/admin.ts's guarded scope.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Charge } from '../domain/charge.js';
import { DECLINE_ISSUERS } from '../domain/issuers.js';
import { toMajor, type Currency } from '../domain/money.js';
import type { Deps } from '../flows/deps.js';
import { decideCharge, transferIn } from '../flows/sandbox/operator.js';
import { StringEnum } from './http/fields.js';
import { bodyOptional } from './http/validation.js';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const MerchantId = Type.Optional(Type.String({ minLength: 1, maxLength: 100 }));

/** What the CLI prints of a charge. */
export const chargeSummary = (c: Charge) => ({
  id: c.id,
  tx_id: c.txId,
  flw_ref: c.flwRef,
  reference: c.reference,
  merchant_id: c.merchantId,
  amount: toMajor(c.amount, c.currency as Currency),
  currency: c.currency,
  status: c.status,
  ...(c.processorResponse && { processor_response: c.processorResponse }),
  ...(c.nextAction && { next_action: c.nextAction.type }),
});

export function adminSandboxRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const ok = (data: unknown) => ({ status: 'success' as const, data });

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/sandbox/charges/:id/${decision}`,
      {
        schema: {
          params: Type.Object({ id: Name }),
          body: Type.Object({
            merchant_id: MerchantId,
            ...(decision === 'decline' && { issuer: Type.Optional(StringEnum(DECLINE_ISSUERS)) }),
          }),
        },
        preValidation: bodyOptional,
      },
      async (req, reply) => {
        const body = req.body as { merchant_id?: string; issuer?: string };
        const decided = await decideCharge(
          deps,
          req.params.id,
          {
            approved: decision === 'approve',
            ...(body.issuer !== undefined && { issuer: body.issuer }),
          },
          body.merchant_id,
        );
        if (!decided.ok) return reply.fail(decided.error);
        return ok(chargeSummary(decided.value.charge));
      },
    );
  }

  app.post(
    '/sandbox/virtual-accounts/:id/transfers',
    {
      schema: {
        params: Type.Object({ id: Name }),
        body: Type.Object({
          amount: Type.Union([Type.Number(), Type.String({ maxLength: 40 })]),
          merchant_id: MerchantId,
        }),
      },
    },
    async (req, reply) => {
      const received = await transferIn(deps, req.params.id, req.body.amount, req.body.merchant_id);
      if (!received.ok) return reply.fail(received.error);
      const { charge, virtualAccount } = received.value;
      return reply.code(201).send(
        ok({
          ...chargeSummary(charge),
          virtual_account: { id: virtualAccount.id, account_number: virtualAccount.accountNumber },
        }),
      );
    },
  );
}
