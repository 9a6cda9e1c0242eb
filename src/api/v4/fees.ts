/**
 * v4 `GET /fees?amount&currency&payment_method[&card6&country&network]` (spec §8.10): what a charge of
 * this amount would carry, from the same pricing table the charges use (domain/fees.ts; the sandbox
 * defaults are each method's own, methods/pricing.ts, or BAOBAB_PRICING_FILE). `fee` lists the
 * charge's own `fees` in major units (`vat`, `app`, `merchant`, `stamp_duty`); `charge_amount` is the
 * amount plus what is passed on to the customer (`merchant`: 0 in the sandbox). `card6`, `country` and
 * `network` would pick local or international rates; the sandbox has one rate per method and currency.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { computeFees } from '../../domain/fees.js';
import { isCurrency, parseAmount, toMajor } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import { METHODS } from '../../methods/index.js';
import { StringEnum } from '../http/fields.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';

/** The payment-method types the pricing table names, as `POST /payment-methods` takes them. */
export const FEE_PAYMENT_METHODS = [...new Set(METHODS.map((m) => m.type))];

const FeeQuery = Type.Object({
  amount: Type.Number({ minimum: 0.01, maximum: 1_000_000_000_000 }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', 'x-message': 'must be a currency code such as NGN' }),
  payment_method: StringEnum(FEE_PAYMENT_METHODS),
  card6: Type.Optional(
    Type.String({ pattern: '^[0-9]{6}$', 'x-message': 'must be the first 6 digits of a card' }),
  ),
  country: Type.Optional(
    Type.String({ pattern: '^[A-Z]{2}$', 'x-message': 'must be an ISO 3166 alpha-2 country code' }),
  ),
  network: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
});

const Fees = Type.Object(
  {
    charge_amount: Type.Number(),
    fee: Type.Array(Type.Object({ type: Type.String(), amount: Type.Number() })),
  },
  { additionalProperties: false },
);

/** Currency and country codes are read case-insensitively: `ngn` is as good as `NGN`. */
const upperCodes = async (req: { query: unknown }) => {
  const query = req.query as Record<string, unknown>;
  for (const key of ['currency', 'country']) {
    const value = query[key];
    if (typeof value === 'string') query[key] = value.toUpperCase();
  }
};

export function feeRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/fees',
    {
      preValidation: upperCodes,
      schema: {
        tags: ['Fees'],
        security: [{ bearer: [] }],
        summary: 'The fees a charge of this amount, currency and payment method would carry',
        querystring: FeeQuery,
        response: { 200: Success(Fees), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { currency, payment_method: method } = req.query;
      if (!isCurrency(currency)) {
        return reply.fail(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
      }
      const amount = parseAmount(req.query.amount, currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      const fees = computeFees(deps.pricing, method, amount.value, currency);
      const passedOn = fees.find((f) => f.type === 'merchant')?.amount ?? 0;
      return success('Fees fetched', {
        charge_amount: toMajor(amount.value + passedOn, currency),
        fee: fees.map((f) => ({ type: f.type, amount: toMajor(f.amount, currency) })),
      });
    },
  );
}
