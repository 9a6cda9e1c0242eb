/**
 * v4 sandbox webhook faults (a Baobab extension, docs/sandbox.md "Webhook faults"): what an
 * endpoint's deliveries are given — dropped, duplicated, delayed, out of order, badly signed, slow.
 * Another merchant's endpoint is not found (404), like one that never was.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../flows/deps.js';
import { endpointFaults, replaceEndpointFaults } from '../../flows/webhooks/endpoint-faults.js';
import { FaultFields, FaultsView, faultsOfFields, faultsView } from '../webhook-fault-fields.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { IdParams } from './schemas.js';

export function webhookFaultRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Sandbox'];
  const security = [{ bearer: [] }];
  const path = '/sandbox/webhook-endpoints/:id/faults';

  app.get(
    path,
    {
      // Under /sandbox, where the pages answer in HTML: these are API calls, answered in JSON.
      schema: {
        tags,
        security,
        summary: "(Sandbox) A webhook endpoint's injected faults",
        params: IdParams,
        response: { 200: Success(FaultsView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await endpointFaults(deps, callerOf(req).merchantId, {
        dialect: 'v4',
        id: req.params.id,
      });
      return found.ok
        ? success('Webhook faults fetched', faultsView(found.value.endpointId, found.value.faults))
        : reply.fail(found.error);
    },
  );

  app.put(
    path,
    {
      schema: {
        tags,
        security,
        summary: "(Sandbox) Replace a webhook endpoint's injected faults ({} clears them)",
        params: IdParams,
        body: FaultFields,
        response: { 200: Success(FaultsView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const set = await replaceEndpointFaults(
        deps,
        callerOf(req).merchantId,
        { dialect: 'v4', id: req.params.id },
        faultsOfFields(req.body),
      );
      return set.ok
        ? success('Webhook faults updated', faultsView(set.value.endpointId, set.value.faults))
        : reply.fail(set.error);
    },
  );
}
