/** What every flow may use. Built once by the composition root (app.ts / main.ts). */
import type { Clock } from '../domain/clock.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Pricing } from '../domain/fees.js';
import type { Db } from '../store/db.js';
import type { NumericIds } from '../store/numeric-ids.js';
import type { MerchantProfiles } from './merchants/merchant-profiles.js';
import type { MerchantClocks } from './sandbox/clocks.js';

export interface FlowSettings {
  /** How long an idempotency key remembers its reply (DESIGN §3: 24 h). */
  readonly idempotencyTtlMs: number;
  /**
   * How long a push-type sandbox payment (a mobile-money prompt, a USSD session…) waits for the
   * customer before the sandbox completes it with the scenario's outcome.
   */
  readonly autoCompleteMs: number;
}

/** What flows report as it happens; metrics are one implementation. */
export interface Telemetry {
  /** `channel` is what drove the final step: `v4`, `v3`, `sandbox_page`… */
  chargeCompleted(outcome: {
    readonly paymentMethod: string;
    readonly status: string;
    readonly channel: string;
  }): void;
}

export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  readonly keys: Keyring;
  readonly settings: FlowSettings;
  readonly telemetry: Telemetry;
  readonly pricing: Pricing;
  readonly profiles: MerchantProfiles;
  /** Merchants' sandbox clocks, cached for the request path (`merchantDeps`). */
  readonly clocks: MerchantClocks;
  readonly numericIds: NumericIds;
}
