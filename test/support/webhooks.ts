/** What webhook tests share: an endpoint for a merchant, and a charge that completes at once. */
import { expect } from 'vitest';
import { seal } from '../../src/crypto/sealed.js';
import { newId } from '../../src/domain/ids.js';
import type { WebhookEndpoint } from '../../src/domain/webhooks.js';
import { writeAll } from '../../src/store/statement.js';
import { endpointInsert } from '../../src/store/webhook-endpoints.js';
import { CARDS, CVVS, encryptCard } from './cards.js';
import type { TestGateway, TestMerchant } from './gateway.js';
import { uniqueRef } from './v3.js';

/** The secret of the v4 endpoints `addEndpoint` makes. */
export const ENDPOINT_SECRET = 'whsec-test-0123456789abcdefghijklmnopqrstuv';

export type EndpointOptions = Partial<Pick<WebhookEndpoint, 'dialect' | 'mode' | 'eventTypes' | 'status'>>;

/** A live endpoint of the merchant at `url` (v4 with ENDPOINT_SECRET unless `dialect: 'v3'`). */
export async function addEndpoint(
  gw: TestGateway,
  m: TestMerchant,
  url: string,
  options: EndpointOptions = {},
): Promise<WebhookEndpoint> {
  const now = gw.clock.now();
  const dialect = options.dialect ?? 'v4';
  const endpoint: WebhookEndpoint = {
    id: newId('webhookEndpoint'),
    merchantId: m.credentials.merchant_id,
    dialect,
    url,
    status: options.status ?? 'enabled',
    mode: options.mode ?? (dialect === 'v4' ? 'hmac' : 'envelope'),
    ...(options.eventTypes && { eventTypes: options.eventTypes }),
    meta: {},
    createdAt: now,
    updatedAt: now,
  };
  await writeAll(gw.deps.db, [
    endpointInsert(endpoint, dialect === 'v4' ? seal(gw.keys.sealKey, ENDPOINT_SECRET) : undefined),
  ]);
  return endpoint;
}

/** A v4 card charge that succeeds at once (no scenario: noauth), or fails with `issuer`. */
export async function chargeV4(gw: TestGateway, m: TestMerchant, issuer?: string) {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/orchestration/direct-charges',
    headers: { ...m.headers, ...(issuer ? { 'x-scenario-key': `issuer:${issuer}` } : {}) },
    payload: {
      amount: 1500,
      currency: 'NGN',
      reference: uniqueRef('wh'),
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
  return res.json<{ data: { id: string; reference: string; status: string } }>().data;
}
