/** v4 customers (spec §8.1): create, fetch, update, list and search by email. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { pick, type Customer, type CustomerDetails, type CustomerPatch } from '../../domain/customer.js';
import { createCustomer } from '../../flows/customers/create-customer.js';
import type { Deps } from '../../flows/deps.js';
import { getCustomer, pageOfCustomers, searchCustomers } from '../../flows/customers/read-customers.js';
import { updateCustomer } from '../../flows/customers/update-customer.js';
import { sendExecuted } from '../http/idempotency.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { Address, IdParams, Meta, Name, Phone, relaxCustomerFields } from './schemas.js';
import { Email } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';

export const CustomerCreate = Type.Object({
  email: Email,
  name: Type.Optional(Name),
  phone: Type.Optional(Phone),
  address: Type.Optional(Address),
  meta: Type.Optional(Meta),
});

// The official update schema has no `email`, but client libraries send it; we accept and apply it.
const UpdateBody = Type.Object({
  email: Type.Optional(Email),
  name: Type.Optional(Name),
  phone: Type.Optional(Phone),
  address: Type.Optional(Address),
  meta: Type.Optional(Meta),
});

const SearchBody = Type.Object({ email: Email });

export const CustomerView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.Optional(Name),
  phone: Type.Optional(Phone),
  address: Type.Optional(Address),
  meta: Meta,
  created_datetime: Type.String({ format: 'date-time' }),
});
type CustomerView = Static<typeof CustomerView>;

export function customerView(c: Customer): CustomerView {
  return {
    id: c.id,
    email: c.email,
    ...pick('name', c.name),
    ...pick('phone', c.phone && { country_code: c.phone.countryCode, number: c.phone.number }),
    ...pick(
      'address',
      c.address && {
        line1: c.address.line1,
        ...pick('line2', c.address.line2),
        city: c.address.city,
        state: c.address.state,
        country: c.address.country,
        postal_code: c.address.postalCode,
      },
    ),
    meta: c.meta,
    created_datetime: c.createdAt.toISOString(),
  };
}

type WireFields = Static<typeof UpdateBody>;

function toPatch(body: WireFields): CustomerPatch {
  const { address, phone } = body;
  return {
    ...pick('email', body.email),
    ...pick('name', body.name),
    ...pick('phone', phone && { countryCode: phone.country_code, number: phone.number }),
    ...pick(
      'address',
      address && {
        line1: address.line1,
        ...pick('line2', address.line2),
        city: address.city,
        state: address.state,
        country: address.country,
        postalCode: address.postal_code,
      },
    ),
    ...pick('meta', body.meta),
  };
}

export const toCustomerDetails = (body: Static<typeof CustomerCreate>): CustomerDetails => ({
  ...toPatch(body),
  email: body.email,
  meta: body.meta ?? {},
});

const relax = async (req: { body: unknown }) => {
  relaxCustomerFields(req.body);
};

export function customerRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Customers'];
  const security = [{ bearer: [] }];

  app.post(
    '/customers',
    {
      preValidation: relax,
      schema: {
        tags,
        security,
        summary: 'Create a customer',
        body: CustomerCreate,
        response: { 201: Success(CustomerView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const executed = await createCustomer(deps, callerOf(req).merchantId, toCustomerDetails(req.body), {
        idempotency: claim.value,
        render: (customer) => ({
          status: 201,
          body: JSON.stringify(success('Customer created', customerView(customer))),
        }),
      });
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/customers',
    {
      schema: {
        tags,
        security,
        summary: 'List customers, most recent first',
        querystring: PaginationQuery,
        response: { 200: ListOf(CustomerView), ...COMMON_ERRORS },
      },
    },
    async (req) =>
      list(
        'Customers fetched',
        await pageOfCustomers(deps, callerOf(req).merchantId, req.query),
        customerView,
      ),
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a customer',
        params: IdParams,
        response: { 200: Success(CustomerView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getCustomer(deps, callerOf(req).merchantId, req.params.id);
      return found.ok ? success('Customer fetched', customerView(found.value)) : reply.fail(found.error);
    },
  );

  app.put(
    '/customers/:id',
    {
      preValidation: relax,
      schema: {
        tags,
        security,
        summary: 'Update a customer; fields sent replace the stored ones',
        params: IdParams,
        body: UpdateBody,
        response: { 200: Success(CustomerView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const updated = await updateCustomer(deps, callerOf(req).merchantId, req.params.id, toPatch(req.body));
      return updated.ok
        ? success('Customer updated', customerView(updated.value))
        : reply.fail(updated.error);
    },
  );

  app.post(
    '/customers/search',
    {
      schema: {
        tags,
        security,
        summary: 'Find customers by email (case-insensitive), most recent first',
        querystring: PaginationQuery,
        body: SearchBody,
        response: { 200: ListOf(CustomerView), ...COMMON_ERRORS },
      },
    },
    async (req) =>
      list(
        'Customers fetched',
        await searchCustomers(deps, callerOf(req).merchantId, req.body.email, req.query),
        customerView,
      ),
  );
}
