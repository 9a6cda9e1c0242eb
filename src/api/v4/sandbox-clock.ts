/**
 * The merchant's sandbox clock (a Baobab extension, docs/sandbox.md "Time"): read it, freeze it,
 * unfreeze it, advance it. An advance answers once the timers that fell due have run, and lists them.
 * Never faulted (`faultExempt`): a test that drives time must be able to.
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
import { AdvanceBody, AdvancedBody, ClockBody, advancedView, clockView } from '../http/sandbox-clock.js';
import { bodyOptional } from '../http/validation.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';

export function sandboxClockRoutes(root: FastifyInstance, deps: Deps, timers?: TimerRunner): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Sandbox'];
  const security = [{ bearer: [] }];
  const config = { faultExempt: true };

  app.get(
    '/sandbox/clock',
    {
      config,
      schema: {
        tags,
        security,
        summary: "(Sandbox) The merchant's clock: its time, whether it is frozen, its offset from real time",
        response: { 200: Success(ClockBody), ...COMMON_ERRORS },
      },
    },
    async (req) => success('Clock fetched', clockView(await readClock(deps, callerOf(req).merchantId))),
  );

  for (const [action, summary] of [
    ['freeze', '(Sandbox) Freeze the clock: nothing falls due on its own until it is advanced'],
    ['unfreeze', '(Sandbox) Unfreeze the clock: time runs again from where it stood'],
  ] as const) {
    app.post(
      `/sandbox/clock/${action}`,
      {
        config,
        schema: { tags, security, summary, response: { 200: Success(ClockBody), ...COMMON_ERRORS } },
      },
      async (req) => {
        const { merchantId } = callerOf(req);
        const clock =
          action === 'freeze' ? await freezeClock(deps, merchantId) : await unfreezeClock(deps, merchantId);
        return success(action === 'freeze' ? 'Clock frozen' : 'Clock unfrozen', clockView(clock));
      },
    );
  }

  app.post(
    '/sandbox/clock/advance',
    {
      config,
      schema: {
        tags,
        security,
        summary: '(Sandbox) Move the clock forward, running every timer that falls due, in time order',
        description:
          'Send `seconds` or `to` (an ISO 8601 instant), not both. Answers once the timers that fell due ' +
          'have run, and lists them in `fired`. The clock never moves backwards.',
        body: AdvanceBody,
        response: { 200: Success(AdvancedBody), ...COMMON_ERRORS },
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const advanced = await advanceClock(deps, callerOf(req).merchantId, req.body, timers);
      if (!advanced.ok) return reply.fail(advanced.error);
      return success('Clock advanced', advancedView(advanced.value));
    },
  );
}
