/** What the webhook fault tests share: a v4 endpoint made through the API, charges with a scenario key. */
import { expect } from 'vitest';
import { CARDS, CVVS, encryptCard } from './cards.js';
import type { TestGateway, TestMerchant } from './gateway.js';
import { uniqueRef } from './v3.js';
import { ENDPOINT_SECRET } from './webhooks.js';

/** A v4 endpoint at `url`, added the way a merchant does (POST /profile/webhook-endpoints). */
export async function createEndpoint(gw: TestGateway, m: TestMerchant, url: string): Promise<string> {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/profile/webhook-endpoints',
    headers: { ...m.headers, 'x-idempotency-key': uniqueRef('ep') },
    payload: { url, secret: ENDPOINT_SECRET },
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ data: { id: string } }>().data.id;
}

/** Replaces a v4 endpoint's faults; answers as the API does. */
export const putFaults = (gw: TestGateway, m: TestMerchant, endpointId: string, payload: object) =>
  gw.app.inject({
    method: 'PUT',
    url: `/sandbox/webhook-endpoints/${endpointId}/faults`,
    headers: m.headers,
    payload,
  });

/** A v4 card charge that succeeds at once, with this X-Scenario-Key (none when undefined). */
export async function chargeWithKey(gw: TestGateway, m: TestMerchant, key?: string) {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/orchestration/direct-charges',
    headers: { ...m.headers, ...(key === undefined ? {} : { 'x-scenario-key': key }) },
    payload: {
      amount: 1500,
      currency: 'NGN',
      reference: uniqueRef('whf'),
      customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
      payment_method: {
        type: 'card',
        card: encryptCard(m.credentials.v4.encryption_key, {
          number: CARDS.mastercard,
          cvv: CVVS.mastercard,
        }),
      },
    },
  });
  expect(res.statusCode).toBe(201);
  const data = res.json<{ data: { id: string; status: string } }>().data;
  expect(data.status).toBe('succeeded');
  return data;
}

export interface AttemptLogEntry {
  attempt: number;
  status_code?: number;
  error?: string;
  injected?: string;
}

export interface DeliveryView {
  id: string;
  cause: 'event' | 'resend';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  attempt_log: AttemptLogEntry[];
}

export interface EventView {
  id: string;
  type: string;
  deliveries: DeliveryView[];
}

/** The merchant's events about a charge, oldest first, read through GET /events. */
export async function eventsOfCharge(gw: TestGateway, m: TestMerchant, chargeId: string) {
  const res = await gw.app.inject({
    method: 'GET',
    url: `/events?charge_id=${chargeId}&size=50`,
    headers: m.headers,
  });
  expect(res.statusCode).toBe(200);
  return res.json<{ data: EventView[] }>().data.reverse();
}

/** The single delivery of the single event of a charge. */
export async function onlyDelivery(gw: TestGateway, m: TestMerchant, chargeId: string) {
  const events = await eventsOfCharge(gw, m, chargeId);
  expect(events).toHaveLength(1);
  const event = events[0] as EventView;
  expect(event.deliveries).toHaveLength(1);
  return { event, delivery: event.deliveries[0] as DeliveryView };
}

/** The `webhook-id` of each request a receiver got. */
export const webhookIds = (received: readonly { headers: Record<string, unknown> }[]) =>
  received.map((r) => r.headers['webhook-id']);
