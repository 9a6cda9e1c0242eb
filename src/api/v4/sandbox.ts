/**
 * Sandbox controls (a Baobab extension, docs/sandbox.md): what a tester does in the customer's place
 * for a charge that waits for the customer away from the merchant — approve or decline the phone
 * prompt, the USSD session, the QR payment, the Fawry payment. Without them the sandbox completes such
 * a charge itself after BAOBAB_SANDBOX_AUTO_COMPLETE_MS.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pick } from '../../domain/customer.js';
import { DECLINE_ISSUERS } from '../../domain/issuers.js';
import type { Deps } from '../../flows/deps.js';
import { authorizeCharge } from '../../flows/charges/update-charge.js';
import { resetSandbox } from '../../flows/sandbox/reset.js';
import type { Links } from '../http/links.js';
import { bodyOptional } from '../http/validation.js';
import { callerOf } from './auth.js';
import { chargeRenderer } from './charges.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { IdParams } from './schemas.js';
import { StringEnum } from '../http/fields.js';
import { ChargeView } from './views.js';

/** What a reset deleted: rows per table. */
export const ResetView = Type.Object({
  deleted: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});

export function sandboxControlRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Sandbox'];
  const security = [{ bearer: [] }];

  for (const decision of ['approve', 'decline'] as const) {
    app.post(
      `/sandbox/charges/:id/${decision}`,
      {
        // Under /sandbox, where the pages answer in HTML: these are API calls, answered in JSON.
        schema: {
          tags,
          security,
          summary:
            decision === 'approve'
              ? '(Sandbox) The customer approves: the scenario’s issuer answers'
              : '(Sandbox) The customer declines (05, or the issuer answer given)',
          params: IdParams,
          body: Type.Object(
            decision === 'decline' ? { issuer: Type.Optional(StringEnum(DECLINE_ISSUERS)) } : {},
          ),
          response: { 200: Success(ChargeView), ...COMMON_ERRORS },
        },
        preValidation: bodyOptional,
      },
      async (req, reply) => {
        const caller = callerOf(req);
        const { issuer } = req.body as { issuer?: string };
        const updated = await authorizeCharge(
          deps,
          caller.merchantId,
          req.params.id,
          {
            authorization: { type: 'approval', approved: decision === 'approve', ...pick('issuer', issuer) },
          },
          'sandbox_control',
        );
        if (!updated.ok) return reply.fail(updated.error);
        const { view } = chargeRenderer(links, caller.clientId);
        return success('Charge updated', await view(updated.value.charge, updated.value.paymentMethod));
      },
    );
  }

  app.post(
    '/sandbox/reset',
    {
      schema: {
        tags,
        security,
        summary: '(Sandbox) Wipe this merchant’s sandbox data; its keys and webhook endpoints stay',
        description:
          'Charges, customers, payment methods, refunds, transfers, virtual accounts, checkout sessions, ' +
          'disputes, settlements, events, webhook deliveries, pending jobs and idempotency replies are ' +
          'deleted in one transaction, and wallets start again from their opening balances.',
        body: Type.Object({}),
        response: { 200: Success(ResetView), ...COMMON_ERRORS },
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const reset = await resetSandbox(deps, callerOf(req).merchantId);
      if (!reset.ok) return reply.fail(reset.error);
      return success('Sandbox data reset', reset.value);
    },
  );
}
