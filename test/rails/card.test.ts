import { describe, expect, it } from 'vitest';
import type { Authorization, NextAction, Scenario } from '../../src/domain/charge.js';
import {
  ISSUER_RESPONSES,
  ISSUER_TYPES,
  PIN_ISSUERS,
  processorResponse,
  type IssuerType,
} from '../../src/domain/issuers.js';
import { parseScenarioKey } from '../../src/domain/scenario.js';
import { AVS_FIELDS, CARD_FLOWS, cardRail, type CardState } from '../../src/rails/card.js';
import type { Decision, RailContext } from '../../src/rails/contract.js';
import { railContract } from './contract.js';

const PIN: Authorization = { type: 'pin', pin: '1234' };
const OTP: Authorization = { type: 'otp', code: '123456' };
const AVS: Authorization = {
  type: 'avs',
  address: { line1: '1 Marina', city: 'Lagos', state: 'Lagos', country: 'NG', postalCode: '101001' },
};
const APPROVE: Authorization = { type: 'redirect', approved: true };
const DECLINE: Authorization = { type: 'redirect', approved: false };
const external3ds = (transactionStatus: 'Y' | 'N' | 'U' | 'A' | 'R'): Authorization => ({
  type: 'external_3ds',
  transactionStatus,
  eci: '05',
  version: '2.2.0',
});

const ctxOf = (scenario: Scenario, recurring = false): RailContext => ({ scenario, recurring });
const keyed = (key: string | undefined, recurring = false): RailContext =>
  ctxOf(parseScenarioKey(key), recurring);

/** Starts a charge and feeds it `inputs`, failing the test on any refusal; returns every decision. */
function walk(ctx: RailContext, inputs: readonly Authorization[]): Decision<CardState>[] {
  const decisions = [cardRail.start(ctx)];
  for (const input of inputs) {
    const last = decisions.at(-1);
    if (last === undefined) throw new Error('unreachable');
    const result = cardRail.advance(last.state, input, ctx);
    if (!result.ok) throw new Error(`${input.type} refused: ${JSON.stringify(result.error)}`);
    decisions.push(result.value);
  }
  return decisions;
}

const final = (decisions: readonly Decision<CardState>[]): Decision<CardState> => {
  const last = decisions.at(-1);
  if (last === undefined) throw new Error('no decision');
  return last;
};

/** The happy path of each flow: the action awaited at each step and the input that answers it. */
const WALKS: Record<string, readonly (readonly [NextAction['type'], Authorization])[]> = {
  noauth: [],
  auth_pin: [
    ['requires_pin', PIN],
    ['requires_otp', OTP],
  ],
  auth_pin_3ds: [
    ['requires_pin', PIN],
    ['redirect_url', APPROVE],
  ],
  auth_3ds: [['redirect_url', APPROVE]],
  auth_avs: [['requires_additional_fields', AVS]],
};

const SAMPLE_ISSUERS: readonly IssuerType[] = [
  'approved',
  'insufficient_funds',
  'do_not_honor',
  'incorrect_pin',
  'pin_entry_tries_exceeded',
  'expired_card',
  'partial_approval',
  'system_error',
];

const ALL_INPUTS: readonly Authorization[] = [
  PIN,
  { type: 'pin', pin: '3310' },
  OTP,
  { type: 'otp', code: '12345' },
  AVS,
  APPROVE,
  DECLINE,
  external3ds('Y'),
  external3ds('A'),
  external3ds('N'),
  external3ds('U'),
  external3ds('R'),
];

railContract(cardRail, {
  inputs: ALL_INPUTS,
  scenarios: [
    { malformed: false },
    { issuer: 'insufficient_funds', malformed: false },
    ...CARD_FLOWS.flatMap((flow) =>
      SAMPLE_ISSUERS.map((issuer): Scenario => ({
        key: `scenario:${flow}&issuer:${issuer}`,
        flow,
        issuer,
        malformed: false,
      })),
    ),
    { flow: 'auth_pin', pin: '3310', otp: '12345', malformed: false },
    { flow: 'auth_pin_3ds', pin: '3310', issuer: 'cannot_verify_pin', malformed: false },
    parseScenarioKey('scenario:auth_redirect'),
  ],
});

describe('card rail: flows walked to the end', () => {
  const cases = Object.entries(WALKS).flatMap(([flow, steps]) =>
    SAMPLE_ISSUERS.map((issuer) => ({ flow, issuer, steps })),
  );

  it.each(cases)('$flow with issuer $issuer', ({ flow, issuer, steps }) => {
    const failsAtPin = steps[0]?.[0] === 'requires_pin' && PIN_ISSUERS.has(issuer);
    // A PIN issuer ends the walk right after the PIN: not before, and not after.
    const expectedLength = failsAtPin ? 2 : steps.length + 1;
    const ctx = keyed(`scenario:${flow}&issuer:${issuer}`);
    const decisions = walk(
      ctx,
      steps.slice(0, expectedLength - 1).map(([, input]) => input),
    );
    expect(decisions.findIndex((d) => d.status !== 'pending')).toBe(expectedLength - 1);
    const next = steps[expectedLength - 1];
    if (next !== undefined) {
      expect(cardRail.advance(final(decisions).state, next[1], ctx)).toEqual({
        ok: false,
        error: { reason: 'not_awaiting_input' },
      });
    }

    steps.slice(0, expectedLength - 1).forEach(([awaited], i) => {
      expect(decisions[i]?.status).toBe('pending');
      expect(decisions[i]?.nextAction?.type).toBe(awaited);
      expect(decisions[i]?.processorResponse).toBeUndefined();
    });
    const last = decisions[expectedLength - 1];
    expect(last?.status).toBe(issuer === 'approved' ? 'succeeded' : 'failed');
    expect(last?.processorResponse).toEqual({ type: issuer, code: ISSUER_RESPONSES[issuer] });
    expect(last?.nextAction).toBeUndefined();
    expect(last?.state).toEqual({ step: 'done' });
  });

  it('treats a missing scenario part as noauth, and a missing issuer as approved', () => {
    expect(final(walk(keyed(undefined), []))).toMatchObject({
      status: 'succeeded',
      processorResponse: { type: 'approved', code: '00' },
    });
    expect(final(walk(keyed('issuer:insufficient_funds'), []))).toMatchObject({
      status: 'failed',
      processorResponse: { type: 'insufficient_funds', code: '51' },
    });
    expect(final(walk(keyed('scenario:auth_pin'), [PIN, OTP])).status).toBe('succeeded');
  });

  it('asks AVS for exactly the five address fields of spec §8.4, in order', () => {
    expect(cardRail.start(keyed('scenario:auth_avs')).nextAction).toEqual({
      type: 'requires_additional_fields',
      fields: [
        'authorization.avs.address.postal_code',
        'authorization.avs.address.line1',
        'authorization.avs.address.state',
        'authorization.avs.address.country',
        'authorization.avs.address.city',
      ],
    });
    expect(AVS_FIELDS).toHaveLength(5);
  });

  it('writes a timeline note at every step', () => {
    const notes = walk(keyed('scenario:auth_pin&issuer:insufficient_funds'), [PIN, OTP]).map((d) => d.note);
    expect(notes).toEqual([
      'Charge created; waiting for the card PIN',
      'PIN accepted; OTP sent to the cardholder',
      'OTP accepted; declined by the issuer: insufficient_funds (51)',
    ]);
    expect(walk(keyed('scenario:auth_3ds'), [DECLINE]).map((d) => d.note)).toEqual([
      'Charge created; waiting for the cardholder to complete 3DS',
      '3DS challenge declined by the cardholder',
    ]);
  });
});

describe('card rail: issuers', () => {
  it.each(ISSUER_TYPES)('noauth with issuer %s answers with its own code', (issuer) => {
    const decision = cardRail.start(keyed(`issuer:${issuer}`));
    expect(decision.processorResponse).toEqual(processorResponse(issuer));
    expect(decision.status).toBe(issuer === 'approved' ? 'succeeded' : 'failed');
  });

  it('fails a PIN issuer at the final step of a flow without a PIN', () => {
    const decisions = walk(keyed('scenario:auth_3ds&issuer:incorrect_pin'), [APPROVE]);
    expect(decisions.map((d) => d.status)).toEqual(['pending', 'failed']);
    expect(final(decisions).processorResponse).toEqual({ type: 'incorrect_pin', code: '55' });
  });
});

describe('card rail: recurring charges', () => {
  it.each(CARD_FLOWS.flatMap((flow) => SAMPLE_ISSUERS.map((issuer) => ({ flow, issuer }))))(
    'ignore scenario $flow and answer $issuer at once',
    ({ flow, issuer }) => {
      const decision = cardRail.start(keyed(`scenario:${flow}&issuer:${issuer}`, true));
      expect(decision.status).toBe(issuer === 'approved' ? 'succeeded' : 'failed');
      expect(decision.processorResponse).toEqual(processorResponse(issuer));
      expect(decision.nextAction).toBeUndefined();
      expect(decision.note).toMatch(/^Recurring charge/);
    },
  );
});

describe('card rail: scenarios of other payment methods', () => {
  it('ignores scenario:auth_redirect (a mobile-money flow): no authentication, the issuer answers', () => {
    const approved = cardRail.start(keyed('scenario:auth_redirect'));
    expect(approved).toMatchObject({ status: 'succeeded', processorResponse: processorResponse('approved') });
    expect(approved.note).toBe(
      'Charge created; no authentication required; approved by the issuer (00) (scenario:auth_redirect does not apply to card: ignored)',
    );
    const declined = cardRail.start(keyed('scenario:auth_redirect&issuer:insufficient_funds'));
    expect(declined).toMatchObject({
      status: 'failed',
      processorResponse: processorResponse('insufficient_funds'),
    });
  });
});

describe('card rail: unreadable scenarios', () => {
  it.each([
    ['scenario:requery', 'the scenario asks for a requery'],
    ['scenario:teleport', 'unknown card scenario "teleport"'],
    ['scenario:auth_pin&issuer:not_an_issuer', 'unknown issuer "not_an_issuer"'],
    ['issuer:constructor', 'unknown issuer "constructor"'],
    ['scenario:auth_pin&&issuer:approved', 'unreadable scenario key'],
    ['scenario=auth_pin', 'unreadable scenario key'],
  ])('%s leaves the charge pending for a requery (%s)', (key, why) => {
    for (const recurring of [false, true]) {
      const ctx = keyed(key, recurring);
      const decision = cardRail.start(ctx);
      const { note, ...rest } = decision;
      expect(rest).toStrictEqual({
        state: { step: 'requery' },
        status: 'pending',
        nextAction: { type: 'requires_requery' },
      });
      expect(note.toLowerCase()).toContain(why);
      for (const input of ALL_INPUTS) {
        expect(cardRail.advance(decision.state, input, ctx)).toEqual({
          ok: false,
          error: { reason: 'not_awaiting_input', awaiting: 'requires_requery' },
        });
      }
    }
  });
});

describe('card rail: input the step does not await', () => {
  it.each([
    { key: 'scenario:auth_pin', before: [], wrong: OTP, awaiting: 'requires_pin' },
    { key: 'scenario:auth_pin', before: [], wrong: APPROVE, awaiting: 'requires_pin' },
    { key: 'scenario:auth_pin', before: [PIN], wrong: PIN, awaiting: 'requires_otp' },
    { key: 'scenario:auth_pin', before: [PIN], wrong: external3ds('Y'), awaiting: 'requires_otp' },
    { key: 'scenario:auth_pin_3ds', before: [PIN], wrong: OTP, awaiting: 'redirect_url' },
    { key: 'scenario:auth_3ds', before: [], wrong: PIN, awaiting: 'redirect_url' },
    { key: 'scenario:auth_3ds', before: [], wrong: AVS, awaiting: 'redirect_url' },
    { key: 'scenario:auth_avs', before: [], wrong: external3ds('Y'), awaiting: 'requires_additional_fields' },
    { key: 'scenario:auth_avs', before: [], wrong: PIN, awaiting: 'requires_additional_fields' },
  ] as const)('$key after $before.length input(s): $wrong.type is refused, naming $awaiting', (c) => {
    const ctx = keyed(c.key);
    const state = final(walk(ctx, c.before)).state;
    expect(cardRail.advance(state, c.wrong, ctx)).toEqual({
      ok: false,
      error: { reason: 'unexpected_input', awaiting: c.awaiting },
    });
  });

  it.each([
    ['noauth', []],
    ['auth_pin', [PIN, OTP]],
    ['auth_3ds', [DECLINE]],
  ] as const)('a final %s charge takes nothing more', (flow, inputs) => {
    const ctx = keyed(`scenario:${flow}`);
    const state = final(walk(ctx, inputs)).state;
    for (const input of ALL_INPUTS) {
      expect(cardRail.advance(state, input, ctx)).toEqual({
        ok: false,
        error: { reason: 'not_awaiting_input' },
      });
    }
  });
});

describe('card rail: fixed v3 test credentials', () => {
  const v3 = (issuer?: IssuerType): RailContext =>
    ctxOf({ flow: 'auth_pin', pin: '3310', otp: '12345', malformed: false, ...(issuer ? { issuer } : {}) });

  it('accepts the right PIN and OTP', () => {
    expect(
      final(
        walk(v3(), [
          { type: 'pin', pin: '3310' },
          { type: 'otp', code: '12345' },
        ]),
      ),
    ).toMatchObject({
      status: 'succeeded',
      processorResponse: { type: 'approved', code: '00' },
    });
  });

  it('fails a wrong PIN at the PIN step with incorrect_pin (55), before any issuer answer', () => {
    for (const ctx of [v3(), v3('pin_entry_tries_exceeded'), v3('insufficient_funds')]) {
      const decisions = walk(ctx, [PIN]);
      expect(final(decisions)).toMatchObject({
        status: 'failed',
        processorResponse: { type: 'incorrect_pin', code: '55' },
        note: 'Wrong PIN entered; declined: incorrect_pin (55)',
      });
    }
  });

  it('fails a wrong OTP with invalid_transaction (12)', () => {
    expect(final(walk(v3(), [{ type: 'pin', pin: '3310' }, OTP]))).toMatchObject({
      status: 'failed',
      processorResponse: { type: 'invalid_transaction', code: '12' },
    });
  });

  it('still lets the issuer answer after the right credentials', () => {
    expect(
      final(
        walk(v3('insufficient_funds'), [
          { type: 'pin', pin: '3310' },
          { type: 'otp', code: '12345' },
        ]),
      ),
    ).toMatchObject({ status: 'failed', processorResponse: { type: 'insufficient_funds', code: '51' } });
  });

  it('accepts any PIN and OTP when the scenario names none', () => {
    const ctx = keyed('scenario:auth_pin');
    expect(
      final(
        walk(ctx, [
          { type: 'pin', pin: '0000' },
          { type: 'otp', code: '99999999' },
        ]),
      ).status,
    ).toBe('succeeded');
  });
});

describe('card rail: redirect and external 3DS', () => {
  describe.each(['auth_3ds', 'auth_pin_3ds'])('%s', (flow) => {
    const before = flow === 'auth_pin_3ds' ? [PIN] : [];

    it.each([
      ['Y', 'approved', 'succeeded', '00'],
      ['A', 'approved', 'succeeded', '00'],
      ['Y', 'insufficient_funds', 'failed', '51'],
      ['A', 'expired_card', 'failed', '54'],
      ['N', 'approved', 'failed', '05'],
      ['U', 'approved', 'failed', '05'],
      ['R', 'approved', 'failed', '05'],
      ['N', 'insufficient_funds', 'failed', '05'],
    ] as const)('external 3DS %s with issuer %s → %s (%s)', (status, issuer, expected, code) => {
      const decisions = walk(keyed(`scenario:${flow}&issuer:${issuer}`), [...before, external3ds(status)]);
      expect(final(decisions).status).toBe(expected);
      expect(final(decisions).processorResponse?.code).toBe(code);
    });

    it('approving the challenge lets the issuer answer', () => {
      expect(final(walk(keyed(`scenario:${flow}&issuer:approved`), [...before, APPROVE])).status).toBe(
        'succeeded',
      );
      expect(
        final(walk(keyed(`scenario:${flow}&issuer:do_not_honor`), [...before, APPROVE])).processorResponse,
      ).toEqual({ type: 'do_not_honor', code: '05' });
    });

    it('declining the challenge fails the charge with do_not_honor (05), whatever the issuer', () => {
      for (const issuer of ['approved', 'insufficient_funds']) {
        const decision = final(walk(keyed(`scenario:${flow}&issuer:${issuer}`), [...before, DECLINE]));
        expect(decision).toMatchObject({
          status: 'failed',
          processorResponse: { type: 'do_not_honor', code: '05' },
          note: '3DS challenge declined by the cardholder',
        });
      }
    });
  });
});
