/**
 * The v3 envelope (v3 spec §1.2, §9): `{status: "success", message, data, meta?}` and
 * `{status: "error", message, data: null}`. Clients read the body's `status`, not the HTTP code.
 */
import { Type } from 'typebox';
import { errorSpec, type AppError } from '../../domain/errors.js';
import type { RenderedError } from '../http/errors.js';

/** Every v3 error answer, whatever its status. */
export const V3ErrorBody = Type.Object({
  status: Type.Literal('error'),
  message: Type.String(),
  data: Type.Null(),
});

/** Every v3 success answer: the envelope around each route's own `data` (and `meta`). */
export const V3SuccessBody = Type.Object({
  status: Type.Literal('success'),
  message: Type.String(),
  data: Type.Optional(Type.Unknown()),
  meta: Type.Optional(Type.Unknown()),
});

export function renderV3Error(error: AppError): RenderedError {
  const message = error.fields.length > 0 ? error.fields.map((f) => f.message).join('; ') : error.message;
  return { status: errorSpec(error.type).http, body: { status: 'error', message, data: null } };
}

export interface V3Body {
  readonly status: 'success';
  readonly message: string;
  readonly data?: unknown;
  readonly meta?: unknown;
}

export const v3 = (message: string, data?: unknown, meta?: unknown): V3Body => ({
  status: 'success',
  message,
  ...(data === undefined ? {} : { data }),
  ...(meta === undefined ? {} : { meta }),
});
