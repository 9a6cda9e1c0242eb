/**
 * X-Trace-Id: taken from the request when it is 12–255 printable ASCII characters, generated when
 * absent, echoed on every response and stamped on every log line (Fastify's request id).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TRACE_HEADER = 'x-trace-id';

const TRACE_ID = /^[\x21-\x7e]{12,255}$/;

export const isValidTraceId = (value: string): boolean => TRACE_ID.test(value);

export function traceIdOf(req: IncomingMessage): string {
  const sent = req.headers[TRACE_HEADER];
  return typeof sent === 'string' && isValidTraceId(sent) ? sent : randomUUID();
}

/** The header was sent but is not a usable trace id: the request is rejected, naming it. */
export function invalidTraceHeader(req: IncomingMessage): boolean {
  const sent = req.headers[TRACE_HEADER];
  return sent !== undefined && (typeof sent !== 'string' || !isValidTraceId(sent));
}
