/**
 * `PUT /v3/tokens/{token}` (v3 spec §8, "Update a debit or credit card token"): change the email,
 * name or phone the card token is tied to. The documented body is `{email, full_name, phone_number}`;
 * the official Node SDK sends `first_name` and `last_name` instead of `full_name` (and the token again
 * in the body), so both are taken. The reply is `Token details updated` with the details as stored.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pick, type CustomerPatch, type Phone } from '../../domain/customer.js';
import { invalid } from '../../domain/errors.js';
import type { Deps } from '../../flows/deps.js';
import { updateTokenDetails } from '../../flows/charges/card-tokens.js';
import { callerOf } from '../http/caller.js';
import { Email } from '../http/fields.js';
import { v3 } from './envelope.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const TokenDetails = Type.Object({
  token: Type.Optional(Text(100)),
  email: Type.Optional(Email),
  full_name: Type.Optional(Text(200)),
  first_name: Type.Optional(Text(100)),
  last_name: Type.Optional(Text(100)),
  phone_number: Type.Optional(
    Type.String({ pattern: '^\\+?[0-9]{7,15}$', 'x-message': 'must be 7 to 15 digits' }),
  ),
});

// Dialling codes of the countries the sandbox serves, longest match first where one prefixes another.
const DIALING = ['234', '233', '254', '255', '256', '250', '260', '237', '225', '221', '27', '44', '1'];

/** `+2348012345678`, `2348012345678` or the local `08012345678` (Nigeria) → {234, 8012345678}. */
export function phoneOf(raw: string): Phone | undefined {
  const digits = raw.replace(/^\+/, '');
  if (/^0[0-9]{10}$/.test(digits)) return { countryCode: '234', number: digits.slice(1) };
  const code = DIALING.find((c) => digits.startsWith(c));
  const number = code === undefined ? '' : digits.slice(code.length);
  return code !== undefined && /^[0-9]{7,10}$/.test(number) ? { countryCode: code, number } : undefined;
}

export function v3TokenRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.put(
    '/v3/tokens/:token',
    {
      config: { dialect: 'v3' },
      schema: {
        tags: ['v3'],
        summary: 'Update the customer details a card token is tied to',
        params: Type.Object({ token: Text(100) }),
        body: TokenDetails,
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const b = req.body;
      if (b.token !== undefined && b.token !== req.params.token) {
        return reply.fail(
          invalid([{ field: 'token', message: 'token in the body must be the token of the path' }]),
        );
      }
      const [first, ...rest] = (b.full_name ?? '').trim().split(/\s+/);
      const name =
        b.first_name !== undefined || b.last_name !== undefined
          ? { ...pick('first', b.first_name), ...pick('last', b.last_name) }
          : b.full_name !== undefined
            ? { ...pick('first', first || undefined), ...pick('last', rest.join(' ') || undefined) }
            : undefined;
      const phone = b.phone_number === undefined ? undefined : phoneOf(b.phone_number);
      if (b.phone_number !== undefined && phone === undefined) {
        return reply.fail(
          invalid([
            {
              field: 'phone_number',
              message: 'phone_number must carry a dialling code (+234…) or be a Nigerian local number (080…)',
            },
          ]),
        );
      }
      const patch: CustomerPatch = {
        ...pick('email', b.email),
        ...pick('name', name),
        ...pick('phone', phone),
      };
      if (Object.keys(patch).length === 0) {
        return reply.fail(
          invalid([
            {
              field: 'body',
              message:
                'The body must carry at least one of email, full_name (or first_name, last_name) and phone_number',
            },
          ]),
        );
      }
      const updated = await updateTokenDetails(deps, merchantId, req.params.token, patch);
      if (!updated.ok) return reply.fail(updated.error);
      const c = updated.value;
      const fullname = [c.name?.first, c.name?.last].filter(Boolean).join(' ');
      return reply.send(
        v3('Token details updated', {
          email: c.email,
          fullname: fullname === '' ? 'Anonymous customer' : fullname,
          phone_number: c.phone ? `${c.phone.countryCode}${c.phone.number}` : 'N/A',
          created_at: c.createdAt.toISOString(),
        }),
      );
    },
  );
}
