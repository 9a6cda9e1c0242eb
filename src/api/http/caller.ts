/** The authenticated caller of a request, set by a dialect's auth hook before any handler runs. */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../../flows/merchants/authenticate.js';

const callers = new WeakMap<FastifyRequest, Caller>();

export function setCaller(req: FastifyRequest, caller: Caller): void {
  callers.set(req, caller);
  req.log = req.log.child({ merchant_id: caller.merchantId });
}

export function callerOf(req: FastifyRequest): Caller {
  const caller = callers.get(req);
  if (!caller) throw new Error(`no authenticated caller on ${req.method} ${req.url}`);
  return caller;
}
