/** Reference data (spec §8.10): banks and mobile-money networks per country, from tables in the repo. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BANKS, BANK_COUNTRIES } from '../../domain/reference/banks.js';
import { MOBILE_NETWORKS, MOBILE_NETWORK_COUNTRIES } from '../../domain/reference/mobile-networks.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { StringEnum } from '../http/fields.js';

const Bank = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
const MobileNetwork = Type.Object({ id: Type.String(), network: Type.String(), name: Type.String() });

/** Country codes are matched case-insensitively: `ng` is as good as `NG`. */
const upperCountry = async (req: { query: unknown }) => {
  const query = req.query as Record<string, unknown>;
  if (typeof query['country'] === 'string') query['country'] = query['country'].toUpperCase();
};

export function referenceRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  app.get(
    '/banks',
    {
      preValidation: upperCountry,
      schema: {
        tags: ['Reference data'],
        security,
        summary: 'Banks of a country',
        querystring: Type.Object({ country: StringEnum(BANK_COUNTRIES) }),
        response: { 200: Success(Type.Array(Bank)), ...COMMON_ERRORS },
      },
    },
    async (req) => success('Banks fetched', [...BANKS[req.query.country]]),
  );

  app.get(
    '/mobile-networks',
    {
      preValidation: upperCountry,
      schema: {
        tags: ['Reference data'],
        security,
        summary: 'Mobile-money networks of a country',
        querystring: Type.Object({ country: StringEnum(MOBILE_NETWORK_COUNTRIES) }),
        response: { 200: Success(Type.Array(MobileNetwork)), ...COMMON_ERRORS },
      },
    },
    async (req) => success('Mobile networks fetched', [...MOBILE_NETWORKS[req.query.country]]),
  );
}
