/**
 * The server process: configuration → store (migrated) → sandbox seed → HTTP app → housekeeping,
 * and a graceful close that lets in-flight requests finish before the store shuts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { loadPricing, openReadyStore, systemClock } from './boot.js';
import { CLOCKS_CHANNEL, createMerchantClocks } from './flows/sandbox/clocks.js';
import { createMerchantProfiles } from './flows/merchants/merchant-profiles.js';
import { credentialsFile, gatewayFile, type Config } from './config.js';
import type { MerchantCredentials } from './domain/merchant.js';
import type { Deps } from './flows/deps.js';
import { foldWalletCredits, purgeExpiredIdempotencyKeys } from './flows/maintenance.js';
import { seedSandboxMerchant } from './flows/merchants/merchants.js';
import { scheduleSettlements } from './flows/settlements/settlements.js';
import { setSandboxWebhook } from './flows/webhooks/webhook-endpoints.js';
import { jobHandlers, KIND_LIMITS, onDeadJob } from './jobs/handlers.js';
import { relayEvents } from './flows/webhooks/webhook-relay.js';
import { renderWebhook } from './api/webhook-bodies.js';
import { createWorker } from './jobs/worker.js';
import { timerRunner } from './jobs/timer-runner.js';
import type { OnUnexpected } from './api/http/errors.js';
import { createMetrics, unexpectedErrors } from './api/http/metrics.js';
import { findMerchantByClientId } from './store/merchants.js';
import { numericIds } from './store/numeric-ids.js';
import { createRateLimiter } from './flows/sandbox/rate-limiter.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** Counts an error nobody foresaw into this server's metrics (the process guards use it). */
  readonly unexpected: OnUnexpected;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The channel store/migrations/0009_event_notify.sql notifies when events are written. */
const EVENTS_CHANNEL = 'baobab_events';

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const pricing = loadPricing(config.pricingFile);
  const { db, keys, migrationsApplied } = await openReadyStore(config, log);
  if (migrationsApplied.length > 0) log.info({ migrations: migrationsApplied }, 'store migrated');
  const metrics = createMetrics({ processMetrics: true });
  const deps: Deps = {
    db,
    clock: systemClock,
    keys,
    settings: { idempotencyTtlMs: 24 * HOUR, autoCompleteMs: config.autoCompleteMs },
    telemetry: metrics.telemetry,
    pricing,
    profiles: createMerchantProfiles(db, keys, systemClock),
    clocks: createMerchantClocks(db, systemClock),
    numericIds: numericIds(db),
  };

  let forgetGateway = (): void => undefined;
  try {
    await announceSandboxMerchant(deps, config, log);
    // The daily settlement run (docs/sandbox.md "Settlements"); each run schedules the next.
    await scheduleSettlements(deps);
    await applySandboxWebhook(deps, config, log);
    const handlers = jobHandlers({
      webhooks: {
        render: renderWebhook,
        schedule: config.webhookRetrySchedule,
        timeoutMs: config.webhookTimeoutMs,
      },
    });
    const adminToken = randomBytes(32).toString('base64url');
    const app = await buildApp({
      admin: { token: adminToken },
      deps,
      // A sandbox clock advance runs the timers it makes due with the worker's handlers.
      timers: timerRunner(handlers, { onDead: onDeadJob, log }),
      metrics: metrics.registry,
      publicUrl: config.publicUrl,
      bodyLimit: config.bodyLimit,
      logger: log,
      rateLimiter: createRateLimiter({
        db,
        clock: systemClock,
        limits: config.rateLimits,
        syncMs: config.rateLimitSyncMs,
        onSyncError: (error) => {
          log.warn({ err: error }, 'rate limit sync failed; buckets stay local until the next sync');
        },
      }),
      faultHoldMs: config.faultHoldMs,
    });
    const url = await app.listen({ host: config.host, port: config.port });
    forgetGateway = announceGateway(config, app, adminToken);
    const worker = createWorker(deps, handlers, {
      pollMs: config.jobPollMs,
      leaseMs: config.jobLeaseMs,
      beforePass: relayEvents,
      onDead: onDeadJob,
      kindLimits: KIND_LIMITS,
      log,
    });
    worker.start();
    // An event committed on any node wakes this worker: its webhooks go out without waiting a poll.
    const unlisten = await db.listen(EVENTS_CHANNEL, () => {
      worker.wake();
    });
    // A sandbox clock changed on some node: the request path reads it again (docs/sandbox.md "Time").
    const unlistenClocks = await db.listen(CLOCKS_CHANNEL, () => {
      deps.clocks.forget();
    });
    const housekeeping = setInterval(() => {
      purgeExpiredIdempotencyKeys(deps).catch((error: unknown) => {
        log.warn({ err: error }, 'idempotency key purge failed');
      });
    }, HOUR);
    housekeeping.unref();
    // Charges' credits wait beside their wallet until a movement folds them in; idle wallets get theirs here.
    const folding = setInterval(() => {
      foldWalletCredits(deps).catch((error: unknown) => {
        log.warn({ err: error }, 'wallet credit fold failed');
      });
    }, MINUTE);
    folding.unref();
    log.info({ url, public_url: config.publicUrl, store: db.kind }, 'baobab is listening');
    return {
      app,
      url,
      unexpected: unexpectedErrors(metrics.registry),
      async close() {
        forgetGateway();
        clearInterval(housekeeping);
        clearInterval(folding);
        await unlisten();
        await unlistenClocks();
        // Jobs first: a handler in progress may still need the store, and one stopped midway would
        // only run again after its lease.
        await worker.stop();
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    forgetGateway();
    await db.close();
    throw error;
  }
}

/**
 * First boot on an empty store seeds the sandbox merchant and writes its credentials (0600) to the
 * data dir; every boot prints them again from that file, so `npm start` always shows working keys.
 */
async function announceSandboxMerchant(deps: Deps, config: Config, log: Logger): Promise<void> {
  const file = credentialsFile(config);
  const seeded = await seedSandboxMerchant(deps);
  if (seeded) {
    writeFileSync(file, `${JSON.stringify(seeded.credentials, null, 2)}\n`, { mode: 0o600 });
    log.info({ merchant_id: seeded.merchant.id, file }, 'seeded the sandbox merchant');
  }
  if (!existsSync(file)) return;
  const credentials = JSON.parse(readFileSync(file, 'utf8')) as MerchantCredentials;
  if (!(await findMerchantByClientId(deps.db, credentials.v4.client_id))) {
    log.warn({ file }, 'the sandbox credentials file names a merchant this store does not have; ignoring it');
    return;
  }
  process.stderr.write(banner(credentials, file, config.publicUrl));
}

/**
 * Writes `<data dir>/gateway.json` (0600): the loopback URL this node answers on and its admin token,
 * for the CLI (api/admin.ts). Returns what removes it again, unless another node has replaced it.
 */
function announceGateway(config: Config, app: FastifyInstance, token: string): () => void {
  const file = gatewayFile(config);
  const { address, port } = app.server.address() as AddressInfo;
  const host = address.includes(':')
    ? `[${address === '::' ? '::1' : address}]`
    : address === '0.0.0.0'
      ? '127.0.0.1'
      : address;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // A fresh file, so the mode applies even where an old one (a node that was killed) was left.
  rmSync(file, { force: true });
  const text = `${JSON.stringify({ url: `http://${host}:${String(port)}`, token, pid: process.pid }, null, 2)}\n`;
  writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  return () => {
    try {
      if (readFileSync(file, 'utf8') === text) rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** `BAOBAB_WEBHOOK_URL`: sets (or replaces) the sandbox merchant's v3 webhook endpoint on every boot. */
async function applySandboxWebhook(deps: Deps, config: Config, log: Logger): Promise<void> {
  if (config.sandboxWebhook === undefined) return;
  const set = await setSandboxWebhook(deps, config.sandboxWebhook);
  if (set === undefined) {
    log.warn(
      'BAOBAB_WEBHOOK_URL is set but this store has no sandbox merchant; use `baobab merchants webhook set`',
    );
    return;
  }
  // The configuration has checked the URL already: a failure here is not the operator's input.
  if (!set.ok) throw new Error(`BAOBAB_WEBHOOK_URL: ${set.error.message}`);
  const { merchantId, url, mode, id } = set.value;
  log.info(
    { merchant_id: merchantId, url, format: mode, endpoint_id: id },
    'sandbox merchant v3 webhook endpoint set',
  );
}

function banner(c: MerchantCredentials, file: string, url: string): string {
  return [
    '',
    '  Baobab sandbox merchant (test keys; also in ' + file + ')',
    `    merchant_id          ${c.merchant_id}`,
    `    v4 client_id         ${c.v4.client_id}`,
    `    v4 client_secret     ${c.v4.client_secret}`,
    `    v4 encryption_key    ${c.v4.encryption_key}`,
    `    v3 public_key        ${c.v3.public_key}`,
    `    v3 secret_key        ${c.v3.secret_key}`,
    `    v3 encryption_key    ${c.v3.encryption_key}`,
    `    webhook_secret_hash  ${c.webhook_secret_hash}`,
    `  Token: curl -s -X POST ${url}/oauth/token -d grant_type=client_credentials \\`,
    `           -d client_id=${c.v4.client_id} -d client_secret=${c.v4.client_secret}`,
    `  API reference: ${url}/docs`,
    '',
    '',
  ].join('\n');
}
