/** Customers, always scoped by merchant: a query without `merchant_id` does not exist here. */
import type { Customer, CustomerDetails } from '../domain/customer.js';
import { pick } from '../domain/customer.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import { listPage, type Listing } from './listing.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import type { Statement } from './statement.js';

export type CustomerRow = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  email: string;
  name: Customer['name'] | null;
  phone: Customer['phone'] | null;
  address: Customer['address'] | null;
  meta: Customer['meta'];
  created_at: Date;
  updated_at: Date;
};

export const CUSTOMER_COLUMNS =
  'id, num_id, merchant_id, email, name, phone, address, meta, created_at, updated_at';

export const toCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  numId: toNumber(row.num_id),
  merchantId: row.merchant_id,
  email: row.email,
  meta: row.meta,
  ...pick('name', row.name ?? undefined),
  ...pick('phone', row.phone ?? undefined),
  ...pick('address', row.address ?? undefined),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export function customerInsert(c: Customer): Statement {
  return {
    sql: `INSERT INTO customers (id, merchant_id, email, name, phone, address, meta, created_at, updated_at, num_id)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9, $10)`,
    params: [
      c.id,
      c.merchantId,
      c.email,
      json(c.name),
      json(c.phone),
      json(c.address),
      json(c.meta),
      c.createdAt,
      c.updatedAt,
      c.numId,
    ],
  };
}

export async function findCustomer(
  q: Queryable,
  merchantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Customer | undefined> {
  const { rows } = await q.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE merchant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, id],
  );
  return rows[0] && toCustomer(rows[0]);
}

export async function updateCustomer(
  q: Queryable,
  merchantId: string,
  id: string,
  details: CustomerDetails,
  updatedAt: Date,
): Promise<Customer | undefined> {
  const { rows } = await q.query<CustomerRow>(
    `UPDATE customers SET email = $3, name = $4::jsonb, phone = $5::jsonb, address = $6::jsonb, meta = $7::jsonb,
       updated_at = $8
     WHERE merchant_id = $1 AND id = $2
     RETURNING ${CUSTOMER_COLUMNS}`,
    [
      merchantId,
      id,
      details.email,
      json(details.name),
      json(details.phone),
      json(details.address),
      json(details.meta),
      updatedAt,
    ],
  );
  return rows[0] && toCustomer(rows[0]);
}

/** Most recent first; `email` narrows to one address, compared case-insensitively. */
const CUSTOMERS: Listing<{ email?: string }, CustomerRow, Customer> = {
  alias: 'cu',
  select: `SELECT ${CUSTOMER_COLUMNS} FROM customers cu`,
  countFrom: 'customers cu',
  conditions: { email: (p) => `lower(cu.email) = lower(${p})` },
  toItem: toCustomer,
};

export const listCustomers = (
  q: Queryable,
  merchantId: string,
  page: PageRequest,
  filter: { email?: string } = {},
): Promise<Page<Customer>> => listPage(q, CUSTOMERS, merchantId, filter, page);

/** The most recent customer of the merchant with this email (case-insensitive), if any. */
export async function findCustomerByEmail(
  q: Queryable,
  merchantId: string,
  email: string,
): Promise<Customer | undefined> {
  const { rows } = await q.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE merchant_id = $1 AND lower(email) = lower($2)
     ORDER BY created_at DESC, seq DESC LIMIT 1`,
    [merchantId, email],
  );
  return rows[0] && toCustomer(rows[0]);
}
