import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileAll } from '../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant();
});
afterAll(() => gw.close());

describe('GET /health', () => {
  it('answers 200 when the store is reachable, without authentication', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', store: 'up', store_kind: 'pglite' });
  });
});

describe('GET /metrics', () => {
  it('counts requests by route pattern and status and records latency histograms', async () => {
    await gw.app.inject({ method: 'GET', url: '/customers/cus_0000000000', headers: m.headers });
    await gw.app.inject({ method: 'GET', url: '/customers', headers: m.headers });
    await gw.app.inject({ method: 'GET', url: '/definitely/not/here' });
    const res = await gw.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain(
      'baobab_http_requests_total{method="GET",route="/customers/:id",status_code="404"} 1',
    );
    expect(text).toContain('baobab_http_requests_total{method="GET",route="/customers",status_code="200"} 1');
    expect(text).toContain('baobab_http_requests_total{method="GET",route="unmatched",status_code="404"} 1');
    expect(text).toMatch(
      /baobab_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/customers"/,
    );
    expect(text).toContain('# TYPE baobab_charge_outcomes_total counter');
  });

  it('counts charge outcomes reported by flows', async () => {
    gw.deps.telemetry.chargeCompleted({ paymentMethod: 'card', status: 'succeeded', channel: 'v4' });
    const text = (await gw.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain(
      'baobab_charge_outcomes_total{payment_method="card",status="succeeded",channel="v4"} 1',
    );
  });
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document generated from the route schemas', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    // The v4 aliases under /developersandbox and /v4 answer but stay out of the document.
    expect(Object.keys(doc.paths as object).filter((p) => /^\/(developersandbox|v4)\//.test(p))).toEqual([]);
    expect(Object.keys(doc.paths as object).sort()).toEqual(
      [
        '/banks',
        '/customers',
        '/customers/search',
        '/customers/{id}',
        '/health',
        '/metrics',
        '/mobile-networks',
        '/oauth/token',
        '/realms/flutterwave/protocol/openid-connect/token',
        '/payment-methods',
        '/payment-methods/{id}',
        '/charges',
        '/charges/{id}',
        '/orchestration/direct-charges',
        '/redirect-sessions/charges',
        '/v3/charges',
        '/v3/validate-charge',
        '/v3/transactions/{id}/verify',
        '/v3/transactions/verify_by_reference',
        '/v3/transactions',
        '/v3/transactions/fee',
        '/v3/transactions/{id}/events',
        '/v3/transactions/{id}/resend-hook',
        '/v3/transactions/{id}/refund',
        '/v3/refunds',
        '/v3/refunds/{id}',
        '/v3/charges/{flw_ref}/capture',
        '/v3/charges/{flw_ref}/void',
        '/v3/charges/{flw_ref}/refund',
        '/v3/tokenized-charges',
        '/v3/bulk-tokenized-charges',
        '/v3/bulk-tokenized-charges/{id}',
        '/v3/bulk-tokenized-charges/{id}/transactions',
        '/v3/tokens/{token}',
        '/v3/banks/{country}',
        '/sandbox/charges/{id}/approve',
        '/sandbox/charges/{id}/decline',
        '/v3/sandbox/charges/{id}/approve',
        '/v3/sandbox/charges/{id}/decline',
        '/sandbox/faults',
        '/v3/sandbox/faults',
        '/sandbox/clock',
        '/sandbox/clock/freeze',
        '/sandbox/clock/unfreeze',
        '/sandbox/clock/advance',
        '/v3/sandbox/clock',
        '/v3/sandbox/clock/freeze',
        '/v3/sandbox/clock/unfreeze',
        '/v3/sandbox/clock/advance',
        '/virtual-accounts',
        '/virtual-accounts/{id}',
        '/events',
        '/events/{id}',
        '/events/{id}/resend',
        '/profile/webhook-endpoints',
        '/profile/webhook-endpoints/{id}',
        '/sandbox/webhook-endpoints/{id}/faults',
        '/v3/sandbox/webhook/faults',
        '/sandbox/virtual-accounts/{id}/transfers',
        '/v3/sandbox/transfers',
        '/checkout/sessions',
        '/checkout/sessions/{id}',
        '/v3/payments',
        '/v3/inline/sessions',
        '/sandbox/events/stream',
        '/v3/sandbox/events/stream',
        '/banks/account-resolve',
        '/banks/{id}/branches',
        '/direct-transfers',
        '/sandbox/payouts/{id}/{action}',
        '/sandbox/wallets/top-up',
        '/transfers',
        '/transfers/rates',
        '/transfers/rates/{id}',
        '/transfers/recipients',
        '/transfers/recipients/{id}',
        '/transfers/senders',
        '/transfers/senders/{id}',
        '/transfers/{id}',
        '/transfers/{id}/retries',
        '/wallets/account-resolve',
        '/wallets/balances',
        '/wallets/balances/{currency}',
        '/wallets/statement',
        '/refunds',
        '/refunds/{id}',
        '/sandbox/refunds/{id}/approve',
        '/sandbox/refunds/{id}/decline',
        '/fees',
        '/orders',
        '/orders/{id}',
        '/orchestration/direct-orders',
        '/chargebacks',
        '/chargebacks/{id}',
        '/sandbox/chargebacks/{id}/resolve',
        '/v3/chargebacks',
        '/v3/chargebacks/{id}',
        '/v3/sandbox/chargebacks',
        '/v3/sandbox/chargebacks/{id}/resolve',
        '/settlements',
        '/settlements/{id}',
        '/sandbox/settlements',
        '/sandbox/reset',
        '/v3/settlements',
        '/v3/settlements/{id}',
        '/v3/sandbox/settlements',
        '/v3/sandbox/reset',
        '/v3/accounts/resolve',
        '/v3/balances',
        '/v3/balances/{currency}',
        '/v3/beneficiaries',
        '/v3/beneficiaries/{id}',
        '/v3/bulk-transfers',
        '/v3/bulk-transfers/{id}',
        '/v3/sandbox/payouts/{id}/{action}',
        '/v3/transfers',
        '/v3/transfers/fee',
        '/v3/transfers/rates',
        '/v3/transfers/{id}',
        '/v3/transfers/{id}/retries',
      ].sort(),
    );
    const create = doc.paths['/customers'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['email']);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '409']));
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('the operations fixture', () => {
  it('compiles every request and response schema of the official v4 API', () => {
    expect(compileAll()).toBeGreaterThan(250);
  });
});
