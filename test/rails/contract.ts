/**
 * The shared contract every rail passes (src/rails/contract.ts). Call it from a rail's own test file:
 *
 *   railContract(mobileMoneyRail, { inputs: [...], scenarios: [...] });
 *
 * For each scenario (plus built-in malformed/unknown probes), with `recurring` false and true, it
 * starts a charge and explores breadth-first every sequence of up to EXPLORE_DEPTH accepted inputs
 * drawn from `samples.inputs`, then checks over everything it reached:
 * - purity: the same state, input and context give a deep-equal answer, and the state, input and
 *   context passed in are never mutated (they are deep-frozen) nor is anything thrown;
 * - persistence: every state survives a JSON round trip, and the rail answers the same from the
 *   round-tripped copy (that is all a flow will have on the next HTTP call);
 * - decisions: `nextAction` exactly when pending, `processorResponse` exactly when final and always
 *   one of ISSUER_RESPONSES' pairs, a non-empty one-line note;
 * - refusals: a final charge refuses every input with `not_awaiting_input`; a `requires_requery`
 *   charge refuses every input with `not_awaiting_input` naming `requires_requery`; a pending charge
 *   refuses only with `unexpected_input` naming the action it awaits;
 * - progress: an accepted input never brings a charge back to a state it already passed through on
 *   the way (a rail that allows retries counts them in its state);
 * - scenarios: malformed keys, values no rail knows, unknown issuers and `scenario:requery` start
 *   pending with `requires_requery`; each of `rail.flows` is understood, `defaultFlow` among them; a
 *   value only other rails know (rails/scenarios.ts) is ignored — the charge starts as with no
 *   `scenario:` part, its note says what was ignored, and the `issuer:` part still decides; a recurring
 *   charge is final at once (unless `recurring: false`);
 * - timers: `autoComplete` only on a pending charge that waits for the customer away from any page.
 */
import { describe, expect, it } from 'vitest';
import type { Authorization, NextAction, Scenario } from '../../src/domain/charge.js';
import { isIssuerResponse } from '../../src/domain/issuers.js';
import type { Result } from '../../src/domain/result.js';
import { describeScenario } from '../../src/domain/scenario.js';
import type { Decision, Rail, RailContext, Refusal } from '../../src/rails/contract.js';
import { SANDBOX_FLOWS } from '../../src/rails/scenarios.js';

export const EXPLORE_DEPTH = 4;

export interface RailSamples {
  /** Inputs to try at every step: include right and wrong ones of every type the rail knows. */
  readonly inputs: readonly Authorization[];
  /** Scenarios to explore; the malformed and unknown probes below are added to them. */
  readonly scenarios: readonly Scenario[];
  /**
   * Whether the rail takes recurring charges (final at once, §8.3). Default true; a rail whose payment
   * methods cannot be charged again without the customer passes false and is not explored recurring.
   */
  readonly recurring?: boolean;
  /**
   * What every context also carries: the payment method, amount and instrument a rail words its steps
   * from (the card rail needs none).
   */
  readonly context?: Omit<RailContext, 'scenario' | 'recurring'>;
}

/** Scenarios no rail understands, and the one that asks for it: each must leave the charge pending for a requery. */
export const UNREADABLE_SCENARIOS: readonly Scenario[] = [
  { key: 'scenario=auth_pin', malformed: true },
  { key: 'scenario:zz_not_a_flow', flow: 'zz_not_a_flow', malformed: false },
  { key: 'issuer:zz_not_an_issuer', issuer: 'zz_not_an_issuer', malformed: false },
  { key: 'scenario:requery', flow: 'requery', malformed: false },
];

/** The values other rails understand and this one does not: each must be ignored. */
const foreignFlows = (rail: Pick<Rail<unknown>, 'flows'>): string[] =>
  [...SANDBOX_FLOWS].filter((flow) => !rail.flows.includes(flow));

/** Issuers to try a foreign flow with: one approves, one declines. */
const FOREIGN_ISSUERS = ['approved', 'insufficient_funds'] as const;

interface Node<S> {
  readonly decision: Decision<S>;
  /** The inputs that led here from `start`. */
  readonly path: readonly Authorization[];
  /** The states met on the way, start first, this one last (JSON, for comparison). */
  readonly trail: readonly string[];
}

interface Transition<S> {
  readonly from: Node<S>;
  readonly input: Authorization;
  /** The answer from the deep-frozen original state; `thrown` when the rail threw instead. */
  readonly result?: Result<Decision<S>, Refusal>;
  /** The answer again, from a deep-frozen JSON copy of the state. */
  readonly again?: Result<Decision<S>, Refusal>;
  readonly thrown?: unknown;
}

interface Exploration<S> {
  readonly ctx: RailContext;
  readonly starts: readonly [Decision<S>, Decision<S>];
  readonly nodes: readonly Node<S>[];
  readonly transitions: readonly Transition<S>[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A frozen deep copy: what the rail gets, so that any write to it throws (ESM is strict mode). */
const frozenCopy = <T>(value: T): T => deepFreeze(structuredClone(value));

function explore<S>(rail: Rail<S>, ctx: RailContext, inputs: readonly Authorization[]): Exploration<S> {
  const first = rail.start(frozenCopy(ctx));
  const starts = [first, rail.start(frozenCopy(ctx))] as const;
  const nodes: Node<S>[] = [];
  const transitions: Transition<S>[] = [];
  const seen = new Set<string>();
  let frontier: Node<S>[] = [{ decision: first, path: [], trail: [JSON.stringify(first.state)] }];

  for (let depth = 0; frontier.length > 0; depth++) {
    const next: Node<S>[] = [];
    for (const node of frontier) {
      nodes.push(node);
      for (const input of inputs) {
        let transition: Transition<S>;
        try {
          const original = deepFreeze(structuredClone(node.decision.state));
          const before = JSON.stringify(original);
          const result = rail.advance(original, frozenCopy(input), frozenCopy(ctx));
          const again = rail.advance(deepFreeze(roundTrip(original)), frozenCopy(input), frozenCopy(ctx));
          if (JSON.stringify(original) !== before) throw new Error('the rail changed the state it was given');
          transition = { from: node, input, result, again };
        } catch (thrown) {
          transition = { from: node, input, thrown };
        }
        transitions.push(transition);
        const { result } = transition;
        if (depth < EXPLORE_DEPTH && result?.ok === true) {
          const stateKey = JSON.stringify(result.value.state);
          // Same state, same context: the rail answers the same, so one visit is enough.
          const visitKey = `${stateKey}|${result.value.status}`;
          if (seen.has(visitKey)) continue;
          seen.add(visitKey);
          next.push({
            decision: result.value,
            path: [...node.path, input],
            trail: [...node.trail, stateKey],
          });
        }
      }
    }
    frontier = next;
  }
  return { ctx, starts, nodes, transitions };
}

const label = (ctx: RailContext): string =>
  `${describeScenario(ctx.scenario)}${ctx.scenario.key === undefined ? '' : ` [${ctx.scenario.key}]`}${ctx.recurring ? ', recurring' : ''}`;

const where = <S>(node: Node<S>, input?: Authorization): string =>
  `after [${node.path.map((i) => i.type).join(' → ')}]${input === undefined ? '' : ` then ${JSON.stringify(input)}`}`;

const STATUSES = ['pending', 'succeeded', 'failed', 'voided'];

function checkDecision<S>(decision: Decision<S>, at: string): void {
  expect(STATUSES, at).toContain(decision.status);
  expect(typeof decision.note, at).toBe('string');
  expect(decision.note.trim(), `${at}: note`).not.toBe('');
  expect(decision.note, `${at}: note is one line`).not.toMatch(/[\r\n]/);
  if (decision.autoComplete !== undefined) {
    expect(decision.autoComplete, `${at}: autoComplete is only ever true`).toBe(true);
    expect(decision.status, `${at}: only a pending charge is auto-completed`).toBe('pending');
    expect(decision.nextAction?.type, `${at}: a requery charge waits for nobody`).not.toBe(
      'requires_requery',
    );
    expect(decision.nextAction?.type, `${at}: a page is answered on the page`).not.toBe('redirect_url');
  }
  if (decision.status === 'pending') {
    expect(decision.nextAction, `${at}: pending needs a nextAction`).toBeDefined();
    expect('processorResponse' in decision, `${at}: pending has no processorResponse`).toBe(false);
  } else {
    expect('nextAction' in decision, `${at}: final has no nextAction`).toBe(false);
    const response = decision.processorResponse;
    expect(response, `${at}: final needs a processorResponse`).toBeDefined();
    if (response !== undefined) {
      expect(isIssuerResponse(response), `${at}: ${JSON.stringify(response)} is an issuer pair`).toBe(true);
    }
  }
}

const awaited = (decision: Decision<unknown>): NextAction['type'] | undefined => decision.nextAction?.type;

export function railContract<S>(rail: Rail<S>, samples: RailSamples): void {
  const recurringValues = samples.recurring === false ? [false] : [false, true];
  const foreign = foreignFlows(rail);
  // One foreign flow per issuer is explored step by step like any scenario (the others are started).
  const foreignScenarios: Scenario[] = foreign.slice(0, 1).flatMap((flow) =>
    FOREIGN_ISSUERS.map((issuer) => ({
      key: `scenario:${flow}&issuer:${issuer}`,
      flow,
      issuer,
      malformed: false,
    })),
  );
  const scenarios = [...samples.scenarios, ...UNREADABLE_SCENARIOS, ...foreignScenarios];
  const base = samples.context ?? {};
  const contextOf = (scenario: Scenario, recurring: boolean): RailContext => ({
    ...base,
    scenario,
    recurring,
  });
  const contexts: RailContext[] = scenarios.flatMap((scenario) =>
    recurringValues.map((recurring) => contextOf(scenario, recurring)),
  );
  const cache = new Map<RailContext, Exploration<S>>();
  const explored = (ctx: RailContext): Exploration<S> => {
    let found = cache.get(ctx);
    if (found === undefined) {
      found = explore(rail, ctx, samples.inputs);
      cache.set(ctx, found);
    }
    return found;
  };
  /** Transitions where the rail answered (throws are reported by their own test). */
  const answered = (ctx: RailContext) =>
    explored(ctx).transitions.flatMap((t) =>
      t.result === undefined ? [] : [{ ...t, result: t.result, again: t.again }],
    );

  describe(`rail contract: ${rail.name}`, () => {
    it('has a name and distinct, scenario-key-shaped flows', () => {
      expect(rail.name).toMatch(/^[a-z0-9_]+$/);
      expect(rail.flows.length).toBeGreaterThan(0);
      expect(new Set(rail.flows).size).toBe(rail.flows.length);
      for (const flow of rail.flows) expect(flow).toMatch(/^[a-z0-9_]+$/);
    });

    it('understands each of its own flows, its default flow among them', () => {
      for (const flow of rail.flows) {
        const decision = rail.start(contextOf({ flow, malformed: false }, false));
        expect(awaited(decision), flow).not.toBe('requires_requery');
      }
      expect(rail.flows).toContain(rail.defaultFlow);
    });

    it('ignores a flow only other rails understand, and lets the issuer decide as without it', () => {
      expect(foreign.length).toBeGreaterThan(0);
      for (const flow of foreign) {
        for (const issuer of FOREIGN_ISSUERS) {
          for (const recurring of recurringValues) {
            const plain = rail.start(contextOf({ issuer, malformed: false }, recurring));
            const keyed = rail.start(contextOf({ flow, issuer, malformed: false }, recurring));
            const at = `scenario:${flow}&issuer:${issuer}${recurring ? ', recurring' : ''}`;
            const { note, ...rest } = keyed;
            const { note: plainNote, ...plainRest } = plain;
            expect(rest, at).toStrictEqual(plainRest);
            expect(note, at).toContain(plainNote);
            expect(note, at).toContain(`scenario:${flow} does not apply`);
            // And every later step answers as it would have without the foreign flow.
            if (keyed.status !== 'pending') continue;
            for (const input of samples.inputs) {
              expect(
                rail.advance(keyed.state, input, contextOf({ flow, issuer, malformed: false }, recurring)),
                `${at} then ${input.type}`,
              ).toStrictEqual(
                rail.advance(plain.state, input, contextOf({ issuer, malformed: false }, recurring)),
              );
            }
          }
        }
      }
    });

    it.each(
      UNREADABLE_SCENARIOS.flatMap((scenario) =>
        recurringValues.map((recurring) => ({ scenario, recurring })),
      ),
    )('leaves an unreadable scenario pending for a requery: $scenario.key (recurring $recurring)', (ctx) => {
      const decision = rail.start({ ...base, ...ctx });
      expect(decision.status).toBe('pending');
      expect(decision.nextAction).toEqual({ type: 'requires_requery' });
    });

    if (samples.recurring !== false) {
      it('makes a recurring charge final at once, whatever the flow', () => {
        for (const scenario of samples.scenarios) {
          if (awaited(rail.start(contextOf(scenario, false))) === 'requires_requery') continue;
          const decision = rail.start(contextOf(scenario, true));
          expect(decision.status, describeScenario(scenario)).not.toBe('pending');
        }
      });
    }

    describe.each(contexts.map((ctx) => ({ name: label(ctx), ctx })))('$name', ({ ctx }) => {
      it('starts deterministically with a well-formed decision', () => {
        const [first, second] = explored(ctx).starts;
        expect(second).toStrictEqual(first);
        checkDecision(first, 'start');
      });

      it('never throws nor mutates the state, input or context it is given', () => {
        for (const t of explored(ctx).transitions) {
          expect(t.thrown, where(t.from, t.input)).toBeUndefined();
        }
      });

      it('answers the same from the same state, and from its JSON round trip', () => {
        for (const t of answered(ctx)) expect(t.again, where(t.from, t.input)).toStrictEqual(t.result);
      });

      it('keeps every state as plain JSON', () => {
        for (const { decision, path } of explored(ctx).nodes) {
          expect(roundTrip(decision.state), `state after ${path.length} inputs`).toStrictEqual(
            decision.state,
          );
        }
      });

      it('makes every decision well-formed', () => {
        for (const t of answered(ctx)) {
          if (t.result.ok) checkDecision(t.result.value, where(t.from, t.input));
        }
      });

      it('refuses input the way the current step calls for', () => {
        for (const t of answered(ctx)) {
          const current = t.from.decision;
          const at = where(t.from, t.input);
          if (current.status !== 'pending') {
            expect(t.result, `${at}: a final charge takes nothing`).toStrictEqual({
              ok: false,
              error: { reason: 'not_awaiting_input' },
            });
          } else if (awaited(current) === 'requires_requery') {
            expect(t.result, `${at}: a requery charge takes nothing`).toStrictEqual({
              ok: false,
              error: { reason: 'not_awaiting_input', awaiting: 'requires_requery' },
            });
          } else if (!t.result.ok) {
            expect(t.result.error, at).toStrictEqual({
              reason: 'unexpected_input',
              awaiting: awaited(current),
            });
          }
        }
      });

      it('never goes back to a state it already passed through', () => {
        for (const t of answered(ctx)) {
          if (!t.result.ok) continue;
          const next = JSON.stringify(t.result.value.state);
          // Final states too: a final state equal to an earlier pending one could not refuse input.
          const revisited = t.from.trail.includes(next);
          expect(revisited, `${where(t.from, t.input)} returns to ${next}`).toBe(false);
        }
      });

      it('stays final once final', () => {
        for (const t of answered(ctx)) {
          if (t.from.decision.status !== 'pending') expect(t.result.ok, where(t.from, t.input)).toBe(false);
        }
      });
    });
  });
}
