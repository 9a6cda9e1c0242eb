/**
 * The merchant's sandbox fault profile (a Baobab extension, docs/sandbox.md "Faults"): set, read and
 * clear it. These routes are never faulted themselves (`faultExempt`), so a profile at rate 1 can
 * always be cleared.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { appError } from '../../domain/errors.js';
import type { FaultProfiles } from '../../flows/sandbox/fault-profiles.js';
import { callerOf } from '../http/caller.js';
import { FaultProfileBody, FaultProfileView, profileOfBody, profileView } from '../http/fault-profile.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';

const notFound = () => appError('RESOURCE_NOT_FOUND', 'No fault profile is set');

export function sandboxFaultRoutes(root: FastifyInstance, faults: FaultProfiles): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Sandbox'];
  const security = [{ bearer: [] }];
  const config = { faultExempt: true, errors: [404] };

  app.put(
    '/sandbox/faults',
    {
      config: { faultExempt: true },
      schema: {
        tags,
        security,
        summary: '(Sandbox) Set the fault profile: a rate per fault kind, drawn with a seed',
        body: FaultProfileBody,
        response: { 200: Success(FaultProfileView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const profile = profileOfBody(req.body);
      if (!profile.ok) return reply.fail(profile.error);
      await faults.put(callerOf(req).merchantId, profile.value);
      return success('Fault profile set', profileView(profile.value, 0));
    },
  );

  app.get(
    '/sandbox/faults',
    {
      config,
      schema: {
        tags,
        security,
        summary: '(Sandbox) The fault profile, with how many requests were drawn against it',
        response: { 200: Success(FaultProfileView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await faults.get(callerOf(req).merchantId);
      if (!found) return reply.fail(notFound());
      return success('Fault profile fetched', profileView(found.profile, found.requests));
    },
  );

  app.delete(
    '/sandbox/faults',
    {
      config,
      schema: {
        tags,
        security,
        summary: '(Sandbox) Clear the fault profile: requests are answered normally again',
        response: { 200: Success(Type.Null()), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      if (!(await faults.remove(callerOf(req).merchantId))) return reply.fail(notFound());
      return success('Fault profile deleted', null);
    },
  );
}
