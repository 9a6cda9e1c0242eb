/**
 * `listen` and `trigger` in process, against a gateway served on a real port: what is forwarded and
 * printed, resuming without a gap after the gateway goes away and comes back, a refused key, and
 * what each trigger creates. The real processes are driven end to end in listen-and-trigger.test.ts.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMetrics } from '../../src/api/http/metrics.js';
import { eventFilter, listen, withScheme } from '../../src/cli/listen.js';
import { readOverrides, trigger } from '../../src/cli/trigger.js';
import { verifyWebhook } from '../../src/sdk/webhooks.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { v3Card, v3Headers } from '../support/v3.js';

let gw: TestGateway;
let receiver: Receiver;

beforeAll(async () => {
  gw = await startGateway();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await gw.close();
});

/** The gateway's HTTP app (on the test gateway's store and clock) on a real port. */
async function serve(port = 0): Promise<{ app: FastifyInstance; url: string; port: number }> {
  const app = await buildApp({
    deps: gw.deps,
    metrics: createMetrics({ processMetrics: false }).registry,
    publicUrl: 'http://baobab.test',
    bodyLimit: 256 * 1024,
  });
  const url = await app.listen({ host: '127.0.0.1', port });
  return { app, url, port: Number(new URL(url).port) };
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function charge(m: TestMerchant): Promise<string> {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: v3Headers(m),
    payload: v3Card('5061460410120223210'),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: { tx_ref: string } }>().data.tx_ref;
}

const eventsOf = async (m: TestMerchant) =>
  (
    await gw.deps.db.query<{ id: string; type: string }>(
      'SELECT id, type FROM events WHERE merchant_id = $1 ORDER BY seq',
      [m.credentials.merchant_id],
    )
  ).rows;

describe('listen', () => {
  it('forwards each event as a delivery, prints its answer, and resumes without a gap after the gateway returns', async () => {
    const m = await gw.merchant();
    let gateway = await serve();
    receiver.answer((n) => (n === 1 ? 500 : 200));
    const before = receiver.received.length;
    const out: string[] = [];
    const err: string[] = [];
    const stop = new AbortController();
    const done = listen(
      { url: gateway.url, secretKey: m.credentials.v3.secret_key },
      { forwardTo: receiver.url, format: 'v3', signal: stop.signal },
      { out: (l) => out.push(l), err: (l) => err.push(l) },
    );
    try {
      await until(() => out.length > 0, 'the ready line');
      expect(out[0]).toBe(
        `Ready. Forwarding v3 events to ${receiver.url}; signing secret ${m.credentials.webhook_secret_hash}`,
      );
      await charge(m);
      await receiver.waitFor(before + 1);

      await gateway.app.close();
      await charge(m);
      await charge(m);
      await until(() => err.length >= 2, 'a failed reconnection');
      gateway = await serve(gateway.port);
      const received = (await receiver.waitFor(before + 3)).slice(before);

      const events = await eventsOf(m);
      expect(received.map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.id));
      for (const r of received) {
        expect(
          verifyWebhook(r.body, r.headers, m.credentials.webhook_secret_hash, { now: gw.clock.now() }),
        ).toEqual({ ok: true });
        expect(JSON.parse(r.body)).toMatchObject({ event: 'charge.completed' });
      }
      await until(() => out.length === 5, 'a line per event');
      expect(out[2]).toMatch(/^\d\d:\d\d:\d\d {2}reconnected, resuming after event \d+$/);
      expect([out[1], out[3], out[4]]).toEqual(
        events.map((e, n) =>
          expect.stringMatching(
            new RegExp(
              `^\\d\\d:\\d\\d:\\d\\d  charge\\.completed  ${e.id}  successful NGN \\d+  → ${n === 1 ? 500 : 200} \\(\\d+ ms\\)$`,
            ),
          ),
        ),
      );
      expect(err[0]).toMatch(/the gateway ended the stream; reconnecting in 0\.5 s$/);
      expect(err[1]).toMatch(/cannot reach .*ECONNREFUSED.*; reconnecting in 1 s$/);
    } finally {
      stop.abort();
      expect(await done).toBe(0);
      await gateway.app.close();
    }
  });

  it('forwards only the --events it is given, prints bodies with --print-json, takes a URL without a scheme', async () => {
    const m = await gw.merchant();
    const gateway = await serve();
    const before = receiver.received.length;
    receiver.answer(() => 200);
    const out: string[] = [];
    const stop = new AbortController();
    const done = listen(
      { url: gateway.url, secretKey: m.credentials.v3.secret_key },
      {
        forwardTo: withScheme(receiver.url.replace(/^http:\/\//, '')),
        format: 'v4',
        signal: stop.signal,
        events: eventFilter('refund.*, transfer.disburse'),
        printJson: true,
      },
      { out: (l) => out.push(l), err: () => undefined },
    );
    try {
      await until(() => out.length > 0, 'the ready line');
      expect(out[0]).toContain(`Forwarding v4 events to ${receiver.url};`);
      await trigger(
        { url: gateway.url, secretKey: m.credentials.v3.secret_key },
        'refund.completed',
        'succeeded',
        () => undefined,
      );
      const received = await receiver.waitFor(before + 1);
      await until(() => out.length >= 3, 'the refund and its body');
      // The charge the refund needed made a charge.completed first: not forwarded, not printed.
      expect((await eventsOf(m)).map((e) => e.type)).toEqual(['charge.completed', 'refund.completed']);
      expect(received.slice(before).map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
        'refund.completed',
      ]);
      expect(out[1]).toMatch(
        /^\d\d:\d\d:\d\d {2}refund\.completed {2}\S+ {2}succeeded [\d.]+ {2}→ 200 \(\d+ ms\)$/,
      );
      expect(out[2]).toMatch(/^\{\n {2}"/); // indented
      expect(JSON.parse(out[2] ?? '')).toEqual(JSON.parse(received[before]?.body ?? ''));
    } finally {
      stop.abort();
      expect(await done).toBe(0);
      await gateway.app.close();
    }
  });

  it('gives up with the reason when the gateway refuses the key', async () => {
    const gateway = await serve();
    const err: string[] = [];
    try {
      const code = await listen(
        { url: gateway.url, secretKey: 'FLWSECK_TEST-wrong-X' },
        { forwardTo: receiver.url, format: 'v4', signal: new AbortController().signal },
        { out: () => undefined, err: (l) => err.push(l) },
      );
      expect(code).toBe(1);
      expect(err).toEqual(['baobab listen: the gateway refused the stream (401): Invalid authorization key']);
    } finally {
      await gateway.app.close();
    }
  });
});

describe('trigger', () => {
  it('charge.completed makes a charge that succeeds, or fails with --status failed; refund.completed refunds one', async () => {
    const m = await gw.merchant();
    const gateway = await serve();
    const out: string[] = [];
    try {
      const key = { url: gateway.url, secretKey: m.credentials.v3.secret_key };
      await trigger(key, 'charge.completed', 'succeeded', (l) => out.push(l));
      await trigger(key, 'charge.completed', 'failed', (l) => out.push(l));
      await trigger(key, 'refund.completed', 'succeeded', (l) => out.push(l));
    } finally {
      await gateway.app.close();
    }
    expect((await eventsOf(m)).map((e) => e.type)).toEqual([
      'charge.completed',
      'charge.completed',
      'charge.completed',
      'refund.completed',
    ]);
    expect(out).toEqual([
      expect.stringMatching(
        /^Created charge \d+ \(tx_ref baobab-trigger-\w+, flw_ref FLW-MOCK-\w+\): successful$/,
      ),
      'charge.completed is on its way.',
      expect.stringMatching(/^Created charge \d+ .*: failed$/),
      'charge.completed is on its way.',
      expect.stringMatching(/^Created charge \d+ .*: successful$/),
      expect.stringMatching(/^Refunded it in full: refund \d+$/),
      'refund.completed is on its way.',
    ]);
  });

  it('--override sets fields of the request that makes the event, nested by dots, read as JSON', async () => {
    expect(readOverrides(['amount=2500', 'meta.order=42', 'meta.note=hello', 'currency="GHS"'])).toEqual({
      amount: 2500,
      currency: 'GHS',
      meta: { order: 42, note: 'hello' },
    });
    expect(readOverrides(['amount'])).toBe(
      '--override takes FIELD=VALUE, such as amount=2500 or meta.order=42 (got "amount")',
    );
    const m = await gw.merchant();
    const gateway = await serve();
    try {
      const key = { url: gateway.url, secretKey: m.credentials.v3.secret_key };
      await trigger(key, 'charge.completed', 'succeeded', () => undefined, {
        amount: 2500,
        tx_ref: 'triggered-with-overrides',
      });
    } finally {
      await gateway.app.close();
    }
    const verified = await gw.app.inject({
      method: 'GET',
      url: '/v3/transactions/verify_by_reference?tx_ref=triggered-with-overrides',
      headers: v3Headers(m),
    });
    expect(verified.json()).toMatchObject({ data: { amount: 2500, status: 'successful' } });
  });
});
