/**
 * Fuzzing every v4 operation of /openapi.json (and the token endpoint, health and metrics) with
 * valid, broken and hostile requests (support/mutations.ts), as the merchant. 45% of
 * BAOBAB_FUZZ_RUNS. What each answer must be: support/oracle.ts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openHarness, fuzzAndCheck, type Harness } from './support/harness.js';
import { anyCase } from './support/mutations.js';
import { TOTAL_RUNS, timeoutFor } from './support/runner.js';

const RUNS = Math.round(TOTAL_RUNS * 0.45);
let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('fuzzing the v4 API', () => {
  it(
    `answers ${RUNS} generated requests without a 5xx, each as documented`,
    { timeout: timeoutFor(RUNS) },
    async () => {
      await fuzzAndCheck('v4', {
        gw: h.gw,
        merchant: h.merchant,
        select: (op) => op.dialect !== 'v3',
        cases: anyCase,
        runs: RUNS,
        salt: 4,
      });
    },
  );
});
