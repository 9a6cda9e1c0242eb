/**
 * `POST /v3/tokenized-charges` (v3 spec §8): charge a saved card again with the token v3 showed as
 * `card.token` once the card was first charged successfully. The charge is recurring — no PIN, OTP or
 * 3DS — and final at once: `Charge successful` with the transaction (`auth_model: "noauth"`); a decline
 * is a transaction with `status: "failed"`, not an error. The email must be the card's customer's.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pick } from '../../domain/customer.js';
import { appError, invalid } from '../../domain/errors.js';
import { isCurrency, parseAmount } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import { tokenizedCharge } from '../../flows/charges/tokenized-charge.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { sendExecuted } from '../http/idempotency.js';
import { isHttpUrl } from '../http/fields.js';
import { Email } from '../http/fields.js';
import { v3 } from './envelope.js';
import { transactionView } from './views.js';
import { TxRef, V3Amount } from './schemas.js';
import { contextOf } from '../http/request-context.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const TokenizedCharge = Type.Object({
  token: Text(100),
  currency: Type.String({ pattern: '^[A-Z]{3}$', 'x-message': 'must be a currency code such as NGN' }),
  country: Type.Optional(
    Type.String({ pattern: '^[A-Za-z]{2}$', 'x-message': 'must be a country code such as NG' }),
  ),
  amount: V3Amount,
  email: Email,
  tx_ref: TxRef,
  first_name: Type.Optional(Text(100)),
  last_name: Type.Optional(Text(100)),
  narration: Type.Optional(Text(255)),
  ip: Type.Optional(Text(64)),
  device_fingerprint: Type.Optional(Text(255)),
  redirect_url: Type.Optional(Text(2048)),
  preauthorize: Type.Optional(Type.Boolean()),
  do_3ds: Type.Optional(Type.Boolean()),
});

export function v3TokenizedRoutes(root: FastifyInstance, deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/v3/tokenized-charges',
    {
      config: { idempotent: true },
      schema: { tags: ['v3'], summary: 'Charge a saved card by its token', body: TokenizedCharge },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const profile = await contextOf(req).profile();
      const b = req.body;
      if (!isCurrency(b.currency)) {
        return reply.fail(
          invalid([{ field: 'currency', message: `currency ${b.currency} is not supported` }]),
        );
      }
      const amount = parseAmount(b.amount, b.currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      if (b.redirect_url !== undefined && !isHttpUrl(b.redirect_url)) {
        return reply.fail(
          invalid([{ field: 'redirect_url', message: 'redirect_url must be an absolute http or https URL' }]),
        );
      }
      // X-Scenario-Key picks the issuer's answer, as on every charge; its flow part has nothing to
      // choose here, since a recurring charge skips authentication.
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);

      // first_name, last_name, narration, ip and device_fingerprint describe the customer and device
      // of the first charge, which the card keeps; they are accepted and not stored again.
      const executed = await tokenizedCharge(
        deps,
        {
          merchantId,
          token: b.token,
          email: b.email,
          amount: amount.value,
          currency: b.currency,
          reference: b.tx_ref,
          ...pick('redirectUrl', b.redirect_url),
          meta: {},
          preauthorize: b.preauthorize ?? false,
          origin: 'v3',
          scenario: scenario.value,
        },
        {
          idempotency: claim.value,
          render: (result) => ({
            status: 200,
            body: JSON.stringify(v3('Charge successful', transactionView(result, profile.accountId))),
          }),
        },
        'v3',
      );
      if (executed.ok) return sendExecuted(reply, executed.value);
      return reply.fail(
        executed.error.type === 'CHARGE_ALREADY_EXISTS'
          ? appError('CHARGE_ALREADY_EXISTS', `A transaction with tx_ref ${b.tx_ref} already exists`)
          : executed.error,
      );
    },
  );
}
