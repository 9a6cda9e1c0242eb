import { describe, expect, it } from 'vitest';
import { describeScenario, parseScenarioKey, SCENARIO_KEY_MAX_LENGTH } from '../../src/domain/scenario.js';

describe('parseScenarioKey', () => {
  it.each([undefined, '', '   '])('reads %j as no scenario', (header) => {
    expect(parseScenarioKey(header)).toStrictEqual({ malformed: false });
  });

  it.each([
    ['scenario:auth_pin&issuer:insufficient_funds', { flow: 'auth_pin', issuer: 'insufficient_funds' }],
    ['issuer:insufficient_funds&scenario:auth_pin', { flow: 'auth_pin', issuer: 'insufficient_funds' }],
    ['scenario:auth_redirect', { flow: 'auth_redirect' }],
    ['issuer:approved', { issuer: 'approved' }],
    ['scenario:successful', { flow: 'successful' }],
    [' scenario:auth_pin & issuer:approved ', { flow: 'auth_pin', issuer: 'approved' }],
    ['Scenario:AUTH_PIN&ISSUER:Approved', { flow: 'auth_pin', issuer: 'approved' }],
    ['scenario : auth_3ds', { flow: 'auth_3ds' }],
    ['issuer:do_not_honor_2', { issuer: 'do_not_honor_2' }],
  ])('reads %j', (header, parts) => {
    expect(parseScenarioKey(header)).toStrictEqual({ key: header, malformed: false, ...parts });
  });

  it.each([
    ['webhook:drop', {}],
    ['scenario:auth_pin&webhook:duplicate&webhook:delay=30', { flow: 'auth_pin' }],
    ['Webhook:Bad_Signature&issuer:insufficient_funds', { issuer: 'insufficient_funds' }],
    ['webhook : out_of_order&webhook:slow', {}],
  ])('reads %j, its webhook: faults left to the fan-out', (header, parts) => {
    expect(parseScenarioKey(header)).toStrictEqual({ key: header, malformed: false, ...parts });
  });

  it.each([
    'webhook:',
    'webhook:lost',
    'webhook:delay=0',
    'webhook:delay=86401',
    'webhook:delay',
    'webhook:drop&',
  ])('marks %j malformed: a webhook part naming no fault', (header) => {
    expect(parseScenarioKey(header)).toStrictEqual({ key: header, malformed: true });
  });

  it('does not judge whether values are known: that is the rail’s business', () => {
    expect(parseScenarioKey('scenario:no_such_flow&issuer:no_such_issuer')).toStrictEqual({
      key: 'scenario:no_such_flow&issuer:no_such_issuer',
      flow: 'no_such_flow',
      issuer: 'no_such_issuer',
      malformed: false,
    });
  });

  it.each([
    'auth_pin',
    'scenario=auth_pin',
    'scenario:',
    'issuer:',
    ':approved',
    'scenario:auth pin',
    'scenario:auth-pin',
    'scenario:auth_pin&',
    '&scenario:auth_pin',
    'scenario:auth_pin&&issuer:approved',
    'scenario:auth_pin&scenario:auth_3ds',
    'issuer:approved&issuer:approved',
    'scenario:auth_pin;issuer:approved',
    'scenario:auth_pin&issuer:approved&extra',
    'network:mtn',
    'scenario:auth_pin&pin:3310',
    'scenario:auth_pin:issuer:approved',
    'scenario:auth_pïn',
    'issuer:approved\u0000',
  ])('marks %j malformed and keeps it as sent', (header) => {
    expect(parseScenarioKey(header)).toStrictEqual({ key: header, malformed: true });
  });

  it(`marks a key over ${SCENARIO_KEY_MAX_LENGTH} characters malformed`, () => {
    const atLimit = `scenario:${'a'.repeat(SCENARIO_KEY_MAX_LENGTH - 'scenario:'.length)}`;
    expect(parseScenarioKey(atLimit).malformed).toBe(false);
    expect(parseScenarioKey(`${atLimit}a`)).toStrictEqual({ key: `${atLimit}a`, malformed: true });
  });
});

describe('describeScenario', () => {
  it.each([
    ['scenario:auth_pin&issuer:insufficient_funds', 'auth_pin then issuer insufficient_funds'],
    ['scenario:auth_3ds', 'auth_3ds then issuer approved (default)'],
    ['issuer:expired_card', 'default flow then issuer expired_card'],
    [undefined, 'default flow then issuer approved (default)'],
    ['scenario=x', 'unreadable scenario key "scenario=x"'],
  ])('describes %j as %j', (header, text) => {
    expect(describeScenario(parseScenarioKey(header))).toBe(text);
  });

  it('names fixed test credentials', () => {
    expect(describeScenario({ flow: 'auth_pin', pin: '3310', otp: '12345', malformed: false })).toBe(
      'auth_pin then issuer approved (default); only PIN 3310 and OTP 12345 accepted',
    );
  });
});
