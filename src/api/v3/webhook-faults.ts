/**
 * v3 sandbox webhook faults (a Baobab extension, docs/sandbox.md "Webhook faults"): the same setting
 * as v4's, for the merchant's single v3 endpoint (the dashboard URL), which has no id in v3.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../flows/deps.js';
import { endpointFaults, replaceEndpointFaults } from '../../flows/webhooks/endpoint-faults.js';
import { callerOf } from '../http/caller.js';
import { FaultFields, faultsOfFields, faultsView } from '../webhook-fault-fields.js';
import { v3 } from './envelope.js';

export function v3WebhookFaultRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3 sandbox'];
  const path = '/v3/sandbox/webhook/faults';

  app.get(
    path,
    {
      // No v3 endpoint yet is a 404 (api/http/openapi-errors.ts documents it).
      config: { errors: [404] },
      schema: { tags, summary: "(Sandbox) The v3 webhook endpoint's injected faults" },
    },
    async (req, reply) => {
      const found = await endpointFaults(deps, callerOf(req).merchantId, { dialect: 'v3' });
      return found.ok
        ? v3('Webhook faults fetched', faultsView(found.value.endpointId, found.value.faults))
        : reply.fail(found.error);
    },
  );

  app.put(
    path,
    {
      config: { errors: [404] },
      schema: {
        tags,
        summary: "(Sandbox) Replace the v3 webhook endpoint's injected faults ({} clears them)",
        body: FaultFields,
      },
    },
    async (req, reply) => {
      const set = await replaceEndpointFaults(
        deps,
        callerOf(req).merchantId,
        { dialect: 'v3' },
        faultsOfFields(req.body),
      );
      return set.ok
        ? v3('Webhook faults updated', faultsView(set.value.endpointId, set.value.faults))
        : reply.fail(set.error);
    },
  );
}
