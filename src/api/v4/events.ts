/**
 * Baobab's events API (v4 token): what the merchant was told, and how each telling went — every
 * event with its deliveries and each delivery's attempts (time, status code, latency, the receiver's
 * answer, the error) — and a resend, v4's counterpart of v3's `resend-hook`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { pick } from '../../domain/customer.js';
import { EVENT_TYPES } from '../../domain/webhooks.js';
import type { Deps } from '../../flows/deps.js';
import {
  getEvent,
  pageOfEvents,
  resendEvent,
  v4PayloadOf,
  type EventWithDeliveries,
} from '../../flows/webhooks/events.js';
import { renderWebhook } from '../webhook-bodies.js';
import { bodyOptional } from '../http/validation.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { IdParams } from './schemas.js';
import { StringEnum } from '../http/fields.js';

const DateTime = Type.String({ format: 'date-time' });

const AttemptView = Type.Object({
  attempt: Type.Integer(),
  started_datetime: DateTime,
  finished_datetime: Type.Optional(DateTime),
  duration_ms: Type.Optional(Type.Integer()),
  status_code: Type.Optional(Type.Integer()),
  response_excerpt: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  /** Sandbox webhook faults injected into the attempt (docs/sandbox.md "Webhook faults"). */
  injected: Type.Optional(Type.String()),
});

const DeliveryView = Type.Object({
  id: Type.String(),
  endpoint_id: Type.String(),
  url: Type.String(),
  cause: StringEnum(['event', 'resend'] as const),
  status: StringEnum(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  next_attempt_datetime: Type.Optional(DateTime),
  last_status_code: Type.Optional(Type.Integer()),
  created_datetime: DateTime,
  attempt_log: Type.Array(AttemptView),
});

const EventView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  charge_id: Type.Optional(Type.String()),
  created_datetime: DateTime,
  deliveries: Type.Array(DeliveryView),
  /** The body a v4 endpoint receives (single-event reads only). */
  payload: Type.Optional(Type.Unknown()),
});
type EventView = Static<typeof EventView>;

const EventListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    type: Type.Optional(StringEnum(EVENT_TYPES)),
    charge_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
  }),
]);

const ResendBody = Type.Object({ endpoint_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) });

const iso = (d: Date | undefined) => d?.toISOString();

function eventView({ event, deliveries }: EventWithDeliveries, payload?: unknown): EventView {
  return {
    id: event.id,
    type: event.type,
    ...pick('charge_id', event.chargeId ?? undefined),
    created_datetime: event.createdAt.toISOString(),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      endpoint_id: d.endpointId,
      url: d.url,
      cause: d.cause,
      status: d.status,
      attempts: d.attempts,
      ...pick('next_attempt_datetime', d.status === 'pending' ? iso(d.nextAttemptAt) : undefined),
      ...pick('last_status_code', d.lastStatusCode),
      created_datetime: d.createdAt.toISOString(),
      attempt_log: d.attemptLog.map((a) => ({
        attempt: a.attempt,
        started_datetime: a.startedAt.toISOString(),
        ...pick('finished_datetime', iso(a.finishedAt)),
        ...pick('duration_ms', a.durationMs),
        ...pick('status_code', a.statusCode),
        ...pick('response_excerpt', a.responseExcerpt),
        ...pick('error', a.error),
        ...pick('injected', a.injected),
      })),
    })),
    ...(payload !== undefined && { payload }),
  };
}

export function eventRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Events and webhook deliveries (Baobab)'];
  const security = [{ bearer: [] }];

  app.get(
    '/events',
    {
      schema: {
        tags,
        security,
        summary: "List the merchant's events, most recent first, each with its deliveries and attempts",
        querystring: EventListQuery,
        response: { 200: ListOf(EventView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await pageOfEvents(
        deps,
        callerOf(req).merchantId,
        {
          ...pick('type', q.type),
          ...pick('chargeId', q.charge_id),
          ...pick('from', q.from === undefined ? undefined : new Date(q.from)),
          ...pick('to', q.to === undefined ? undefined : new Date(q.to)),
        },
        { page: q.page, size: q.size },
      );
      return list('Events fetched', page, (e) => eventView(e));
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch an event: the body sent, every delivery and every attempt',
        params: IdParams,
        response: { 200: Success(EventView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getEvent(deps, callerOf(req).merchantId, req.params.id);
      if (!found.ok) return reply.fail(found.error);
      const payload = await v4PayloadOf(deps, found.value.event, renderWebhook);
      return success('Event fetched', eventView(found.value, payload));
    },
  );

  app.post(
    '/events/:id/resend',
    {
      schema: {
        tags,
        security,
        summary: 'Deliver an event again, to every endpoint subscribed to it or to one',
        description:
          'Each endpoint gets a new delivery with its own attempts, carrying the same webhook-id as before.',
        params: IdParams,
        body: ResendBody,
        response: { 200: Success(EventView), ...COMMON_ERRORS },
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const endpointId = req.body.endpoint_id;
      const resent = await resendEvent(deps, callerOf(req).merchantId, req.params.id, endpointId);
      return resent.ok ? success('Event resent', eventView(resent.value)) : reply.fail(resent.error);
    },
  );
}
