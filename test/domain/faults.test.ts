import { describe, expect, it } from 'vitest';
import { drawFault, faultOfKey, ratesProblem } from '../../src/domain/faults.js';
import { parseScenarioKey } from '../../src/domain/scenario.js';
import { routeGroupOf } from '../../src/domain/rate-limits.js';

describe('faultOfKey', () => {
  it.each([
    [undefined, undefined],
    ['scenario:auth_pin&issuer:approved', undefined],
    ['fault:error_502', { kind: 'error_502' }],
    [' FAULT : Connection_Reset ', { kind: 'connection_reset' }],
    ['scenario:auth_pin&fault:latency=250', { kind: 'latency', ms: 250 }],
    ['fault:latency=30000', { kind: 'latency', ms: 30000 }],
  ])('reads %j', (key, fault) => {
    expect(faultOfKey(key)).toEqual(fault);
  });

  it.each(['fault:latency=30001', 'fault:latency=1e3', 'fault:', 'fault:latency', 'fault:a&fault:b'])(
    'explains what is wrong with %j',
    (key) => {
      expect(typeof faultOfKey(key)).toBe('string');
    },
  );

  it('leaves the scenario parts readable: a fault part chooses no outcome', () => {
    expect(parseScenarioKey('scenario:auth_pin&fault:error_500&issuer:insufficient_funds')).toEqual({
      key: 'scenario:auth_pin&fault:error_500&issuer:insufficient_funds',
      malformed: false,
      flow: 'auth_pin',
      issuer: 'insufficient_funds',
    });
  });
});

describe('drawFault', () => {
  it('meets each fault about as often as its rate says, the same way every time', () => {
    const profile = { seed: 2026, rates: { error_500: 0.1, latency: 0.2 }, latencyMs: 5 };
    const draws = Array.from({ length: 20_000 }, (_, i) => drawFault(profile, i + 1));
    const count = (kind: string) => draws.filter((d) => d?.kind === kind).length;
    expect(count('error_500')).toBeGreaterThan(1_800);
    expect(count('error_500')).toBeLessThan(2_200);
    expect(count('latency')).toBeGreaterThan(3_700);
    expect(count('latency')).toBeLessThan(4_300);
    expect(draws.find((d) => d?.kind === 'latency')).toEqual({ kind: 'latency', ms: 5 });
    expect(Array.from({ length: 20_000 }, (_, i) => drawFault(profile, i + 1))).toEqual(draws);
  });

  it('never faults at rate 0 and always at rate 1; rates over 1 in all are refused', () => {
    for (let n = 1; n < 500; n++) {
      expect(drawFault({ seed: n, rates: {}, latencyMs: 0 }, n)).toBeUndefined();
      expect(drawFault({ seed: n, rates: { error_503: 1 }, latencyMs: 0 }, n)).toEqual({ kind: 'error_503' });
    }
    expect(ratesProblem({ error_500: 0.6, error_502: 0.5 })).toContain('at most 1');
    expect(ratesProblem({ error_500: 0.5, error_502: 0.5 })).toBeUndefined();
  });
});

describe('routeGroupOf', () => {
  it.each([
    ['GET', '/charges/:id', 'reads'],
    ['POST', '/orchestration/direct-charges', 'charges'],
    ['POST', '/v3/charges', 'charges'],
    ['POST', '/transfers', 'transfers'],
    ['POST', '/v3/bulk-transfers', 'transfers'],
    ['POST', '/sandbox/charges/:id/approve', 'other'],
    ['PUT', '/profile/webhook-endpoints/:id', 'other'],
  ])('%s %s is %s', (method, route, group) => {
    expect(routeGroupOf(method, route)).toBe(group);
  });
});
