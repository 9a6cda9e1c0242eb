/**
 * 50 transfers racing on two nodes (two pools on one PostgreSQL database) against a wallet that covers
 * exactly 10: exactly 10 are held, the other 40 are FAILED insufficient_balance, the balance is 0 and
 * never below, and the ledger's entries sum to every wallet's totals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMismatches } from '../../src/store/ledger.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { POSTGRES, type TestStore } from '../support/stores.js';

describe.skipIf(!POSTGRES.available)(
  '50 transfers on two nodes against a balance covering 10 (PostgreSQL)',
  () => {
    let store: TestStore;
    let a: TestGateway;
    let b: TestGateway;
    beforeAll(async () => {
      store = await POSTGRES.open();
      a = await startGateway(POSTGRES, { db: store.db });
      const other = await store.reopen?.();
      if (!other) throw new Error('no second node');
      b = await startGateway(POSTGRES, { db: other, keys: a.keys, clock: a.clock });
    });
    afterAll(async () => {
      await b.close();
      await a.close();
      await store.close();
    });

    it('exactly 10 succeed, the rest fail with insufficient_balance, and the ledger sums to the balances', async () => {
      const m = await a.merchant('Racer');
      // USD opens at 10 000.00; each transfer holds 990.10 + 1 % fee (9.90) = 1 000.00.
      const rec = await a.app.inject({
        method: 'POST',
        url: '/transfers/recipients',
        headers: m.headers,
        payload: { type: 'bank', currency: 'USD', bank: { account_number: '0690000040', code: '044' } },
      });
      const rid = rec.json<{ data: { id: string } }>().data.id;
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 === 0 ? a : b).app.inject({
            method: 'POST',
            url: '/transfers',
            headers: m.headers,
            payload: {
              action: 'instant',
              reference: `race-${String(i).padStart(3, '0')}`,
              payment_instruction: {
                recipient_id: rid,
                source_currency: 'USD',
                amount: { value: 990.1, applies_to: 'source_currency' },
              },
            },
          }),
        ),
      );
      expect(new Set(replies.map((r) => r.statusCode))).toEqual(new Set([201]));
      const data = replies.map(
        (r) => r.json<{ data: { status: string; provider_response?: { type: string } } }>().data,
      );
      expect(data.filter((d) => d.status === 'PENDING')).toHaveLength(10);
      const failed = data.filter((d) => d.status === 'FAILED');
      expect(failed).toHaveLength(40);
      expect(new Set(failed.map((d) => d.provider_response?.type))).toEqual(
        new Set(['insufficient_balance']),
      );
      const bal = await b.app.inject({ method: 'GET', url: '/wallets/balances/USD', headers: m.headers });
      expect(bal.json().data.available_balance).toBe(0);
      expect(await ledgerMismatches(store.db)).toEqual([]);
    });
  },
);
