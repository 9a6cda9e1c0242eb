import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BootError, loadPricing } from '../../src/boot.js';
import { computeFees, pricingFromConfig } from '../../src/domain/fees.js';
import { DEFAULT_PRICING } from '../../src/methods/pricing.js';

const fee = (fees: { type: string; amount: number }[], type: string) =>
  fees.find((f) => f.type === type)?.amount;

describe('computeFees with the default pricing', () => {
  it('charges NGN cards 1.4 % capped at ₦2,000, plus 7.5 % VAT on the fee', () => {
    const small = computeFees(DEFAULT_PRICING, 'card', 123_456, 'NGN'); // ₦1,234.56
    expect(small).toEqual([
      { type: 'vat', amount: 130 },
      { type: 'app', amount: 1728 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 0 },
    ]);
    const large = computeFees(DEFAULT_PRICING, 'card', 50_000_000, 'NGN'); // ₦500,000
    expect(fee(large, 'app')).toBe(200_000);
    expect(fee(large, 'vat')).toBe(15_000);
  });

  it('adds ₦50 stamp duty from ₦10,000 up', () => {
    expect(fee(computeFees(DEFAULT_PRICING, 'card', 999_999, 'NGN'), 'stamp_duty')).toBe(0);
    expect(fee(computeFees(DEFAULT_PRICING, 'card', 1_000_000, 'NGN'), 'stamp_duty')).toBe(5_000);
  });

  it('charges other currencies the default rate, with no VAT or duty, rounding halves up', () => {
    expect(computeFees(DEFAULT_PRICING, 'card', 1_000, 'USD')).toEqual([
      { type: 'vat', amount: 0 },
      { type: 'app', amount: 38 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 0 },
    ]);
    expect(fee(computeFees(DEFAULT_PRICING, 'card', 50, 'USD'), 'app')).toBe(2); // 1.9 → 2
    expect(fee(computeFees(DEFAULT_PRICING, 'card', 13, 'USD'), 'app')).toBe(0); // 0.494 → 0
  });

  it('stays exact on amounts beyond 2^53 / 10 000', () => {
    expect(fee(computeFees(DEFAULT_PRICING, 'card', 100_000_000_000_000, 'USD'), 'app')).toBe(
      3_800_000_000_000,
    );
  });
});

describe('pricing files', () => {
  it('lay human units over the defaults', () => {
    const pricing = pricingFromConfig(
      {
        methods: { card: { default: { percent: 2.5 }, GHS: { percent: 1.95, cap: 100 } } },
        vat_percent: { GHS: 15 },
        stamp_duty: { KES: { from: 1000, amount: 10.5 } },
      },
      DEFAULT_PRICING,
    );
    expect(pricing.ok).toBe(true);
    if (!pricing.ok) return;
    expect(fee(computeFees(pricing.value, 'card', 10_000, 'USD'), 'app')).toBe(250);
    expect(computeFees(pricing.value, 'card', 1_000_000, 'GHS')).toEqual([
      { type: 'vat', amount: 1_500 },
      { type: 'app', amount: 10_000 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 0 },
    ]);
    expect(fee(computeFees(pricing.value, 'card', 100_000, 'KES'), 'stamp_duty')).toBe(1_050);
    expect(fee(computeFees(pricing.value, 'ussd', 10_000, 'NGN'), 'app')).toBe(140); // untouched method
  });

  it('list every problem by its path', () => {
    const pricing = pricingFromConfig(
      {
        methods: {
          card: { default: { percent: 1.234, cap: 5 }, XYZ: { percent: 1 }, NGN: { percent: 200 } },
        },
        vat_percent: { NGN: 'lots' },
        stamp_duty: { NGN: { from: -1, amount: 50 } },
      },
      DEFAULT_PRICING,
    );
    expect(pricing.ok ? [] : pricing.error).toEqual([
      'methods.card.default.percent must be a percentage from 0 to 100 with at most 2 decimals',
      'methods.card.default.cap needs a currency: put capped rules under a currency code',
      'methods.card.XYZ: XYZ is neither "default" nor a supported currency',
      'methods.card.NGN.percent must be a percentage from 0 to 100 with at most 2 decimals',
      'vat_percent.NGN must be a percentage from 0 to 100 with at most 2 decimals',
      expect.stringContaining('stamp_duty.NGN.from'),
    ]);
  });

  it('are read from BAOBAB_PRICING_FILE, and a bad one stops the boot with its problems', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-pricing-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify({ methods: { card: { default: { percent: 3 } } } }));
      expect(fee(computeFees(loadPricing(good), 'card', 1_000, 'EUR'), 'app')).toBe(30);
      expect(loadPricing(undefined)).toBe(DEFAULT_PRICING);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, '{"methods": ');
      expect(() => loadPricing(bad)).toThrow(BootError);
      writeFileSync(bad, JSON.stringify({ vat_percent: { NGN: -3 } }));
      expect(() => loadPricing(bad)).toThrow(/vat_percent\.NGN must be a percentage/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
