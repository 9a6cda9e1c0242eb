/**
 * An in-process gateway for tests, driven through its public HTTP API with `app.inject`, on a
 * store of the caller's choice and a clock the test moves. `merchant()` creates a tenant and
 * fetches a v4 access token the way a merchant would.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { AdminOptions } from '../../src/api/admin.js';
import { createMetrics } from '../../src/api/http/metrics.js';
import { keyringFrom, type Keyring } from '../../src/crypto/keyring.js';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { DEFAULT_PRICING } from '../../src/methods/pricing.js';
import type { Deps } from '../../src/flows/deps.js';
import { CLOCKS_CHANNEL, createMerchantClocks } from '../../src/flows/sandbox/clocks.js';
import { createMerchantProfiles } from '../../src/flows/merchants/merchant-profiles.js';
import { createMerchant } from '../../src/flows/merchants/merchants.js';
import { relayEvents } from '../../src/flows/webhooks/webhook-relay.js';
import { renderWebhook } from '../../src/api/webhook-bodies.js';
import { DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from '../../src/domain/webhooks.js';
import { jobHandlers, KIND_LIMITS, onDeadJob } from '../../src/jobs/handlers.js';
import type { JobHandler, WorkerLog } from '../../src/jobs/worker.js';
import { createWorker } from '../../src/jobs/worker.js';
import { timerRunner } from '../../src/jobs/timer-runner.js';
import type { Db } from '../../src/store/db.js';
import { numericIds } from '../../src/store/numeric-ids.js';
import { ManualClock } from './clock.js';
import { createRateLimiter, type RateLimiter } from '../../src/flows/sandbox/rate-limiter.js';
import { rateLimitsOf, type RateLimits } from '../../src/domain/rate-limits.js';
import { PGLITE, type StoreKind, type TestStore } from './stores.js';

export interface TestMerchant {
  readonly credentials: MerchantCredentials;
  readonly token: string;
  readonly headers: { readonly authorization: string };
}

export interface TestGateway {
  readonly app: FastifyInstance;
  readonly deps: Deps;
  readonly clock: ManualClock;
  readonly keys: Keyring;
  merchant(name?: string): Promise<TestMerchant>;
  /** A fresh access token for existing credentials (after the test clock has moved past expiry). */
  login(credentials: MerchantCredentials): Promise<TestMerchant>;
  /**
   * Relays new events to their webhook deliveries, then runs every job due at the test clock's time
   * (move `clock` first); resolves with how many jobs ran.
   */
  runJobs(): Promise<number>;
  /** The job handlers this gateway's worker runs, for a test's own worker. */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Its rate limiter: never synced by a timer here, tests call `sync()`. */
  readonly rateLimiter: RateLimiter;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Use this store instead of opening a new one (a second node on the same database). */
  readonly db?: Db;
  readonly keys?: Keyring;
  readonly clock?: ManualClock;
  readonly bodyLimit?: number;
  readonly logger?: FastifyBaseLogger;
  /** `FlowSettings.autoCompleteMs`: how long a push-type sandbox payment waits before completing. */
  readonly autoCompleteMs?: number;
  /** BAOBAB_PUBLIC_URL: where links handed to browsers point (a real browser needs a real address). */
  readonly publicUrl?: string;
  /** Webhook retry delays in ms (the default schedule when absent) and the receivers' time limit. */
  readonly webhookRetrySchedule?: RetrySchedule;
  readonly webhookTimeoutMs?: number;
  /**
   * The rate limits: unless given, so high no suite meets them (the fuzzers send thousands of requests
   * on a clock that does not move). The product's defaults are in src/domain/rate-limits.ts.
   */
  readonly rateLimits?: RateLimits;
  /** BAOBAB_FAULT_HOLD_MS (30 s unless given). */
  readonly faultHoldMs?: number;
  /** Where retries fall within the schedule's jitter: 0.5 (none) unless given. */
  readonly random?: () => number;
  /** The CLI's admin API (src/api/admin.ts), as `serve` installs it; absent unless given. */
  readonly admin?: AdminOptions;
}

const UNREACHABLE_LIMITS = rateLimitsOf(() => ({ perSecond: 1_000_000, burst: 1_000_000 }));

export async function startGateway(
  kind: StoreKind = PGLITE,
  options: GatewayOptions = {},
): Promise<TestGateway> {
  const store: TestStore | undefined = options.db ? undefined : await kind.open();
  const db = options.db ?? (store as TestStore).db;
  const clock = options.clock ?? new ManualClock();
  const keys = options.keys ?? keyringFrom(randomBytes(32));
  const metrics = createMetrics({ processMetrics: false });
  const deps: Deps = {
    db,
    clock,
    keys,
    settings: { idempotencyTtlMs: 24 * 3_600_000, autoCompleteMs: options.autoCompleteMs ?? 10_000 },
    telemetry: metrics.telemetry,
    pricing: DEFAULT_PRICING,
    profiles: createMerchantProfiles(db, keys, clock),
    clocks: createMerchantClocks(db, clock),
    numericIds: numericIds(db),
  };
  const rateLimiter = createRateLimiter({
    db,
    clock,
    limits: options.rateLimits ?? UNREACHABLE_LIMITS,
    syncMs: 0,
  });
  // The worker is never started: tests run jobs when they choose, after moving the clock. Without a
  // logger a failing job goes to the console: it is a test failure waiting to be noticed.
  const handlers = jobHandlers({
    webhooks: {
      render: renderWebhook,
      schedule: options.webhookRetrySchedule ?? DEFAULT_RETRY_SCHEDULE,
      timeoutMs: options.webhookTimeoutMs ?? 5_000,
      random: options.random ?? (() => 0.5),
    },
  });
  const log: WorkerLog = options.logger ?? {
    warn: (obj, msg) => {
      console.warn(msg, obj);
    },
    error: (obj, msg) => {
      console.error(msg, obj);
    },
  };
  const app = await buildApp({
    deps,
    rateLimiter,
    timers: timerRunner(handlers, { onDead: onDeadJob, log }),
    ...(options.faultHoldMs === undefined ? {} : { faultHoldMs: options.faultHoldMs }),
    metrics: metrics.registry,
    publicUrl: options.publicUrl ?? 'http://baobab.test',
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.admin ? { admin: options.admin } : {}),
  });
  await app.ready();
  // As main.ts: a clock changed on any node drops this node's cached clocks.
  const unlistenClocks = await db.listen(CLOCKS_CHANNEL, () => {
    deps.clocks.forget();
  });
  const worker = createWorker(deps, handlers, {
    pollMs: 1_000,
    beforePass: relayEvents,
    onDead: onDeadJob,
    kindLimits: KIND_LIMITS,
    log,
  });

  const login = async (credentials: MerchantCredentials): Promise<TestMerchant> => {
    const res = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.v4.client_id,
        client_secret: credentials.v4.client_secret,
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (res.statusCode !== 200) throw new Error(`token request failed: ${res.statusCode} ${res.body}`);
    const token = res.json<{ access_token: string }>().access_token;
    return { credentials, token, headers: { authorization: `Bearer ${token}` } };
  };

  return {
    app,
    deps,
    clock,
    keys,
    login,
    runJobs: () => worker.runDue(),
    handlers,
    rateLimiter,
    async merchant(name = 'Test Merchant') {
      return login((await createMerchant(deps, name)).credentials);
    },
    async close() {
      await worker.stop();
      await unlistenClocks();
      await app.close();
      await store?.close();
    },
  };
}
