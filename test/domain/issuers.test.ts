import { describe, expect, it } from 'vitest';
import {
  AUTHENTICATION_FAILED,
  ISSUER_RESPONSES,
  ISSUER_TYPES,
  PIN_ISSUERS,
  isIssuerResponse,
  isIssuerType,
  processorResponse,
} from '../../src/domain/issuers.js';

describe('issuer responses', () => {
  it('holds the 45 type ↔ code pairs of spec §8.3, each code once, in code order', () => {
    expect(ISSUER_TYPES).toHaveLength(45);
    const codes = Object.values(ISSUER_RESPONSES);
    expect(new Set(codes).size).toBe(45);
    for (const code of codes) expect(code).toMatch(/^\d{2}$/);
    expect([...codes].sort()).toEqual(codes);
  });

  it.each([
    ['approved', '00'],
    ['refer_to_issuer_special_condition', '02'],
    ['do_not_honor', '05'],
    ['partial_approval', '10'],
    ['invalid_transaction', '12'],
    ['insufficient_funds', '51'],
    ['expired_card', '54'],
    ['incorrect_pin', '55'],
    ['pin_data_required', '70'],
    ['pin_entry_tries_exceeded', '75'],
    ['cannot_verify_pin', '86'],
    ['system_error', '96'],
    ['invalid_cvv', '97'],
  ] as const)('%s is %s', (type, code) => {
    expect(processorResponse(type)).toEqual({ type, code });
    expect(isIssuerResponse({ type, code })).toBe(true);
  });

  it('recognises issuer types by own key only', () => {
    expect(isIssuerType('insufficient_funds')).toBe(true);
    for (const s of ['', 'Approved', 'constructor', '__proto__', 'toString', 'pending', 'failed']) {
      expect(isIssuerType(s), s).toBe(false);
    }
  });

  it('rejects pairs that are not in the table', () => {
    expect(isIssuerResponse({ type: 'pending', code: '02' })).toBe(false);
    expect(isIssuerResponse({ type: 'approved', code: '05' })).toBe(false);
  });

  it('fails the four PIN issuers at the PIN step', () => {
    expect([...PIN_ISSUERS].sort()).toEqual([
      'cannot_verify_pin',
      'incorrect_pin',
      'pin_data_required',
      'pin_entry_tries_exceeded',
    ]);
  });

  it('answers a failed authentication with do_not_honor (05)', () => {
    expect(AUTHENTICATION_FAILED).toEqual({ type: 'do_not_honor', code: '05' });
  });
});
