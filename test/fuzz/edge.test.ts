/**
 * The requests no schema describes, on every operation of /openapi.json: no or wrong credentials,
 * hostile path segments (bad escapes, ids too long or of characters no id has), bodies of other
 * media types or that are not JSON, too deep, NUL-laden; bad escapes in the query. 20% of
 * BAOBAB_FUZZ_RUNS. What each answer must be: support/oracle.ts.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openHarness, fuzzAndCheck, type Harness } from './support/harness.js';
import { rawCase } from './support/mutations.js';
import { TOTAL_RUNS, timeoutFor } from './support/runner.js';

const RUNS = Math.round(TOTAL_RUNS * 0.2);
let h: Harness;

beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('fuzzing the edge of every operation', () => {
  it(
    `answers ${RUNS} requests sent the wrong way without a 5xx, each as documented`,
    { timeout: timeoutFor(RUNS) },
    async () => {
      await fuzzAndCheck('edge', {
        gw: h.gw,
        merchant: h.merchant,
        select: () => true,
        cases: rawCase,
        runs: RUNS,
        salt: 2,
      });
    },
  );
});
