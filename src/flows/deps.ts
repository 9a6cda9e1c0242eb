/** What every flow may use. Built once by the composition root (app.ts / main.ts). */
import type { Clock } from '../domain/clock.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Db } from '../store/db.js';

export interface FlowSettings {
  /** How long an idempotency key remembers its reply (DESIGN §3: 24 h). */
  readonly idempotencyTtlMs: number;
}

/** What flows report as it happens; metrics are one implementation. */
export interface Telemetry {
  chargeCompleted(outcome: {
    readonly paymentMethod: string;
    readonly status: string;
    readonly dialect: string;
  }): void;
}

export interface Deps {
  readonly db: Db;
  readonly clock: Clock;
  readonly keys: Keyring;
  readonly settings: FlowSettings;
  readonly telemetry: Telemetry;
}
