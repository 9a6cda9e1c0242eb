import { describe, expect, it } from 'vitest';
import {
  faultsOfScenarioKey,
  formatFaults,
  mergeFaults,
  readFaults,
} from '../../src/domain/webhook-faults.js';

describe('webhook faults', () => {
  it('reads the webhook: parts of a scenario key, and none from an unreadable one', () => {
    expect(faultsOfScenarioKey('scenario:auth_pin&webhook:delay=30&webhook:duplicate')).toStrictEqual({
      duplicate: true,
      delaySeconds: 30,
    });
    expect(faultsOfScenarioKey('issuer:approved')).toStrictEqual({});
    expect(faultsOfScenarioKey('webhook:drop&webhook:nonsense')).toStrictEqual({});
    expect(faultsOfScenarioKey(undefined)).toStrictEqual({});
  });

  it('stores a set in canonical words and reads it back', () => {
    const all = {
      drop: true,
      duplicate: true,
      delaySeconds: 5,
      outOfOrder: true,
      badSignature: true,
      slow: true,
    } as const;
    expect(formatFaults(all)).toBe('drop,duplicate,delay=5,out_of_order,bad_signature,slow');
    expect(readFaults(formatFaults(all))).toStrictEqual(all);
    expect(formatFaults({})).toBeUndefined();
    expect(readFaults(null)).toStrictEqual({});
  });

  it('merges an endpoint’s and an event’s faults; the longer delay wins', () => {
    expect(mergeFaults({ delaySeconds: 10, slow: true }, { delaySeconds: 30, drop: true })).toStrictEqual({
      drop: true,
      delaySeconds: 30,
      slow: true,
    });
  });
});
