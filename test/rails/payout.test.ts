/**
 * The payout rail (src/rails/payout.ts) on the same contract as the charge rails
 * (test/rails/contract.ts): pure and deterministic (deep-frozen inputs, equal answers), states that
 * survive a JSON round trip, a provider response exactly when FAILED, a timer only when PENDING, final
 * states refusing every input but a reversal of a success, no state reached twice on a path — over
 * every scenario key the sandbox documents, every action and every v3 test account.
 */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/domain/charge.js';
import { PROVIDER_RESPONSE_TYPES } from '../../src/domain/transfer.js';
import {
  FAILING_SCENARIOS,
  PAYOUT_SCENARIOS,
  payoutRail,
  REJECTING_SCENARIOS,
  V3_TEST_ACCOUNTS,
  type PayoutContext,
  type PayoutDecision,
  type PayoutInput,
  type PayoutState,
} from '../../src/rails/payout.js';

const INPUTS: readonly PayoutInput[] = [
  { type: 'approve' },
  { type: 'cancel' },
  { type: 'due' },
  { type: 'complete' },
  { type: 'fail' },
  { type: 'fail', reason: 'invalid_bank_code' },
  { type: 'reverse' },
  { type: 'timeout' },
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const scenarios: Scenario[] = [
  { malformed: false },
  ...PAYOUT_SCENARIOS.map((flow) => ({ key: `scenario:${flow}`, flow, malformed: false })),
];
const contexts: PayoutContext[] = scenarios.flatMap((scenario) =>
  (['instant', 'deferred', 'scheduled'] as const).flatMap((action) =>
    [undefined, ...Object.keys(V3_TEST_ACCOUNTS)].flatMap((accountNumber) =>
      [true, false].map((covered) => ({
        scenario,
        action,
        covered,
        ...(accountNumber ? { accountNumber } : {}),
      })),
    ),
  ),
);

function checkDecision(d: PayoutDecision): void {
  expect(JSON.parse(JSON.stringify(d.state))).toEqual(d.state);
  expect(d.providerResponse !== undefined).toBe(d.status === 'FAILED');
  if (d.providerResponse) {
    expect(PROVIDER_RESPONSE_TYPES).toContain(d.providerResponse.type);
    expect(d.providerResponse.code).toMatch(/^\d{4}$/);
  }
  if (d.autoComplete === true) expect(d.status).toBe('PENDING');
  expect(d.note).toMatch(/^[^\n]+$/);
}

describe('payout rail contract', () => {
  it('refuses exactly the rejecting scenario keys, before any transfer exists', () => {
    for (const ctx of contexts) {
      const started = payoutRail.start(deepFreeze(ctx));
      const flow = ctx.scenario.flow;
      expect(started.ok, flow).toBe(!(flow !== undefined && flow in REJECTING_SCENARIOS));
    }
    expect(
      payoutRail.start({ scenario: { key: 'x', malformed: true }, action: 'instant', covered: true }).ok,
    ).toBe(false);
    expect(
      payoutRail.start({
        scenario: { key: 'scenario:auth_pin', flow: 'auth_pin', malformed: false },
        action: 'instant',
        covered: true,
      }).ok,
    ).toBe(false);
  });

  it('is pure, deterministic and JSON-round-trippable over every path of up to three inputs', () => {
    for (const ctx of contexts) {
      const started = payoutRail.start(deepFreeze(ctx));
      if (!started.ok) continue;
      expect(payoutRail.start(ctx)).toEqual(started);
      const walk = (d: PayoutDecision, seen: string[], depth: number): void => {
        checkDecision(d);
        if (depth === 0) return;
        for (const input of INPUTS) {
          const state = deepFreeze(JSON.parse(JSON.stringify(d.state)) as PayoutState);
          const next = payoutRail.advance(state, deepFreeze(input));
          expect(payoutRail.advance(d.state, input)).toEqual(next);
          if (!next.ok) {
            expect(next.error.status).toBe(
              d.status === 'PENDING' || d.status === 'NEW' ? d.status : next.error.status,
            );
            continue;
          }
          const key = JSON.stringify(next.value.state);
          expect(seen, `${key} reached twice`).not.toContain(key);
          walk(next.value, [...seen, key], depth - 1);
        }
      };
      walk(started.value, [JSON.stringify(started.value.state)], 3);
    }
  });

  it('fails at once for the failing keys and when the balance does not cover, holding nothing to settle', () => {
    for (const [flow, type] of Object.entries(FAILING_SCENARIOS)) {
      const d = payoutRail.start({ scenario: { flow, malformed: false }, action: 'instant', covered: true });
      expect(d.ok && d.value.providerResponse?.type).toBe(type);
    }
    const poor = payoutRail.start({ scenario: { malformed: false }, action: 'instant', covered: false });
    expect(poor.ok && poor.value.providerResponse?.type).toBe('insufficient_balance');
  });

  it('final states refuse everything but the reversal of a success, once', () => {
    const ok = payoutRail.start({ scenario: { malformed: false }, action: 'instant', covered: true });
    if (!ok.ok) throw new Error('start');
    const done = payoutRail.advance(ok.value.state, { type: 'complete' });
    if (!done.ok) throw new Error('complete');
    expect(done.value.status).toBe('SUCCESSFUL');
    for (const input of INPUTS.filter((i) => i.type !== 'reverse')) {
      expect(payoutRail.advance(done.value.state, input)).toMatchObject({
        ok: false,
        error: { reason: 'not_awaiting_input' },
      });
    }
    const reversed = payoutRail.advance(done.value.state, { type: 'reverse' });
    expect(reversed.ok && reversed.value).toMatchObject({ status: 'FAILED', reversed: true });
    if (reversed.ok) expect(payoutRail.advance(reversed.value.state, { type: 'reverse' }).ok).toBe(false);
  });

  it('v3 test accounts decide the outcome when the transfer completes by itself', () => {
    for (const [accountNumber, { outcome }] of Object.entries(V3_TEST_ACCOUNTS)) {
      const s = payoutRail.start({
        scenario: { malformed: false },
        action: 'instant',
        covered: true,
        accountNumber,
      });
      if (!s.ok) throw new Error('start');
      const t = payoutRail.advance(s.value.state, { type: 'timeout' });
      expect(t.ok && t.value.status, accountNumber).toBe(outcome === 'succeed' ? 'SUCCESSFUL' : 'FAILED');
    }
  });
});
