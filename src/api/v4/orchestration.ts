/**
 * POST /orchestration/direct-charges (spec §8.5): customer, payment method and charge in one call,
 * all or nothing, honouring X-Idempotency-Key and X-Scenario-Key, for every v4 payment-method type.
 * Answers the charge, whose `customer_id` and `payment_method_details.id` name what was created.
 * The payment method is checked before anything is written: a wallet's country and network and a USSD
 * bank here, and that the method takes the charge's currency and amount in the flow (`directCharge`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../flows/deps.js';
import { directCharge } from '../../flows/charges/direct-charge.js';
import type { Links } from '../http/links.js';
import { sendExecuted } from '../http/idempotency.js';
import { callerOf } from './auth.js';
import { chargeFields } from './charge-input.js';
import { chargeRenderer } from './charges.js';
import { CustomerCreate, toCustomerDetails } from './customers.js';
import { COMMON_ERRORS, Success } from './envelope.js';
import { methodInputOf } from './method-input.js';
import {
  Amount,
  AuthorizationIn,
  CurrencyIn,
  PaymentMethodIn,
  RedirectUrl,
  Reference,
} from './payment-schemas.js';
import { Meta, relaxCustomerFields } from './schemas.js';
import { ChargeView } from './views.js';
import { contextOf } from '../http/request-context.js';

export const DirectChargeBody = Type.Object({
  amount: Amount,
  currency: CurrencyIn,
  reference: Reference,
  customer: CustomerCreate,
  payment_method: PaymentMethodIn,
  redirect_url: Type.Optional(RedirectUrl),
  meta: Type.Optional(Meta),
  authorization: Type.Optional(AuthorizationIn),
  merchant_vat_amount: Type.Optional(Type.Number({ minimum: 0 })),
});

export function orchestrationRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/orchestration/direct-charges',
    {
      preValidation: async (req) => {
        relaxCustomerFields((req.body as { customer?: unknown } | undefined)?.customer);
      },
      schema: {
        tags: ['Charges'],
        security: [{ bearer: [] }],
        summary: 'Create a customer, a payment method and a charge in one call',
        description: 'All or nothing. Honours X-Idempotency-Key and X-Scenario-Key (see docs/sandbox.md).',
        body: DirectChargeBody,
        response: { 201: Success(ChargeView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const caller = callerOf(req);
      const body = req.body;
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const profile = await contextOf(req).profile();
      const paymentMethod = methodInputOf(profile.v4EncryptionKey, body.payment_method, 'payment_method');
      if (!paymentMethod.ok) return reply.fail(paymentMethod.error);
      const fields = chargeFields(req, body, profile.v4EncryptionKey);
      if (!fields.ok) return reply.fail(fields.error);
      const executed = await directCharge(
        deps,
        {
          ...fields.value,
          merchantId: caller.merchantId,
          customer: toCustomerDetails(body.customer),
          paymentMethod: paymentMethod.value,
        },
        {
          idempotency: claim.value,
          render: chargeRenderer(links, caller.clientId).reply(201, 'Charge created'),
        },
        'v4',
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );
}
