/**
 * Fees on a charge, from a pricing table (the defaults are each method's own: methods/pricing.ts): per payment-method type, a percentage of the amount,
 * optionally capped, per currency or by default; VAT on that fee and stamp duty per currency. The
 * charge shows them as `fees: [vat, app, merchant, stamp_duty]`; `app` is the gateway's fee and
 * `merchant` is what a merchant passes on to the customer (0: Baobab does not pass fees on).
 * Integer arithmetic in minor units throughout; halves round up.
 */
import type { Fee } from './charge.js';
import { isCurrency, parseAmount } from './money.js';
import { err, ok, type Result } from './result.js';

export interface PriceRule {
  /** Basis points of the amount: 140 = 1.40 %. */
  readonly bps: number;
  /** Most this fee can be, in minor units of the charge's currency. */
  readonly capMinor?: number;
}

export interface MethodPricing {
  readonly default: PriceRule;
  readonly byCurrency?: Readonly<Record<string, PriceRule>>;
}

export interface Pricing {
  readonly methods: Readonly<Record<string, MethodPricing>>;
  /** VAT on the gateway's fee, in basis points, by currency. */
  readonly vatBps: Readonly<Record<string, number>>;
  /** A flat duty on charges of at least `fromMinor`, by currency. */
  readonly stampDuty: Readonly<Record<string, { readonly fromMinor: number; readonly amountMinor: number }>>;
}

const FALLBACK: PriceRule = { bps: 140 };

/** amount × bps / 10 000, rounded half up, without floating point (amounts may exceed 2^53 / 10 000). */
const percentOf = (amount: number, bps: number): number =>
  Number((BigInt(amount) * BigInt(bps) + 5_000n) / 10_000n);

export function computeFees(pricing: Pricing, method: string, amount: number, currency: string): Fee[] {
  const rules = pricing.methods[method];
  const rule = rules?.byCurrency?.[currency] ?? rules?.default ?? FALLBACK;
  const raw = percentOf(amount, rule.bps);
  const app = rule.capMinor === undefined ? raw : Math.min(raw, rule.capMinor);
  const vat = percentOf(app, pricing.vatBps[currency] ?? 0);
  const duty = pricing.stampDuty[currency];
  const stamp = duty && amount >= duty.fromMinor ? duty.amountMinor : 0;
  return [
    { type: 'vat', amount: vat },
    { type: 'app', amount: app },
    { type: 'merchant', amount: 0 },
    { type: 'stamp_duty', amount: stamp },
  ];
}

/**
 * A pricing file, in human units, laid over `base`:
 * `{"methods": {"card": {"default": {"percent": 3.8}, "NGN": {"percent": 1.4, "cap": 2000}}},
 *   "vat_percent": {"NGN": 7.5}, "stamp_duty": {"NGN": {"from": 10000, "amount": 50}}}`.
 * Every key is optional; a method named replaces that method's rules. Problems are listed by path.
 */
export function pricingFromConfig(input: unknown, base: Pricing): Result<Pricing, string[]> {
  const problems: string[] = [];
  const record = (value: unknown, path: string): Record<string, unknown> => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    problems.push(`${path} must be an object`);
    return {};
  };
  const percent = (value: unknown, path: string): number => {
    const bps = typeof value === 'number' ? Math.round(value * 100) : NaN;
    if (!Number.isFinite(bps) || bps < 0 || bps > 10_000 || Math.abs(bps - (value as number) * 100) > 1e-6) {
      problems.push(`${path} must be a percentage from 0 to 100 with at most 2 decimals`);
      return 0;
    }
    return bps;
  };
  const money = (value: unknown, currency: string, path: string): number => {
    if (!isCurrency(currency)) {
      problems.push(`${path}: ${currency} is not a supported currency`);
      return 0;
    }
    const parsed = parseAmount(value, currency, path);
    if (!parsed.ok) problems.push(parsed.error.fields[0]?.message ?? `${path} is not a valid amount`);
    return parsed.ok ? parsed.value : 0;
  };
  const rule = (value: unknown, currency: string | undefined, path: string): PriceRule => {
    const r = record(value, path);
    const bps = percent(r['percent'], `${path}.percent`);
    if (r['cap'] === undefined) return { bps };
    if (currency === undefined) {
      problems.push(`${path}.cap needs a currency: put capped rules under a currency code`);
      return { bps };
    }
    return { bps, capMinor: money(r['cap'], currency, `${path}.cap`) };
  };

  const root = record(input, 'pricing');
  const methods: Record<string, MethodPricing> = { ...base.methods };
  for (const [method, rules] of Object.entries(record(root['methods'] ?? {}, 'methods'))) {
    const path = `methods.${method}`;
    const entries = record(rules, path);
    const fallback =
      entries['default'] === undefined ? FALLBACK : rule(entries['default'], undefined, `${path}.default`);
    const byCurrency: Record<string, PriceRule> = {};
    for (const [key, value] of Object.entries(entries)) {
      if (key === 'default') continue;
      if (isCurrency(key)) byCurrency[key] = rule(value, key, `${path}.${key}`);
      else problems.push(`${path}.${key}: ${key} is neither "default" nor a supported currency`);
    }
    methods[method] = { default: fallback, byCurrency };
  }
  const vatBps: Record<string, number> = { ...base.vatBps };
  for (const [currency, value] of Object.entries(record(root['vat_percent'] ?? {}, 'vat_percent'))) {
    vatBps[currency] = percent(value, `vat_percent.${currency}`);
  }
  const stampDuty: Record<string, { fromMinor: number; amountMinor: number }> = { ...base.stampDuty };
  for (const [currency, value] of Object.entries(record(root['stamp_duty'] ?? {}, 'stamp_duty'))) {
    const duty = record(value, `stamp_duty.${currency}`);
    stampDuty[currency] = {
      fromMinor: money(duty['from'], currency, `stamp_duty.${currency}.from`),
      amountMinor: money(duty['amount'], currency, `stamp_duty.${currency}.amount`),
    };
  }
  return problems.length > 0 ? err(problems) : ok({ methods, vatBps, stampDuty });
}
