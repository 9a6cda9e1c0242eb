/**
 * Fuzzing every v3 operation of /openapi.json with valid, broken and hostile requests
 * (support/mutations.ts), authenticated with the merchant's secret key; `POST /v3/charges` starts
 * from a known-good body of each charge type. 35% of BAOBAB_FUZZ_RUNS. What each answer must be:
 * support/oracle.ts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openHarness, fuzzAndCheck, type Harness } from './support/harness.js';
import { anyCase } from './support/mutations.js';
import { TOTAL_RUNS, timeoutFor } from './support/runner.js';

const RUNS = Math.round(TOTAL_RUNS * 0.35);
let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('fuzzing the v3 API', () => {
  it(
    `answers ${RUNS} generated requests without a 5xx, each as documented`,
    { timeout: timeoutFor(RUNS) },
    async () => {
      await fuzzAndCheck('v3', {
        gw: h.gw,
        merchant: h.merchant,
        select: (op) => op.dialect === 'v3',
        cases: anyCase,
        runs: RUNS,
        salt: 3,
      });
    },
  );
});
