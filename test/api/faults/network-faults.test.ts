/**
 * The faults that act on the connection itself, over a real socket (docs/sandbox.md "Faults"):
 * `connection_reset` closes it without an answer and writes nothing; `timeout_after_commit` commits the
 * work, holds the answer past the client's timeout, and the client's retry with the same
 * X-Idempotency-Key gets the stored reply — one charge, never two.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard } from '../../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { v3Headers } from '../../support/v3.js';
import { v3Payment } from '../../support/checkout.js';

const HOLD_MS = 1_500;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`connection faults (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    let base: string;
    beforeAll(async () => {
      gw = await startGateway(kind, { faultHoldMs: HOLD_MS });
      m = await gw.merchant('Patient Stores');
      base = await gw.app.listen({ host: '127.0.0.1', port: 0 });
    });
    afterAll(() => gw.close());

    const count = async (table: 'charges' | 'checkout_sessions'): Promise<number> => {
      const { rows } = await gw.deps.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${table} WHERE merchant_id = $1`,
        [m.credentials.merchant_id],
      );
      return Number(rows[0]?.n);
    };

    const charge = (headers: Record<string, string>, body: object, signal?: AbortSignal) =>
      fetch(`${base}/orchestration/direct-charges`, {
        method: 'POST',
        headers: { ...m.headers, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });

    const chargeBody = () => ({
      amount: 2500,
      currency: 'NGN',
      reference: `held-${Math.random().toString(36).slice(2)}`,
      customer: { email: 'held@example.com' },
      payment_method: {
        type: 'card',
        card: encryptCard(m.credentials.v4.encryption_key, {
          number: CARDS.mastercard,
          cvv: CVVS.mastercard,
        }),
      },
      redirect_url: 'https://merchant.example/return',
    });

    it('v4 timeout_after_commit: the client times out, its retry with the same key gets the same charge', async () => {
      const before = await count('charges');
      const body = chargeBody();
      const headers = {
        'x-scenario-key': 'fault:timeout_after_commit',
        'x-idempotency-key': `held-key-${Math.random().toString(36).slice(2)}`,
      };
      const started = Date.now();
      await expect(charge(headers, body, AbortSignal.timeout(300))).rejects.toThrow(/timeout|abort/i);
      expect(Date.now() - started).toBeLessThan(HOLD_MS);
      // The work was committed before the answer was held back.
      expect(await count('charges')).toBe(before + 1);
      // The client retries exactly as it first sent: the stored reply is answered at once.
      const retry = await charge(headers, body);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('x-idempotency-cache-hit')).toBe('true');
      const { data } = (await retry.json()) as { data: { id: string; reference: string; status: string } };
      expect(data).toMatchObject({ reference: body.reference, status: 'succeeded' });
      expect(await count('charges')).toBe(before + 1);
      const { rows } = await gw.deps.db.query<{ id: string }>(
        'SELECT id FROM charges WHERE merchant_id = $1 AND reference = $2',
        [m.credentials.merchant_id, body.reference],
      );
      expect(rows.map((r) => r.id)).toEqual([data.id]);
    });

    it('timeout_after_commit closes the connection unanswered after BAOBAB_FAULT_HOLD_MS', async () => {
      const started = Date.now();
      await expect(
        fetch(`${base}/v3/payments`, {
          method: 'POST',
          headers: {
            ...v3Headers(m),
            'content-type': 'application/json',
            'x-scenario-key': 'fault:timeout_after_commit',
          },
          body: JSON.stringify(v3Payment()),
        }),
      ).rejects.toThrow();
      expect(Date.now() - started).toBeGreaterThanOrEqual(HOLD_MS - 50);
    });

    it('connection_reset closes the connection without an answer and writes nothing, in both dialects', async () => {
      const charges = await count('charges');
      const sessions = await count('checkout_sessions');
      await expect(charge({ 'x-scenario-key': 'fault:connection_reset' }, chargeBody())).rejects.toThrow(
        /fetch failed/,
      );
      await expect(
        fetch(`${base}/v3/payments`, {
          method: 'POST',
          headers: {
            ...v3Headers(m),
            'content-type': 'application/json',
            'x-scenario-key': 'fault:connection_reset',
          },
          body: JSON.stringify(v3Payment()),
        }),
      ).rejects.toThrow(/fetch failed/);
      expect(await count('charges')).toBe(charges);
      expect(await count('checkout_sessions')).toBe(sessions);
      // The server is none the worse.
      expect((await fetch(`${base}/customers`, { headers: m.headers })).status).toBe(200);
    });
  });
}
