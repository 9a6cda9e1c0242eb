/**
 * `GET /v3/banks/{country}` (v3 spec §8): the banks of a country, `[{id, code, name}]`, from the same
 * reference table as v4's `GET /banks`. v3 bank ids are numbers; ours are derived from the table's
 * `bnk_` ids by hashing, so they are the same on every install and never change.
 */
import { createHash } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { BANK_COUNTRIES, BANKS, type BankCountry } from '../../domain/reference/banks.js';
import type { Deps } from '../../flows/deps.js';
import type { Links } from '../http/links.js';
import { v3 } from './envelope.js';

/** A positive 31-bit number from the bank's id: fits every client's int, stable across installs. */
export const v3BankId = (bankId: string): number =>
  createHash('sha256').update(bankId).digest().readUInt32BE(0) >>> 1;

const isBankCountry = (s: string): s is BankCountry => (BANK_COUNTRIES as readonly string[]).includes(s);

// Computed once: the table is fixed for the life of the process.
const V3_BANKS = new Map(
  BANK_COUNTRIES.map((country) => [
    country,
    BANKS[country].map((b) => ({ id: v3BankId(b.id), code: b.code, name: b.name })),
  ]),
);

export function v3BankRoutes(root: FastifyInstance, _deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/v3/banks/:country',
    {
      schema: {
        tags: ['v3'],
        summary: 'Banks of a country (two-letter code, any case)',
        params: Type.Object({ country: Type.String({ maxLength: 40 }) }),
      },
    },
    async (req, reply) => {
      const country = req.params.country.toUpperCase();
      const banks = isBankCountry(country) ? V3_BANKS.get(country) : undefined;
      if (!banks) {
        return reply.fail(
          invalid([
            {
              field: 'country',
              message: `country ${req.params.country} is not supported; use one of: ${BANK_COUNTRIES.join(', ')}`,
            },
          ]),
        );
      }
      return reply.code(200).send(v3('Banks fetched successfully', banks));
    },
  );
}
