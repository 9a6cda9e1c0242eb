import { describe, expect, it } from 'vitest';
import type { PaymentMethodType } from '../../src/domain/payment-method.js';
import { bankTransferRail } from '../../src/rails/bank-transfer.js';
import { cardRail } from '../../src/rails/card.js';
import { RAILS, railFor } from '../../src/rails/index.js';
import { mobileMoneyRail } from '../../src/rails/mobile-money.js';
import { redirectRail } from '../../src/rails/redirect.js';
import { REQUERY_FLOW, SANDBOX_FLOWS } from '../../src/rails/scenarios.js';

describe('rail registry', () => {
  it('finds a rail for every payment-method type', () => {
    const types: Record<PaymentMethodType, true> = {
      card: true,
      mobile_money: true,
      ussd: true,
      opay: true,
      applepay: true,
      googlepay: true,
      bank_account: true,
      bank_transfer: true,
      nqr: true,
      voucher: true,
      enaira: true,
      fawry: true,
      paypal: true,
      account_debit: true,
    };
    for (const type of Object.keys(types)) expect(railFor(type), type).toBeDefined();
    expect(Object.keys(RAILS).sort()).toEqual(Object.keys(types).sort());
  });

  it('carries each kind of payment on its own network', () => {
    expect(railFor('card')).toBe(cardRail);
    expect(railFor('mobile_money')).toBe(mobileMoneyRail);
    expect(railFor('bank_transfer')).toBe(bankTransferRail);
    for (const type of ['opay', 'applepay', 'googlepay', 'bank_account', 'enaira']) {
      expect(railFor(type), type).toBe(redirectRail);
    }
  });

  it('finds nothing for a type no rail carries, nor for inherited property names', () => {
    for (const type of ['CARD', 'crypto', 'constructor', '__proto__', 'toString', '']) {
      expect(railFor(type), type).toBeUndefined();
    }
  });

  it('knows every scenario value of the sandbox from the rails themselves, and no other', () => {
    const ofRails = new Set(Object.values(RAILS).flatMap((rail) => [...rail.flows]));
    expect([...SANDBOX_FLOWS].sort()).toEqual([...ofRails].sort());
    expect(SANDBOX_FLOWS.has(REQUERY_FLOW)).toBe(false);
  });
});
