/**
 * The merchant's sandbox clock in the v3 dialect (docs/sandbox.md "Time"): the same clock as v4's
 * `/sandbox/clock`, in v3 envelopes. Never faulted (`faultExempt`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../flows/deps.js';
import {
  advanceClock,
  freezeClock,
  readClock,
  unfreezeClock,
  type TimerRunner,
} from '../../flows/sandbox/clocks.js';
import { callerOf } from '../http/caller.js';
import { AdvanceBody, advancedView, clockView } from '../http/sandbox-clock.js';
import { bodyOptional } from '../http/validation.js';
import { v3 } from './envelope.js';

export function v3SandboxClockRoutes(root: FastifyInstance, deps: Deps, timers?: TimerRunner): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3 sandbox'];
  const config = { faultExempt: true };

  app.get(
    '/v3/sandbox/clock',
    { config, schema: { tags, summary: "(Sandbox) The merchant's clock" } },
    async (req) => v3('Clock fetched', clockView(await readClock(deps, callerOf(req).merchantId))),
  );

  app.post(
    '/v3/sandbox/clock/freeze',
    { config, schema: { tags, summary: '(Sandbox) Freeze the clock' } },
    async (req) => v3('Clock frozen', clockView(await freezeClock(deps, callerOf(req).merchantId))),
  );

  app.post(
    '/v3/sandbox/clock/unfreeze',
    { config, schema: { tags, summary: '(Sandbox) Unfreeze the clock' } },
    async (req) => v3('Clock unfrozen', clockView(await unfreezeClock(deps, callerOf(req).merchantId))),
  );

  app.post(
    '/v3/sandbox/clock/advance',
    {
      config,
      schema: {
        tags,
        summary: '(Sandbox) Move the clock forward, running the timers that fall due',
        body: AdvanceBody,
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const advanced = await advanceClock(deps, callerOf(req).merchantId, req.body, timers);
      if (!advanced.ok) return reply.fail(advanced.error);
      return v3('Clock advanced', advancedView(advanced.value));
    },
  );
}
