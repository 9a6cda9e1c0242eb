/**
 * Baobab's events API: a merchant's events with each delivery and attempt, and resending one — as a
 * merchant debugging their receiver uses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { startReceiver, type Receiver } from '../../support/receiver.js';
import { addEndpoint, chargeV4 } from '../../support/webhooks.js';

let gw: TestGateway;
let m: TestMerchant;
let other: TestMerchant;
let receiver: Receiver;
let endpointId: string;

interface AttemptView {
  attempt: number;
  status_code?: number;
  error?: string;
  duration_ms?: number;
}
interface DeliveryView {
  id: string;
  endpoint_id: string;
  url: string;
  cause: string;
  status: string;
  attempts: number;
  next_attempt_datetime?: string;
  attempt_log: AttemptView[];
}
interface EventView {
  id: string;
  type: string;
  charge_id?: string;
  deliveries: DeliveryView[];
  payload?: Record<string, unknown>;
}

beforeAll(async () => {
  gw = await startGateway(undefined, { webhookRetrySchedule: [60_000] });
  m = await gw.merchant('Events Foods');
  other = await gw.merchant('Other Foods');
  receiver = await startReceiver();
  endpointId = (await addEndpoint(gw, m, receiver.url)).id;
});
afterAll(async () => {
  await receiver.close();
  await gw.close();
});

const get = (url: string, who: TestMerchant = m) =>
  gw.app.inject({ method: 'GET', url, headers: who.headers });
const resend = (id: string, payload?: object, who: TestMerchant = m) =>
  gw.app.inject({
    method: 'POST',
    url: `/events/${id}/resend`,
    headers: who.headers,
    ...(payload ? { payload } : {}),
  });

describe('GET /events', () => {
  it("lists the merchant's events, most recent first, each with its deliveries and attempts", async () => {
    receiver.answer((n) => (n === 0 ? 503 : 200));
    const failed = await chargeV4(gw, m, 'insufficient_funds');
    const ok = await chargeV4(gw, m);
    await gw.runJobs();

    const res = await get('/events?size=10');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ data: EventView[]; meta: { page_info: { total: number } } }>();
    expect(body.meta.page_info.total).toBe(2);
    expect(body.data.map((e) => e.charge_id)).toEqual([ok.id, failed.id]);
    const byCharge = new Map(body.data.map((e) => [e.charge_id, e]));
    // The first request the receiver saw got a 503: that delivery waits for its retry.
    const first = receiver.received[0]?.headers['webhook-id'];
    const [retried, delivered] =
      first === byCharge.get(failed.id)?.id
        ? [byCharge.get(failed.id), byCharge.get(ok.id)]
        : [byCharge.get(ok.id), byCharge.get(failed.id)];
    expect(retried?.deliveries).toMatchObject([
      {
        endpoint_id: endpointId,
        url: receiver.url,
        cause: 'event',
        status: 'pending',
        attempts: 1,
        attempt_log: [{ attempt: 1, status_code: 503, error: 'the receiver answered 503, not 2xx' }],
      },
    ]);
    expect(retried?.deliveries[0]?.next_attempt_datetime).toBe(
      new Date(gw.clock.now().getTime() + 60_000).toISOString(),
    );
    expect(delivered?.deliveries).toMatchObject([
      { status: 'delivered', attempts: 1, attempt_log: [{ attempt: 1, status_code: 200 }] },
    ]);
    expect(delivered?.deliveries[0]).not.toHaveProperty('next_attempt_datetime');
    expect(typeof delivered?.deliveries[0]?.attempt_log[0]?.duration_ms).toBe('number');
    expect(body.data[0]).not.toHaveProperty('payload');
  });

  it('filters by type and charge, and validates the filters', async () => {
    const charge = await chargeV4(gw, m);
    const byCharge = await get(`/events?charge_id=${charge.id}`);
    expect(byCharge.json<{ data: EventView[] }>().data.map((e) => e.charge_id)).toEqual([charge.id]);
    const refunds = await get('/events?type=refund.completed');
    expect(refunds.json<{ data: EventView[] }>().data).toEqual([]);

    const bad = await get('/events?type=charge.created&from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<{ error: { validation_errors: { field_name: string }[] } }>()
        .error.validation_errors.map((e) => e.field_name),
    ).toEqual(expect.arrayContaining(['type', 'from']));
  });

  it("shows a merchant none of another merchant's events", async () => {
    const res = await get('/events', other);
    expect(res.json<{ data: EventView[] }>().data).toEqual([]);
  });
});

describe('GET /events/{id}', () => {
  it('shows the body a v4 endpoint receives', async () => {
    const charge = await chargeV4(gw, m);
    const [event] = (await get(`/events?charge_id=${charge.id}`)).json<{ data: EventView[] }>().data;
    const res = await get(`/events/${event?.id ?? ''}`);
    expect(res.statusCode).toBe(200);
    const data = res.json<{ data: EventView }>().data;
    expect(data.payload).toMatchObject({
      webhook_id: event?.id,
      type: 'charge.completed',
      data: { id: charge.id, status: 'succeeded', customer: { email: 'ada@example.com' } },
    });
  });

  // Another merchant's event is 404 too: test/security/tenancy.test.ts.
  it('is 404 for an unknown event', async () => {
    const unknown = await get('/events/wbk_00000000000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 'failed', error: { type: 'RESOURCE_NOT_FOUND' } });
  });
});

describe('POST /events/{id}/resend', () => {
  it('delivers the event again, with the same webhook-id, as a new delivery', async () => {
    receiver.answer(() => 200);
    const charge = await chargeV4(gw, m);
    await gw.runJobs();
    const [event] = (await get(`/events?charge_id=${charge.id}`)).json<{ data: EventView[] }>().data;
    const before = receiver.received.length;

    const res = await resend(event?.id ?? '');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ data: EventView }>().data.deliveries.map((d) => [d.cause, d.status])).toEqual([
      ['event', 'delivered'],
      ['resend', 'pending'],
    ]);
    await gw.runJobs();
    expect(receiver.received).toHaveLength(before + 1);
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(event?.id);
    const after = (await get(`/events/${event?.id ?? ''}`)).json<{ data: EventView }>().data;
    expect(after.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('to one endpoint only, which must be a live subscriber', async () => {
    const second = await startReceiver();
    try {
      const secondId = (await addEndpoint(gw, m, second.url)).id;
      const charge = await chargeV4(gw, m);
      await gw.runJobs();
      const [event] = (await get(`/events?charge_id=${charge.id}`)).json<{ data: EventView[] }>().data;
      const res = await resend(event?.id ?? '', { endpoint_id: secondId });
      expect(res.statusCode).toBe(200);
      expect(
        res
          .json<{ data: EventView }>()
          .data.deliveries.filter((d) => d.cause === 'resend')
          .map((d) => d.endpoint_id),
      ).toEqual([secondId]);

      const nobody = await resend(event?.id ?? '', { endpoint_id: 'whe_0000000000' });
      expect(nobody.statusCode).toBe(404);
      const invalid = await resend(event?.id ?? '', { endpoint_id: 42 });
      expect(invalid.statusCode).toBe(400);
    } finally {
      await second.close();
    }
  });
});
