/**
 * Sandbox controls in the v3 dialect (a Baobab extension, docs/sandbox.md): approve or decline, in the
 * customer's place, a charge waiting for the customer away from the merchant (mobile money prompt,
 * USSD, QR, Fawry). The charge is named by its numeric id or its flw_ref; replies are v3 transactions.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pick } from '../../domain/customer.js';
import { appError } from '../../domain/errors.js';
import type { Deps } from '../../flows/deps.js';
import { withCustomer, type ChargeKey } from '../../flows/charges/read-charges.js';
import { authorizeCharge } from '../../flows/charges/update-charge.js';
import { resetSandbox } from '../../flows/sandbox/reset.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { DECLINE_ISSUERS } from '../../domain/issuers.js';
import { StringEnum } from '../http/fields.js';
import { v3 } from './envelope.js';
import { bodyOptional } from '../http/validation.js';
import { numericId } from './refunds.js';
import { transactionView } from './views.js';
import { contextOf } from '../http/request-context.js';
import { v3WebhookFaultRoutes } from './webhook-faults.js';

/** A numeric transaction id, else a flw_ref. */
export const chargeKeyOf = (raw: string): ChargeKey => {
  const id = numericId(raw);
  return id === undefined ? { flwRef: raw } : { txId: id };
};

export function v3SandboxRoutes(root: FastifyInstance, deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  // The v3 endpoint's webhook faults (docs/sandbox.md "Webhook faults").
  v3WebhookFaultRoutes(root, deps);

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/v3/sandbox/charges/:id/${decision}`,
      {
        schema: {
          tags: ['v3 sandbox'],
          summary: `(Sandbox) The customer ${decision}s a charge waiting for them (by id or flw_ref)`,
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
          body: Type.Object({ issuer: Type.Optional(StringEnum(DECLINE_ISSUERS)) }),
        },
        preValidation: bodyOptional,
      },
      async (req, reply) => {
        const { merchantId } = callerOf(req);
        const updated = await authorizeCharge(
          deps,
          merchantId,
          chargeKeyOf(req.params.id),
          {
            authorization: {
              type: 'approval',
              approved: decision === 'approve',
              ...pick('issuer', decision === 'decline' ? req.body.issuer : undefined),
            },
          },
          'sandbox_control',
        );
        if (!updated.ok) {
          return reply.fail(
            updated.error.type === 'CHARGE_NOT_FOUND'
              ? appError('CHARGE_NOT_FOUND', 'No transaction was found for this id')
              : updated.error,
          );
        }
        const profile = await contextOf(req).profile();
        return reply
          .code(200)
          .send(
            v3('Charge updated', transactionView(await withCustomer(deps, updated.value), profile.accountId)),
          );
      },
    );
  }

  app.post(
    '/v3/sandbox/reset',
    {
      schema: {
        tags: ['v3 sandbox'],
        summary: '(Sandbox) Wipe this merchant’s sandbox data; its keys and webhook endpoint stay',
        body: Type.Object({}),
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const reset = await resetSandbox(deps, callerOf(req).merchantId);
      if (!reset.ok) return reply.fail(reset.error);
      return reply.code(200).send(v3('Sandbox data reset', reset.value));
    },
  );
}
