/**
 * The merchant's sandbox fault profile in the v3 dialect (docs/sandbox.md "Faults"): the same profile
 * as v4's `/sandbox/faults`, in v3 envelopes. Never faulted themselves (`faultExempt`).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { appError } from '../../domain/errors.js';
import type { FaultProfiles } from '../../flows/sandbox/fault-profiles.js';
import { callerOf } from '../http/caller.js';
import { FaultProfileBody, profileOfBody, profileView } from '../http/fault-profile.js';
import { v3 } from './envelope.js';

const notFound = () => appError('RESOURCE_NOT_FOUND', 'No fault profile is set');

export function v3SandboxFaultRoutes(root: FastifyInstance, faults: FaultProfiles): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3 sandbox'];
  const config = { faultExempt: true, errors: [404] };

  app.put(
    '/v3/sandbox/faults',
    {
      config: { faultExempt: true },
      schema: { tags, summary: '(Sandbox) Set the fault profile', body: FaultProfileBody },
    },
    async (req, reply) => {
      const profile = profileOfBody(req.body);
      if (!profile.ok) return reply.fail(profile.error);
      await faults.put(callerOf(req).merchantId, profile.value);
      return v3('Fault profile set', profileView(profile.value, 0));
    },
  );

  app.get(
    '/v3/sandbox/faults',
    { config, schema: { tags, summary: '(Sandbox) The fault profile' } },
    async (req, reply) => {
      const found = await faults.get(callerOf(req).merchantId);
      if (!found) return reply.fail(notFound());
      return v3('Fault profile fetched', profileView(found.profile, found.requests));
    },
  );

  app.delete(
    '/v3/sandbox/faults',
    { config, schema: { tags, summary: '(Sandbox) Clear the fault profile' } },
    async (req, reply) => {
      if (!(await faults.remove(callerOf(req).merchantId))) return reply.fail(notFound());
      return v3('Fault profile deleted', null);
    },
  );
}
