/**
 * Webhook delivery from the job queue to a real HTTP receiver on a loopback port: bodies and headers
 * in both dialects, signatures a receiver can check, retries on the documented schedule, failure
 * after the last attempt, timeouts, subscriptions, and a job that runs twice sending once.
 * The test clock drives the schedule: jobs run when the test moves it.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookMode } from '../../src/domain/webhooks.js';
import { DELIVER_JOB } from '../../src/flows/webhooks/webhook-relay.js';
import { verifyWebhook } from '../../src/sdk/webhooks.js';
import { CARDS } from '../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import {
  addEndpoint,
  chargeV4 as charge,
  ENDPOINT_SECRET,
  type EndpointOptions,
} from '../support/webhooks.js';
import { uniqueRef, v3Headers } from '../support/v3.js';

const SCHEDULE = [1_000, 5_000, 30_000];
const SECRET = ENDPOINT_SECRET;

let gw: TestGateway;
let m: TestMerchant;
let receiver: Receiver;

beforeAll(async () => {
  gw = await startGateway(undefined, { webhookRetrySchedule: SCHEDULE, webhookTimeoutMs: 500 });
});
afterAll(async () => {
  await gw.close();
});
afterEach(async () => {
  await receiver.close();
});

async function setUp(endpoint: EndpointOptions = {}, receiverPort?: number) {
  m = await gw.merchant('Webhook Foods');
  receiver = await startReceiver(receiverPort);
  return addEndpoint(gw, m, receiver.url, endpoint);
}

const chargeV4 = (issuer?: string) => charge(gw, m, issuer);

type AttemptRow = {
  attempt: number;
  started_at: Date;
  status_code: number | null;
  error: string | null;
  finished_at: Date | null;
};

async function deliveryOf(eventId: string) {
  const { rows } = await gw.deps.db.query<{ id: string; status: string; attempts: number }>(
    'SELECT id, status, attempts FROM webhook_deliveries WHERE event_id = $1',
    [eventId],
  );
  expect(rows).toHaveLength(1);
  const delivery = rows[0] as { id: string; status: string; attempts: number };
  const attempts = await gw.deps.db.query<AttemptRow>(
    'SELECT attempt, started_at, status_code, error, finished_at FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt',
    [delivery.id],
  );
  return { ...delivery, log: attempts.rows };
}

const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

describe('v4 format', () => {
  it('POSTs {webhook_id, timestamp, type, data} signed with the endpoint secret; the receiver helper accepts it', async () => {
    await setUp();
    const charge = await chargeV4();
    expect(await gw.runJobs()).toBe(1);
    const [hit] = await receiver.waitFor(1);
    if (!hit) throw new Error('no delivery');

    const body = json(hit.body);
    expect(body).toMatchObject({ type: 'charge.completed', timestamp: gw.clock.now().getTime() });
    expect(body['webhook_id']).toMatch(/^wbk_[0-9A-Za-z]{20}$/);
    expect(body['data']).toMatchObject({
      id: charge.id,
      amount: 1500,
      currency: 'NGN',
      reference: charge.reference,
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
      customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' }, phone: null, address: null },
      payment_method: { type: 'card', card: { first6: '553188', last4: '2950', network: 'MASTERCARD' } },
      description: null,
      redirect_url: null,
    });
    expect(body['data']).not.toHaveProperty('customer_id');
    expect(body['data']).not.toHaveProperty('fees');
    expect(hit.body).not.toContain(CARDS.mastercard);

    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['flutterwave-signature']).toBe(
      createHmac('sha256', SECRET).update(hit.body).digest('base64'),
    );
    expect(hit.headers['webhook-id']).toBe(body['webhook_id']);
    expect(hit.headers['webhook-timestamp']).toBe(String(Math.floor(gw.clock.now().getTime() / 1000)));
    expect(verifyWebhook(hit.body, hit.headers, SECRET, { now: gw.clock.now() })).toEqual({ ok: true });
    expect(verifyWebhook(hit.body, hit.headers, `${SECRET}x`, { now: gw.clock.now() })).toMatchObject({
      ok: false,
    });

    const delivery = await deliveryOf(String(body['webhook_id']));
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(delivery.log).toMatchObject([{ attempt: 1, status_code: 200, error: null }]);
  });

  it('tells a failed charge too, with its processor response', async () => {
    await setUp();
    await chargeV4('insufficient_funds');
    await gw.runJobs();
    const [hit] = await receiver.waitFor(1);
    expect(json(hit?.body ?? '{}')['data']).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
  });

  it('in plain mode sends the secret itself as flutterwave-signature', async () => {
    await setUp({ mode: 'plain' as WebhookMode });
    await chargeV4();
    await gw.runJobs();
    const [hit] = await receiver.waitFor(1);
    expect(hit?.headers['flutterwave-signature']).toBe(SECRET);
    expect(verifyWebhook(hit?.body ?? '', hit?.headers ?? {}, SECRET, { now: gw.clock.now() })).toEqual({
      ok: true,
    });
  });

  it('a replayed delivery is rejected by the receiver helper once its timestamp is old', async () => {
    await setUp();
    await chargeV4();
    await gw.runJobs();
    const [hit] = await receiver.waitFor(1);
    if (!hit) throw new Error('no delivery');
    const later = new Date(gw.clock.now().getTime() + 6 * 60_000);
    expect(verifyWebhook(hit.body, hit.headers, SECRET, { now: later })).toEqual({
      ok: false,
      reason: 'too_old',
    });
    // A replay with a fresh timestamp but the old signature does not verify either.
    const forged = { ...hit.headers, 'webhook-timestamp': String(Math.floor(later.getTime() / 1000)) };
    expect(verifyWebhook(hit.body, forged, SECRET, { now: later })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('an endpoint subscribed to other types gets nothing; a disabled one gets nothing', async () => {
    await setUp({ eventTypes: ['refund.completed'] });
    await chargeV4();
    await setUp({ status: 'disabled' });
    await chargeV4();
    await gw.runJobs();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(0);
  });
});

describe('v3 format', () => {
  async function chargeV3() {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=mpesa',
      headers: v3Headers(m),
      payload: {
        tx_ref: uniqueRef('ke'),
        amount: 100,
        currency: 'KES',
        email: 'wanjiru@example.com',
        phone_number: '25454709929220',
        fullname: 'Wanjiru Kamau',
      },
    });
    expect(res.statusCode).toBe(200);
    const { rows } = await gw.deps.db.query<{ id: string; tx_id: string }>(
      'SELECT id, tx_id FROM charges WHERE merchant_id = $1 ORDER BY seq DESC LIMIT 1',
      [m.credentials.merchant_id],
    );
    const charge = rows[0] as { id: string; tx_id: string };
    const approve = await gw.app.inject({
      method: 'POST',
      url: `/v3/sandbox/charges/${charge.tx_id}/approve`,
      headers: v3Headers(m),
    });
    expect(approve.statusCode).toBe(200);
    return Number(charge.tx_id);
  }

  it('envelope: {event, data, "event.type"} with verif-hash = the secret hash', async () => {
    await setUp({ dialect: 'v3' });
    const txId = await chargeV3();
    await gw.runJobs();
    const [hit] = await receiver.waitFor(1);
    if (!hit) throw new Error('no delivery');
    const body = json(hit.body);
    expect(body).toMatchObject({
      event: 'charge.completed',
      'event.type': 'MPESA_TRANSACTION',
      data: { id: txId, status: 'successful', currency: 'KES', amount: 100, payment_type: 'mpesa' },
    });
    expect(body['data']).not.toHaveProperty('amount_settled');
    expect(body['data']).not.toHaveProperty('meta');
    expect(hit.headers['verif-hash']).toBe(m.credentials.webhook_secret_hash);
    expect(hit.headers['flutterwave-signature']).toBeUndefined();
    expect(
      verifyWebhook(hit.body, hit.headers, m.credentials.webhook_secret_hash, { now: gw.clock.now() }),
    ).toEqual({ ok: true });
  });

  it('legacy: the flat camelCase body', async () => {
    await setUp({ dialect: 'v3', mode: 'legacy' });
    const txId = await chargeV3();
    await gw.runJobs();
    const [hit] = await receiver.waitFor(1);
    const body = json(hit?.body ?? '{}');
    expect(body).toMatchObject({
      id: txId,
      status: 'successful',
      currency: 'KES',
      amount: 100,
      entity: { id: 'NO-ENTITY' },
      'event.type': 'MPESA_TRANSACTION',
      customer: { email: 'wanjiru@example.com', fullName: 'Wanjiru Kamau' },
    });
    expect(body).not.toHaveProperty('event');
    expect(body).not.toHaveProperty('data');
  });
});

describe('retries', () => {
  /** Moves the clock, runs what is due, and answers how many requests the receiver has had. */
  const advanceAndRun = async (ms: number) => {
    gw.clock.advance(ms);
    await gw.runJobs();
    return receiver.received.length;
  };

  it('a receiver that always answers 500: attempts follow the schedule, then the delivery fails', async () => {
    await setUp();
    receiver.answer(() => 500);
    await chargeV4();
    const start = gw.clock.now().getTime();
    await gw.runJobs();
    for (const [i, delay] of SCHEDULE.entries()) {
      // Not yet due a millisecond before the delay is up.
      expect(await advanceAndRun(delay - 1)).toBe(i + 1);
      expect(await advanceAndRun(1)).toBe(i + 2);
    }
    expect(await advanceAndRun(86_400_000)).toBe(4);

    const eventId = json(receiver.received[0]?.body ?? '{}')['webhook_id'] as string;
    const delivery = await deliveryOf(eventId);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 4 });
    const offsets = delivery.log.map((a) => a.started_at.getTime() - start);
    expect(offsets).toEqual([0, 1_000, 6_000, 36_000]);
    expect(delivery.log.every((a) => a.status_code === 500)).toBe(true);
    expect(delivery.log[0]?.error).toBe('the receiver answered 500, not 2xx');
    // Every attempt of one event carries the same webhook-id: the receiver can deduplicate.
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
    const jobs = await gw.deps.db.query('SELECT 1 FROM jobs WHERE kind = $1', [DELIVER_JOB]);
    expect(jobs.rows).toHaveLength(0);
  });

  it('a receiver down for a while, then up: delivered after retries', async () => {
    // Take a free port, then leave it closed: connections are refused.
    const probe = await startReceiver();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    m = await gw.merchant('Down Foods');
    await addEndpoint(gw, m, `http://127.0.0.1:${String(port)}/webhooks`);
    receiver = await startReceiver(port);
    await receiver.close();

    await chargeV4();
    await gw.runJobs();
    gw.clock.advance(SCHEDULE[0] ?? 0);
    await gw.runJobs();
    receiver = await startReceiver(port);
    expect(await advanceAndRun(SCHEDULE[1] ?? 0)).toBe(1);
    const [hit] = receiver.received;
    const delivery = await deliveryOf(json(hit?.body ?? '{}')['webhook_id'] as string);
    expect(delivery.status).toBe('delivered');
    expect(delivery.log.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, null],
      [2, null],
      [3, 200],
    ]);
    expect(delivery.log[0]?.error).toMatch(/^request failed: .*ECONNREFUSED/);
  });

  it('a receiver slower than the time limit counts as a failure, and is retried', async () => {
    await setUp();
    receiver.delay(1_500);
    await chargeV4();
    await gw.runJobs();
    const [hit] = await receiver.waitFor(1);
    const delivery = await deliveryOf(json(hit?.body ?? '{}')['webhook_id'] as string);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery.log[0]?.error).toBe('timed out after 500 ms');
  });

  it('a delivery whose job is given up (its runs kept dying) ends failed, not pending for ever', async () => {
    await setUp();
    receiver.answer(() => 500);
    await chargeV4();
    await gw.runJobs();
    const eventId = json(receiver.received[0]?.body ?? '{}')['webhook_id'] as string;
    const { id } = await deliveryOf(eventId);
    // Its next attempt's job has been claimed and lost as often as the worker allows.
    await gw.deps.db.query(`UPDATE jobs SET attempts = 10 WHERE kind = $1 AND payload->>'deliveryId' = $2`, [
      DELIVER_JOB,
      id,
    ]);
    gw.clock.advance(SCHEDULE[0] ?? 0);
    await gw.runJobs();
    expect(receiver.received).toHaveLength(1);
    expect(await deliveryOf(eventId)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('a job that runs again after its attempt finished sends nothing more', async () => {
    await setUp();
    await chargeV4();
    await gw.runJobs();
    await receiver.waitFor(1);
    const eventId = json(receiver.received[0]?.body ?? '{}')['webhook_id'] as string;
    const { id } = await deliveryOf(eventId);
    const handler = gw.handlers[DELIVER_JOB];
    if (!handler) throw new Error('no delivery handler');
    await handler(gw.deps, { deliveryId: id, attempt: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toHaveLength(1);
  });
});
