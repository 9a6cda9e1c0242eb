/**
 * Which driver errors mean "the store cannot serve now" rather than "this statement is wrong".
 * Adapters rethrow the first kind as `StoreUnavailableError` (the edge answers 503 with Retry-After);
 * everything else — constraint violations, lock timeouts, our own SQL bugs — passes through unchanged,
 * so the flows that handle unique violations and lock timeouts keep seeing the driver's error.
 */
import { StoreUnavailableError } from '../domain/errors.js';

/**
 * `connection`: the connection is gone or cannot be trusted (refused, reset, terminated, no answer);
 * the client must be destroyed, never returned to the pool, and the store may be down.
 * `server`: the server is up and said no for now (statement timeout, too many connections, out of
 * resources); the connection itself is fine.
 */
export type FaultKind = 'connection' | 'server';

// Socket errors from node:net, as the driver passes them on.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs whose session is over: the server is shutting down, crashed, not accepting connections,
// or ended an idle transaction (FATAL 25P03).
const SESSION_ENDED = new Set(['57P01', '57P02', '57P03', '25P03']);

// What node-postgres and pg-pool say, without a code, when the connection is lost or never made.
const DRIVER_MESSAGES = [
  /^Connection terminated/, // unexpectedly; due to connection timeout
  /^timeout exceeded when trying to connect$/, // waited too long for a pooled connection
  /^timeout expired$/, // a client's own connect timeout
  /^Query read timeout$/,
  /is not queryable$/, // the client saw a connection error, or was closed
  /^Cannot use a pool after calling end on the pool$/,
];

interface DriverError {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly errors?: unknown;
}

/** What kind of fault `error` is, or undefined when it is an ordinary SQL error to pass on. */
export function pgFault(error: unknown): FaultKind | undefined {
  if (error instanceof StoreUnavailableError) return 'connection';
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as DriverError;
  const code = typeof e.code === 'string' ? e.code : '';
  if (SOCKET_CODES.has(code)) return 'connection';
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (code.startsWith('08') || SESSION_ENDED.has(code)) return 'connection';
    // 57014 statement timeout (or a cancel), class 53 insufficient resources (53300 too many
    // connections), class 58 system errors (I/O).
    if (code === '57014' || code.startsWith('53') || code.startsWith('58')) return 'server';
    return undefined;
  }
  // Connecting to a name with several addresses fails with an AggregateError of socket errors.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => pgFault(inner))) {
    return 'connection';
  }
  const message = typeof e.message === 'string' ? e.message : '';
  return DRIVER_MESSAGES.some((pattern) => pattern.test(message)) ? 'connection' : undefined;
}

/** PGlite is unusable once closed, and for good after its WebAssembly instance aborted. */
export function pgliteFault(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  // WebAssembly.RuntimeError (unreachable, out of bounds…), by name: its type is not in our lib.
  if (error.name === 'RuntimeError') return true;
  return /^PGlite is closed/.test(error.message) || /^Aborted\(/.test(error.message);
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The error to throw for a fault: the StoreUnavailableError itself, or one wrapping the driver's. */
export function unavailable(error: unknown, what = 'the database is unavailable'): StoreUnavailableError {
  return error instanceof StoreUnavailableError
    ? error
    : new StoreUnavailableError(`${what}: ${describe(error)}`, { cause: error });
}
