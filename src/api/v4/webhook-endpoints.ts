/**
 * v4 webhook endpoints (spec §8.11): where the merchant's events are delivered, each with its own
 * secret. Secrets are never answered in clear: `secret` is masked (domain/webhook-endpoints.ts).
 * Baobab extension: `signature_mode` (`hmac`, the default, or `plain`: the secret itself is sent as
 * `flutterwave-signature`, as Flutterwave's own samples compare it).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  SECRET_MAX_LENGTH,
  SECRET_MIN_LENGTH,
  SECRET_PATTERN,
  SIGNATURE_MODES,
  type EndpointPatch,
} from '../../domain/webhook-endpoints.js';
import { EVENT_TYPES } from '../../domain/webhooks.js';
import type { Deps } from '../../flows/deps.js';
import {
  createEndpoint,
  deleteEndpoint,
  pageOfEndpoints,
  updateEndpoint,
  type ManagedEndpoint,
} from '../../flows/webhooks/webhook-endpoints.js';
import { sendExecuted } from '../http/idempotency.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { IdParams, Meta } from './schemas.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';
import { webhookFaultRoutes } from './webhook-faults.js';

const STATUSES = ['enabled', 'disabled'] as const;

const Secret = Type.String({
  minLength: SECRET_MIN_LENGTH,
  maxLength: SECRET_MAX_LENGTH,
  pattern: SECRET_PATTERN,
  'x-message': `must be ${String(SECRET_MIN_LENGTH)} to ${String(SECRET_MAX_LENGTH)} printable ASCII characters, without spaces`,
});

const EventTypes = Type.Array(StringEnum(EVENT_TYPES), {
  minItems: 1,
  'x-message': 'must name at least one event type; leave it out to receive every type',
});

// `url` is checked by the flow (WEBHOOK_URL_INVALID), so the CLI and boot configuration share the rule.
const EndpointFields = {
  url: Type.String(),
  secret: Secret,
  supported_event_types: Type.Optional(EventTypes),
  status: Type.Optional(StringEnum(STATUSES)),
  signature_mode: Type.Optional(StringEnum(SIGNATURE_MODES)),
  description: Type.Optional(Type.String({ maxLength: 255 })),
  meta: Type.Optional(Meta),
};

const EndpointCreate = Type.Object(EndpointFields);

const EndpointUpdate = Type.Object({
  ...EndpointFields,
  url: Type.Optional(EndpointFields.url),
  secret: Type.Optional(Secret),
});

const EndpointView = Type.Object({
  id: Type.String(),
  url: Type.String(),
  /** Every type the endpoint receives (all of them when it was given none). */
  supported_event_types: Type.Array(Type.String()),
  status: StringEnum(STATUSES),
  /** Masked: first and last four characters. */
  secret: Type.String(),
  signature_mode: StringEnum(SIGNATURE_MODES),
  description: Type.Optional(Type.String()),
  meta: Meta,
  created_datetime: Type.String({ format: 'date-time' }),
});
type EndpointView = Static<typeof EndpointView>;

function endpointView(e: ManagedEndpoint): EndpointView {
  return {
    id: e.id,
    url: e.url,
    supported_event_types: [...(e.eventTypes ?? EVENT_TYPES)],
    status: e.status,
    secret: e.secretHint,
    signature_mode: e.mode === 'plain' ? 'plain' : 'hmac',
    ...(e.description !== undefined && { description: e.description }),
    meta: e.meta,
    created_datetime: e.createdAt.toISOString(),
  };
}

function toPatch(body: Static<typeof EndpointUpdate>): EndpointPatch {
  return {
    ...(body.url !== undefined && { url: body.url }),
    ...(body.secret !== undefined && { secret: body.secret }),
    ...(body.supported_event_types && { eventTypes: [...new Set(body.supported_event_types)] }),
    ...(body.status && { status: body.status }),
    ...(body.signature_mode && { mode: body.signature_mode }),
    ...(body.description !== undefined && { description: body.description }),
    ...(body.meta && { meta: body.meta }),
  };
}

export function webhookEndpointRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Webhook endpoints'];
  const security = [{ bearer: [] }];
  // The sandbox's fault setting of each endpoint (docs/sandbox.md "Webhook faults").
  webhookFaultRoutes(root, deps);

  app.post(
    '/profile/webhook-endpoints',
    {
      schema: {
        tags,
        security,
        summary: 'Add a webhook endpoint',
        body: EndpointCreate,
        response: { 200: Success(EndpointView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const { body } = req;
      const executed = await createEndpoint(
        deps,
        callerOf(req).merchantId,
        {
          ...toPatch(body),
          url: body.url,
          secret: body.secret,
          status: body.status ?? 'enabled',
          mode: body.signature_mode ?? 'hmac',
          meta: body.meta ?? {},
        },
        {
          idempotency: claim.value,
          render: (endpoint) => ({
            status: 200,
            body: JSON.stringify(success('Webhook endpoint created', endpointView(endpoint))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/profile/webhook-endpoints',
    {
      schema: {
        tags,
        security,
        summary: 'List webhook endpoints, most recent first',
        querystring: PaginationQuery,
        response: { 200: ListOf(EndpointView), ...COMMON_ERRORS },
      },
    },
    async (req) =>
      list(
        'Webhook endpoints fetched',
        await pageOfEndpoints(deps, callerOf(req).merchantId, req.query),
        endpointView,
      ),
  );

  app.put(
    '/profile/webhook-endpoints/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Update a webhook endpoint; fields sent replace the stored ones',
        params: IdParams,
        body: EndpointUpdate,
        response: { 200: Success(EndpointView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const updated = await updateEndpoint(deps, callerOf(req).merchantId, req.params.id, toPatch(req.body));
      return updated.ok
        ? success('Webhook endpoint updated', endpointView(updated.value))
        : reply.fail(updated.error);
    },
  );

  app.delete(
    '/profile/webhook-endpoints/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a webhook endpoint: it receives nothing more, and its pending deliveries fail',
        params: IdParams,
        response: { 200: Success(EndpointView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const deleted = await deleteEndpoint(deps, callerOf(req).merchantId, req.params.id);
      return deleted.ok
        ? success('Webhook endpoint deleted', endpointView(deleted.value))
        : reply.fail(deleted.error);
    },
  );
}
