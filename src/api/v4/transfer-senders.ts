/** v4 transfer senders and bank branches (sandbox: two branches per bank, derived from its id). */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../domain/errors.js';
import { BANK_COUNTRIES, BANKS } from '../../domain/reference/banks.js';
import type { Deps } from '../../flows/deps.js';
import {
  getSender,
  pageOfSenders,
  removeSender,
  saveSender,
  type Sender,
} from '../../flows/payouts/senders.js';
import { Email } from '../http/fields.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { CursorQuery, cursorList, pageOfCursor } from './transfer-views.js';
import { Address, IdParams, Name, Phone } from './schemas.js';

const Loose = Type.Object({}, { additionalProperties: true });
const SenderCreate = Type.Object({
  name: Type.Object({
    first: Name.properties.first,
    middle: Name.properties.middle,
    last: Name.properties.last,
  }),
  email: Type.Optional(Email),
  phone: Type.Optional(Phone),
  address: Type.Optional(Address),
  date_of_birth: Type.Optional(Type.String({ maxLength: 20 })),
});

const senderView = (s: Sender) => ({ id: s.id, ...s.details, created_datetime: s.createdAt.toISOString() });

const branchesOf = (bankId: string) => {
  const bank = BANK_COUNTRIES.flatMap((c) => BANKS[c]).find((b) => b.id === bankId);
  if (!bank) return undefined;
  return ['Head Office', 'Main Branch'].map((name, i) => {
    const hash = createHash('sha256')
      .update(`${bank.id}:${String(i)}`)
      .digest('base64url')
      .replace(/[-_]/g, 'x');
    return {
      id: `brh_${hash.slice(0, 10)}`,
      code: `${bank.code}${String(i + 1).padStart(3, '0')}`,
      name: `${bank.name} ${name}`,
      swift_code: '',
      bic: '',
    };
  });
};

export function transferSenderRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Transfers'];
  const security = [{ bearer: [] }];

  app.post(
    '/transfers/senders',
    {
      schema: {
        tags,
        security,
        summary: 'Save a transfer sender',
        body: SenderCreate,
        response: { 201: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const saved = await saveSender(deps, callerOf(req).merchantId, req.body);
      return reply.code(201).send(success('Transfer sender created', senderView(saved)));
    },
  );
  app.get(
    '/transfers/senders',
    {
      schema: {
        tags,
        security,
        summary: 'List transfer senders',
        querystring: CursorQuery,
        response: { 200: Loose, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      cursorList(
        'Transfer senders fetched',
        'senders',
        await pageOfSenders(deps, callerOf(req).merchantId, pageOfCursor(req.query)),
        senderView,
      ),
  );

  app.get(
    '/transfers/senders/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a transfer sender',
        params: IdParams,
        response: { 200: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getSender(deps, callerOf(req).merchantId, req.params.id);
      return found.ok ? success('Transfer sender fetched', senderView(found.value)) : reply.fail(found.error);
    },
  );
  app.delete(
    '/transfers/senders/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a transfer sender',
        params: IdParams,
        response: { 200: Success(Type.Null()), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const done = await removeSender(deps, callerOf(req).merchantId, req.params.id);
      return done.ok ? success('Transfer sender deleted', null) : reply.fail(done.error);
    },
  );
  app.get(
    '/banks/:id/branches',
    {
      schema: {
        tags: ['Reference'],
        security,
        summary: 'Branches of a bank',
        params: IdParams,
        response: { 200: Success(Type.Array(Loose)), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const branches = branchesOf(req.params.id);
      return branches
        ? success('Bank branches fetched', branches)
        : reply.fail(appError('RESOURCE_NOT_FOUND', `Bank ${req.params.id} was not found`));
    },
  );
}
