/**
 * An endpoint's sandbox webhook faults through the API: v4 GET/PUT /sandbox/webhook-endpoints/{id}/faults
 * and v3 GET/PUT /v3/sandbox/webhook/faults — what they answer, what they refuse (400 naming the
 * field), that another merchant's endpoint is not found (404), and a v3 bad signature failing the
 * receiver's verif-hash check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySecretHash, verifyWebhook } from '../../src/sdk/webhooks.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { uniqueRef, v3Headers } from '../support/v3.js';
import { chargeWithKey, createEndpoint, onlyDelivery, putFaults } from '../support/webhook-faults.js';
import { addEndpoint } from '../support/webhooks.js';

let gw: TestGateway;
let m: TestMerchant;
let other: TestMerchant;
let receiver: Receiver;
let endpointId: string;

const NONE = { drop: false, duplicate: false, out_of_order: false, bad_signature: false, slow: false };

beforeAll(async () => {
  gw = await startGateway(undefined, { webhookRetrySchedule: [1_000], webhookTimeoutMs: 2_000 });
  m = await gw.merchant('Settings Foods');
  other = await gw.merchant('Other Foods');
  receiver = await startReceiver();
  endpointId = await createEndpoint(gw, m, receiver.url);
});
afterAll(async () => {
  await receiver.close();
  await gw.close();
});

const getFaults = (id: string, who: TestMerchant = m) =>
  gw.app.inject({ method: 'GET', url: `/sandbox/webhook-endpoints/${id}/faults`, headers: who.headers });

describe('v4 /sandbox/webhook-endpoints/{id}/faults', () => {
  it('answers none at first, then what PUT set; PUT replaces the whole setting', async () => {
    const first = await getFaults(endpointId);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({
      status: 'success',
      message: 'Webhook faults fetched',
      data: { endpoint_id: endpointId, ...NONE },
    });
    const set = await putFaults(gw, m, endpointId, { delay_seconds: 45, slow: true, bad_signature: false });
    expect(set.statusCode).toBe(200);
    expect(set.json().data).toEqual({ endpoint_id: endpointId, ...NONE, delay_seconds: 45, slow: true });
    expect((await getFaults(endpointId)).json().data).toEqual(set.json().data);
    const replaced = await putFaults(gw, m, endpointId, { drop: true });
    expect(replaced.json().data).toEqual({ endpoint_id: endpointId, ...NONE, drop: true });
    expect((await putFaults(gw, m, endpointId, {})).json().data).toEqual({
      endpoint_id: endpointId,
      ...NONE,
    });
  });

  it.each([
    [{ delay_seconds: 0 }, 'delay_seconds'],
    [{ delay_seconds: 86_401 }, 'delay_seconds'],
    [{ delay_seconds: 1.5 }, 'delay_seconds'],
    [{ drop: 'yes' }, 'drop'],
    [{ slow: 1 }, 'slow'],
    [{ lost: true }, 'lost'],
  ])('refuses %j with a 400 naming %s', async (payload, field) => {
    const res = await putFaults(gw, m, endpointId, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().status).toBe('failed');
    const fields = (res.json().error.validation_errors as { field_name: string }[]).map((e) => e.field_name);
    expect(fields).toContain(field);
  });

  it('another merchant cannot read or set faults on this endpoint: 404, and nothing changes', async () => {
    await putFaults(gw, m, endpointId, { duplicate: true });
    for (const res of [
      await getFaults(endpointId, other),
      await putFaults(gw, other, endpointId, { drop: true }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({
        status: 'failed',
        error: { code: '1601404', type: 'WEBHOOK_ENDPOINT_NOT_FOUND' },
      });
    }
    expect((await getFaults(endpointId)).json().data).toMatchObject({ duplicate: true, drop: false });
    expect((await getFaults('we_doesnotexist')).statusCode).toBe(404);
    await putFaults(gw, m, endpointId, {});
  });

  it('a deleted endpoint has no faults to set', async () => {
    const id = await createEndpoint(gw, m, receiver.url);
    const del = await gw.app.inject({
      method: 'DELETE',
      url: `/profile/webhook-endpoints/${id}`,
      headers: m.headers,
    });
    expect(del.statusCode).toBe(200);
    expect((await putFaults(gw, m, id, { drop: true })).statusCode).toBe(404);
  });

  it('GET /events/{id} shows what was injected into each attempt', async () => {
    await putFaults(gw, m, endpointId, { duplicate: true });
    const charge = await chargeWithKey(gw, m);
    await gw.runJobs();
    await receiver.waitFor(2);
    const { event } = await onlyDelivery(gw, m, charge.id);
    const res = await gw.app.inject({ method: 'GET', url: `/events/${event.id}`, headers: m.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.deliveries[0].attempt_log[0]).toMatchObject({ attempt: 1, injected: 'duplicate' });
    await putFaults(gw, m, endpointId, {});
  });
});

describe('v3 /v3/sandbox/webhook/faults', () => {
  const v3Put = (who: TestMerchant, payload: object) =>
    gw.app.inject({ method: 'PUT', url: '/v3/sandbox/webhook/faults', headers: v3Headers(who), payload });

  it('404 in the v3 envelope while the merchant has no v3 endpoint', async () => {
    const res = await v3Put(other, { drop: true });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ status: 'error', data: null });
    const get = await gw.app.inject({
      method: 'GET',
      url: '/v3/sandbox/webhook/faults',
      headers: v3Headers(other),
    });
    expect(get.statusCode).toBe(404);
  });

  it('400 naming the field, in the v3 envelope', async () => {
    const res = await v3Put(m, { delay_seconds: -1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().status).toBe('error');
    expect(JSON.stringify(res.json())).toContain('delay_seconds');
  });

  it('bad_signature: the first message fails the verif-hash compare, the retry passes', async () => {
    const v3m = await gw.merchant('V3 Foods');
    const v3Receiver = await startReceiver();
    try {
      const endpoint = await addEndpoint(gw, v3m, v3Receiver.url, { dialect: 'v3' });
      const set = await v3Put(v3m, { bad_signature: true });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toEqual({
        status: 'success',
        message: 'Webhook faults updated',
        data: { endpoint_id: endpoint.id, ...NONE, bad_signature: true },
      });
      const hash = v3m.credentials.webhook_secret_hash;
      v3Receiver.answer((n) =>
        verifySecretHash(v3Receiver.received[n]?.headers['verif-hash'] as string, hash) ? 200 : 401,
      );
      const charge = await chargeWithKey(gw, v3m);
      await gw.runJobs();
      const [bad] = await v3Receiver.waitFor(1);
      expect(verifySecretHash(bad?.headers['verif-hash'] as string, hash)).toBe(false);
      expect(bad && verifyWebhook(bad.body, bad.headers, hash, { now: gw.clock.now() }).ok).toBe(false);
      gw.clock.advance(1_000);
      await gw.runJobs();
      const [, good] = await v3Receiver.waitFor(2);
      expect(verifySecretHash(good?.headers['verif-hash'] as string, hash)).toBe(true);
      const { delivery } = await onlyDelivery(gw, v3m, charge.id);
      expect(delivery.attempt_log.map((a) => [a.status_code, a.injected])).toEqual([
        [401, 'bad_signature'],
        [200, undefined],
      ]);
    } finally {
      await v3Receiver.close();
    }
  });

  it('per event, from a v3 charge: X-Scenario-Key webhook:duplicate sends its v3 message twice, same id', async () => {
    const v3m = await gw.merchant('V3 Duplicate Foods');
    const v3Receiver = await startReceiver();
    try {
      await addEndpoint(gw, v3m, v3Receiver.url, { dialect: 'v3' });
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=mpesa',
        headers: { ...v3Headers(v3m), 'x-scenario-key': 'webhook:duplicate' },
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
      const txId = String(res.json<{ data: { id: number } }>().data.id);
      const approve = await gw.app.inject({
        method: 'POST',
        url: `/v3/sandbox/charges/${txId}/approve`,
        headers: v3Headers(v3m),
      });
      expect(approve.statusCode).toBe(200);
      await gw.runJobs();
      const hits = await v3Receiver.waitFor(2);
      expect(hits).toHaveLength(2);
      expect(hits[0]?.headers['webhook-id']).toBe(hits[1]?.headers['webhook-id']);
      expect(hits[0]?.body).toBe(hits[1]?.body);
      expect(JSON.parse(hits[0]?.body ?? '{}')).toMatchObject({
        event: 'charge.completed',
        data: { id: Number(txId) },
      });
      expect(
        verifySecretHash(hits[1]?.headers['verif-hash'] as string, v3m.credentials.webhook_secret_hash),
      ).toBe(true);
    } finally {
      await v3Receiver.close();
    }
  });
});
