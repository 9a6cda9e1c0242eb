/**
 * v3 card charges (v3 spec §2): `POST /v3/charges?type=card` with the card in a 3DES `client`
 * payload (or plain JSON), answered step by step — "Charge authorization data required" (pin or
 * avs_noauth), the same charge re-sent with `authorization`, then OTP (`/v3/validate-charge`) or a
 * 3-D Secure redirect — and `GET /v3/transactions/{id}/verify` / `verify_by_reference`. The same
 * charges, rail and rows as v4.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Authorization } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import { appError, invalid } from '../../domain/errors.js';
import { isCurrency, parseAmount } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import { directCharge } from '../../flows/charges/direct-charge.js';
import type { MerchantProfile } from '../../flows/merchants/merchant-profiles.js';
import {
  getCharge,
  withCustomer,
  type ChargeInFull,
  type ChargeKey,
} from '../../flows/charges/read-charges.js';
import { authorizeCharge } from '../../flows/charges/update-charge.js';
import type { Links } from '../http/links.js';
import { redirectLink } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { sendExecuted } from '../http/idempotency.js';
import { isHttpUrl } from '../http/fields.js';
import { v3, type V3Body } from './envelope.js';
import { methodChargeHandler } from './method-charges.js';
import { transactionView } from './views.js';
import {
  authorizationOf,
  customerOf,
  DigitsOrNumber,
  payloadOf,
  scenarioOf,
  undecryptable,
} from './card-charge-input.js';
import { contextOf } from '../http/request-context.js';
import { V3_CHARGE_TYPES } from '../../methods/index.js';
import { V3ChargeBody } from './charge-document.js';
import { TEST_OTP } from '../../methods/card-test-cards.js';

const AVS_FIELDS = ['city', 'address', 'state', 'country', 'zipcode'];

/** The v3 answer for where the charge stands (v3 spec §2.2). */
async function chargeReply(full: ChargeInFull, profile: MerchantProfile, links: Links): Promise<V3Body> {
  const data = () => transactionView(full, profile.accountId);
  switch (full.charge.status === 'pending' ? full.charge.nextAction?.type : undefined) {
    case 'requires_pin':
      return v3('Charge authorization data required', undefined, {
        authorization: { mode: 'pin', fields: ['pin'] },
      });
    case 'requires_additional_fields':
      return v3('Charge authorization data required', undefined, {
        authorization: { mode: 'avs_noauth', fields: AVS_FIELDS },
      });
    case 'requires_otp':
      return v3('Charge initiated', data(), {
        authorization: { mode: 'otp', endpoint: '/v3/validate-charge' },
      });
    case 'redirect_url': {
      const redirect = await redirectLink(links, full.charge, profile.v4ClientId, 'card');
      return v3(
        'Charge initiated',
        { ...data(), auth_url: redirect },
        { authorization: { mode: 'redirect', redirect } },
      );
    }
    default:
      return v3('Charge initiated', data());
  }
}

export function v3CardChargeRoutes(root: FastifyInstance, deps: Deps, links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];

  const profileOf = (req: FastifyRequest, fresh = false): Promise<MerchantProfile> =>
    contextOf(req).profile(fresh);
  const send = (reply: FastifyReply, body: V3Body) => reply.code(200).send(body);
  const chargeMethod = methodChargeHandler(deps, links);

  app.post(
    '/v3/charges',
    {
      // The body is read by the handler (its shape follows `type`): documented, not validated here.
      config: { idempotent: true, errors: [422], documentedBody: V3ChargeBody },
      schema: {
        tags,
        summary:
          'Charge a card (3DES `client` payload or plain JSON, step by step) or any other type (plain JSON)',
        querystring: Type.Object({
          type: Type.String({
            maxLength: 40,
            description: `card, or one of ${V3_CHARGE_TYPES.filter((t) => t !== 'card').join(', ')}`,
          }),
        }),
      },
    },
    async (req, reply) => {
      // Every other type is plain JSON with its own fields and replies (method-charges.ts).
      if (req.query.type !== 'card') return chargeMethod(req, reply, req.query.type);
      let profile = await profileOf(req);
      const { merchantId } = callerOf(req);
      let payload = payloadOf(req.body, profile);
      // The keys may have been rotated since the profile was cached: try the stored key once.
      if (!payload.ok && undecryptable(payload.error)) {
        profile = await profileOf(req, true);
        payload = payloadOf(req.body, profile);
      }
      if (!payload.ok) return reply.fail(payload.error);
      const p = payload.value;
      const currency = p.currency ?? 'NGN';
      if (!isCurrency(currency)) {
        return reply.fail(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
      }
      const amount = parseAmount(p.amount, currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      if (p.redirect_url !== undefined && !isHttpUrl(p.redirect_url)) {
        return reply.fail(
          invalid([{ field: 'redirect_url', message: 'redirect_url must be an absolute http or https URL' }]),
        );
      }
      const scenario = scenarioOf(req, p.card_number);
      if (!scenario.ok) return reply.fail(scenario.error);
      let authorization: Authorization | undefined;
      if (p.authorization) {
        const parsed = authorizationOf(p.authorization);
        if (!parsed.ok) return reply.fail(parsed.error);
        authorization = parsed.value;
      }

      // The second call of the flow re-sends the charge with its authorisation: same tx_ref.
      const key: ChargeKey = { reference: p.tx_ref };
      const existing = await getCharge(deps, merchantId, key);
      if (existing.ok) {
        if (existing.value.charge.status !== 'pending') {
          return reply.fail(
            appError('CHARGE_ALREADY_EXISTS', `A transaction with tx_ref ${p.tx_ref} already exists`),
          );
        }
        const next = authorization
          ? await authorizeCharge(deps, merchantId, key, { authorization }, 'v3')
          : existing;
        if (!next.ok) return reply.fail(next.error);
        return send(reply, await chargeReply(await withCustomer(deps, next.value), profile, links));
      }

      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const executed = await directCharge(
        deps,
        {
          merchantId,
          customer: customerOf(p),
          reuseCustomerByEmail: true,
          paymentMethod: {
            meta: {},
            ...pick('deviceFingerprint', p.device_fingerprint),
            ...pick('clientIp', p.client_ip),
            card: {
              card: {
                number: p.card_number,
                expiryMonth: String(p.expiry_month).padStart(2, '0'),
                expiryYear: String(p.expiry_year),
                cvv: String(p.cvv),
              },
              fields: {
                number: 'card_number',
                expiryMonth: 'expiry_month',
                expiryYear: 'expiry_year',
                cvv: 'cvv',
              },
            },
          },
          amount: amount.value,
          currency,
          reference: p.tx_ref,
          ...pick('redirectUrl', p.redirect_url),
          meta: Object.fromEntries(
            Object.entries(p.meta ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
          ),
          recurring: false,
          preauthorize: p.preauthorize ?? false,
          origin: 'v3',
          scenario: scenario.value,
          ...pick('authorization', authorization),
        },
        {
          idempotency: claim.value,
          render: async (r) => ({ status: 200, body: JSON.stringify(await chargeReply(r, profile, links)) }),
        },
        'v3',
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.post(
    '/v3/validate-charge',
    {
      config: { errors: [404] },
      schema: {
        tags,
        summary: 'Complete a charge waiting for an OTP',
        body: Type.Object(
          {
            otp: DigitsOrNumber('^[0-9]{4,8}$', 'must be 4 to 8 digits'),
            flw_ref: Type.String({ minLength: 1, maxLength: 100 }),
            type: Type.Optional(Type.String({ maxLength: 20 })),
          },
          // The sandbox OTP, for the flw_ref of the charge's "otp" answer.
          {
            examples: [{ otp: TEST_OTP, flw_ref: 'FLW-MOCK-9ad0d5bbc4b1e0f8c1a33f5d1c2e7a10', type: 'card' }],
          },
        ),
      },
    },
    async (req, reply) => {
      const profile = await profileOf(req);
      const updated = await authorizeCharge(
        deps,
        profile.id,
        { flwRef: req.body.flw_ref },
        { authorization: { type: 'otp', code: String(req.body.otp) } },
        'v3',
      );
      if (!updated.ok) {
        // In v3's words: the v4 message would name the charge's `chg_` id and v4 authorization types.
        const v3Words: Partial<Record<string, string>> = {
          CHARGE_NOT_FOUND: 'No transaction was found for this flw_ref',
          CHARGE_UPDATE_NOT_ALLOWED: `Transaction ${req.body.flw_ref} is not awaiting OTP validation`,
        };
        const words = v3Words[updated.error.type];
        return reply.fail(words === undefined ? updated.error : { ...updated.error, message: words });
      }
      return send(
        reply,
        v3('Charge validated', transactionView(await withCustomer(deps, updated.value), profile.accountId)),
      );
    },
  );

  const verify = async (reply: FastifyReply, profile: MerchantProfile, key: ChargeKey, what: string) => {
    const found = await getCharge(deps, profile.id, key);
    if (!found.ok)
      return reply.fail(appError('CHARGE_NOT_FOUND', `No transaction was found for this ${what}`));
    return send(
      reply,
      v3(
        'Transaction fetched successfully',
        transactionView(await withCustomer(deps, found.value), profile.accountId),
      ),
    );
  };

  app.get(
    '/v3/transactions/:id/verify',
    {
      schema: {
        tags,
        summary: 'Verify a transaction by its numeric id',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
      },
    },
    async (req, reply) => {
      const profile = await profileOf(req);
      const id = Number(req.params.id);
      if (!/^\d{1,15}$/.test(req.params.id) || !Number.isSafeInteger(id)) {
        return reply.fail(appError('CHARGE_NOT_FOUND', 'No transaction was found for this id'));
      }
      return verify(reply, profile, { txId: id }, 'id');
    },
  );

  app.get(
    '/v3/transactions/verify_by_reference',
    {
      config: { errors: [404] },
      schema: {
        tags,
        summary: 'Verify a transaction by its tx_ref',
        querystring: Type.Object({ tx_ref: Type.String({ minLength: 1, maxLength: 100 }) }),
      },
    },
    async (req, reply) => verify(reply, await profileOf(req), { reference: req.query.tx_ref }, 'tx_ref'),
  );
}
