/**
 * The v4 wire envelope (spec §4–5): `{status, message, data}` on success, `meta.page_info` on lists,
 * and `{status: "failed", error: {type, code, message, validation_errors?}}` on failure.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { errorSpec, type AppError } from '../../domain/errors.js';
import { totalPages, type Page } from '../../domain/pagination.js';
import type { RenderedError } from '../http/errors.js';

export const ErrorBody = Type.Object({
  status: Type.Literal('failed'),
  error: Type.Object({
    type: Type.String(),
    code: Type.String(),
    message: Type.String(),
    validation_errors: Type.Optional(
      Type.Array(Type.Object({ field_name: Type.String(), message: Type.String() })),
    ),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

export function renderV4Error(error: AppError): RenderedError {
  const spec = errorSpec(error.type);
  const body: ErrorBody = {
    status: 'failed',
    error: {
      type: error.type,
      code: spec.code,
      message: error.message,
      ...(error.fields.length > 0
        ? { validation_errors: error.fields.map((f) => ({ field_name: f.field, message: f.message })) }
        : {}),
    },
  };
  const headers: Record<string, string> = {};
  if (error.type === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer realm="baobab"';
  if (error.type === 'IDEMPOTENCY_REQUEST_IN_PROGRESS') headers['retry-after'] = '1';
  return { status: spec.http, body, headers };
}

export const Success = <T extends TSchema>(data: T) =>
  Type.Object({ status: Type.Literal('success'), message: Type.String(), data });

export const PageInfo = Type.Object({
  total: Type.Integer(),
  current_page: Type.Integer(),
  total_pages: Type.Integer(),
});

export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({
    status: Type.Literal('success'),
    message: Type.String(),
    meta: Type.Object({ page_info: PageInfo }),
    data: Type.Array(item),
  });

export const success = <T>(message: string, data: T) => ({ status: 'success' as const, message, data });

const pageInfo = (total: number, page: number, size: number) => ({
  page_info: { total, current_page: page, total_pages: totalPages(total, size) },
});

export function list<T, V>(message: string, page: Page<T>, view: (item: T) => V) {
  return {
    status: 'success' as const,
    message,
    meta: pageInfo(page.total, page.page, page.size),
    data: page.items.map(view),
  };
}

/** One object whose own list is paged (`GET /settlements/{id}`: its charges): `meta.page_info` of that list. */
export const PagedOf = <T extends TSchema>(data: T) =>
  Type.Object({
    status: Type.Literal('success'),
    message: Type.String(),
    meta: Type.Object({ page_info: PageInfo }),
    data,
  });

export const pagedSuccess = <T>(message: string, data: T, paging: Omit<Page<unknown>, 'items'>) => ({
  status: 'success' as const,
  message,
  meta: pageInfo(paging.total, paging.page, paging.size),
  data,
});

/** Responses every authenticated v4 route may give besides its own success. */
export const COMMON_ERRORS = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 409: ErrorBody } as const;

export const PaginationQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
  size: Type.Integer({ minimum: 10, maximum: 50, default: 10 }),
});
