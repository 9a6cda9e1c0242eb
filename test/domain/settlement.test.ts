import { describe, expect, it } from 'vitest';
import {
  batchesOf,
  cutoffOf,
  nextRunAfter,
  totalsOf,
  type SettlementItem,
} from '../../src/domain/settlement.js';

const at = (iso: string) => new Date(iso);
let n = 0;
const charge = (iso: string, gross: number, fee: number, currency = 'NGN'): SettlementItem => ({
  kind: 'charge',
  sourceId: `chg_${n++}`,
  chargeId: `chg_${n}`,
  currency,
  amount: gross - fee,
  gross,
  fee,
  at: at(iso),
});
const debit = (kind: 'refund' | 'dispute_hold', iso: string, amount: number): SettlementItem => ({
  kind,
  sourceId: `${kind}_${n++}`,
  chargeId: 'chg_x',
  currency: 'NGN',
  amount: -amount,
  gross: 0,
  fee: 0,
  at: at(iso),
});

describe('the settlement schedule', () => {
  it('runs at 01:00 UTC, strictly after now, and settles what came before that day began', () => {
    expect(nextRunAfter(at('2026-01-15T09:00:00Z')).toISOString()).toBe('2026-01-16T01:00:00.000Z');
    expect(nextRunAfter(at('2026-01-15T00:59:59Z')).toISOString()).toBe('2026-01-15T01:00:00.000Z');
    expect(nextRunAfter(at('2026-01-15T01:00:00Z')).toISOString()).toBe('2026-01-16T01:00:00.000Z');
    expect(cutoffOf(at('2026-01-16T01:00:00Z')).toISOString()).toBe('2026-01-16T00:00:00.000Z');
  });
});

describe('batchesOf', () => {
  it('makes one batch per currency and day, net of fees, refunds and holds', () => {
    const items = [
      charge('2026-01-15T10:00:00Z', 10_000, 140),
      charge('2026-01-15T11:00:00Z', 5_000, 70),
      debit('refund', '2026-01-15T12:00:00Z', 2_000),
      debit('dispute_hold', '2026-01-15T13:00:00Z', 1_000),
      charge('2026-01-16T10:00:00Z', 3_000, 42),
      charge('2026-01-15T10:30:00Z', 700, 0, 'GHS'),
    ];
    const batches = batchesOf(items);
    expect(batches.map((b) => [b.currency, b.day.toISOString(), b.items.length])).toEqual([
      ['GHS', '2026-01-15T00:00:00.000Z', 1],
      ['NGN', '2026-01-15T00:00:00.000Z', 4],
      ['NGN', '2026-01-16T00:00:00.000Z', 1],
    ]);
    expect(batches[1]?.totals).toEqual({
      gross: 15_000,
      fee: 210,
      refund: 2_000,
      chargeback: 1_000,
      net: 15_000 - 210 - 2_000 - 1_000,
      chargeCount: 2,
    });
  });

  it('carries a day that does not add up to a positive amount with a charge into the next', () => {
    const items = [
      debit('refund', '2026-01-15T12:00:00Z', 2_000),
      charge('2026-01-16T10:00:00Z', 1_000, 10),
      charge('2026-01-17T10:00:00Z', 5_000, 50),
    ];
    const batches = batchesOf(items);
    // The 15th has no charge; the 16th is still negative with it; the 17th settles all three.
    expect(batches).toHaveLength(1);
    expect(batches[0]?.day.toISOString()).toBe('2026-01-17T00:00:00.000Z');
    expect(batches[0]?.totals).toMatchObject({ net: 6_000 - 60 - 2_000, refund: 2_000, chargeCount: 2 });
    expect(batchesOf([debit('refund', '2026-01-15T12:00:00Z', 1)])).toEqual([]);
  });

  it('totals a release as chargeback given back', () => {
    const release: SettlementItem = {
      ...debit('dispute_hold', '2026-01-15T12:00:00Z', 0),
      kind: 'dispute_release',
      amount: 500,
    };
    expect(totalsOf([charge('2026-01-15T10:00:00Z', 1_000, 0), release])).toMatchObject({
      chargeback: -500,
      net: 1_500,
    });
  });
});
