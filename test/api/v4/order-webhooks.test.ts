/** The `order.authorization` webhook: sent when an order's funds are held, in each dialect's body. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard } from '../../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { startReceiver, type Receiver } from '../../support/receiver.js';
import { addEndpoint } from '../../support/webhooks.js';
import { uniqueRef } from '../../support/v3.js';

let gw: TestGateway;
let m: TestMerchant;
let receiver: Receiver;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Webhook Hotel');
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await gw.close();
});

describe('order.authorization', () => {
  it('is delivered in the v4 body with the order authorized, and to a v3 endpoint as an envelope', async () => {
    await addEndpoint(gw, m, `${receiver.url}/v4`);
    await addEndpoint(gw, m, `${receiver.url}/v3`, { dialect: 'v3' });
    const res = await gw.app.inject({
      method: 'POST',
      url: '/orchestration/direct-orders',
      headers: m.headers,
      payload: {
        amount: 120,
        currency: 'NGN',
        reference: uniqueRef('ordwh'),
        customer: { email: 'guest@example.com' },
        payment_method: {
          type: 'card',
          card: encryptCard(m.credentials.v4.encryption_key, {
            number: CARDS.visa,
            cvv: CVVS.visa,
          }),
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json().data;
    await gw.runJobs();
    const hits = await receiver.waitFor(2);
    const v4 = hits.find((h) => h.path.endsWith('/v4'));
    const v3 = hits.find((h) => h.path.endsWith('/v3'));
    expect(JSON.parse(v4?.body ?? '{}')).toMatchObject({
      type: 'order.authorization',
      data: { id, status: 'authorized', amount: 120, customer: { email: 'guest@example.com' } },
    });
    expect(JSON.parse(v3?.body ?? '{}')).toMatchObject({
      event: 'order.authorization',
      data: { status: 'pending', amount: 120 },
    });
  });
});
