/**
 * One typed configuration, read from the environment once at start. Defaults give the embedded
 * PGlite store in ./.baobab and the sandbox rails: `npm start` needs nothing set.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_RETRY_SCHEDULE, parseRetrySchedule, type RetrySchedule } from './domain/webhooks.js';
import { isV3Format, webhookUrlProblem, type V3Format } from './domain/webhook-endpoints.js';
import { POSTGRES_DEFAULTS } from './store/pg-defaults.js';
import { DEFAULT_RATE_LIMITS, rateLimitsOf, type GroupLimit, type RateLimits } from './domain/rate-limits.js';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly dbPoolSize: number;
  /** PostgreSQL: longest wait for a new connection or a free pooled one; also bounds health probes. */
  readonly dbConnectTimeoutMs: number;
  /** PostgreSQL: the server's statement_timeout; the client abandons a statement a second later. */
  readonly dbStatementTimeoutMs: number;
  /** PostgreSQL: the server's idle_in_transaction_session_timeout (a stalled node's locks go). */
  readonly dbIdleTxTimeoutMs: number;
  readonly masterKey: string | undefined;
  readonly logLevel: string;
  /** BAOBAB_LOG_FORMAT: `json`, `pretty`, or `auto` (pretty on a terminal, JSON elsewhere). */
  readonly logFormat: 'json' | 'pretty' | 'auto';
  readonly bodyLimit: number;
  readonly lockWaitMs: number;
  /** A JSON pricing table overriding the sandbox defaults (docs/sandbox.md, "Fees"). */
  readonly pricingFile: string | undefined;
  /** Pause between two polls of the job queue by this node's worker. */
  readonly jobPollMs: number;
  /** How long a push-type sandbox payment waits for the customer before the sandbox completes it. */
  readonly autoCompleteMs: number;
  /**
   * How long a claimed job is its worker's before another node may run it again; the worker renews
   * it every third of that while the job runs, so this is how soon a dead node's jobs resume.
   */
  readonly jobLeaseMs: number;
  /** Delays between webhook attempts (docs/webhooks.md). */
  readonly webhookRetrySchedule: RetrySchedule;
  /** How long a webhook receiver has to answer. */
  readonly webhookTimeoutMs: number;
  /** `BAOBAB_WEBHOOK_URL`/`_FORMAT`: the sandbox merchant's v3 webhook endpoint, set on every boot. */
  readonly sandboxWebhook: { readonly url: string; readonly format: V3Format } | undefined;
  /** `BAOBAB_RATE_LIMIT_<GROUP>`: each route group's token bucket (docs/sandbox.md "Rate limits"). */
  readonly rateLimits: RateLimits;
  /** How often a node syncs its rate-limit buckets with the database. */
  readonly rateLimitSyncMs: number;
  /** How long `fault:timeout_after_commit` holds the connection before closing it unanswered. */
  readonly faultHoldMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** The default statement timeout leaves a lock wait this much room to end in its own 409. */
const STATEMENT_OVER_LOCK_WAIT_MS = 5_000;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };

  const retrySchedule = (raw: string | undefined): RetrySchedule => {
    if (raw === undefined) return DEFAULT_RETRY_SCHEDULE;
    const parsed = parseRetrySchedule(raw);
    if (typeof parsed !== 'string') return parsed;
    problems.push(`BAOBAB_WEBHOOK_RETRY_SCHEDULE must be delays in seconds separated by commas: ${parsed}`);
    return DEFAULT_RETRY_SCHEDULE;
  };

  const sandboxWebhook = (): Config['sandboxWebhook'] => {
    const url = text('BAOBAB_WEBHOOK_URL');
    const format = text('BAOBAB_WEBHOOK_FORMAT') ?? 'envelope';
    const formatOk = isV3Format(format);
    if (!formatOk) problems.push(`BAOBAB_WEBHOOK_FORMAT must be envelope or legacy (got "${format}")`);
    if (url === undefined) return undefined;
    const problem = webhookUrlProblem(url);
    if (problem !== undefined) problems.push(`BAOBAB_WEBHOOK_URL ${problem} (got "${url}")`);
    return problem === undefined && formatOk ? { url, format } : undefined;
  };

  // `<per second>` or `<per second>/<burst>`; the burst defaults to two seconds' worth; 0 is no limit.
  const groupLimit = (name: string, fallback: GroupLimit): GroupLimit => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const match = /^(\d{1,9})(?:\/(\d{1,9}))?$/.exec(raw);
    const perSecond = Number(match?.[1]);
    const burst = match?.[2] === undefined ? perSecond * 2 : Number(match[2]);
    if (!match || (perSecond > 0 && burst < 1)) {
      problems.push(`${name} must be <requests per second> or <requests per second>/<burst> (got "${raw}")`);
      return fallback;
    }
    return { perSecond, burst };
  };
  const rateLimits = rateLimitsOf((group) =>
    groupLimit(`BAOBAB_RATE_LIMIT_${group.toUpperCase()}`, DEFAULT_RATE_LIMITS[group]),
  );

  const host = text('HOST') ?? '127.0.0.1';
  const port = integer('PORT', 8080, 0, 65535);
  const publicUrl = (
    text('BAOBAB_PUBLIC_URL') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  ).replace(/\/+$/, '');
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    problems.push(`BAOBAB_PUBLIC_URL must be an http(s) URL (got "${publicUrl}")`);
  }
  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  const logFormat = text('BAOBAB_LOG_FORMAT') ?? 'auto';
  if (logFormat !== 'json' && logFormat !== 'pretty' && logFormat !== 'auto') {
    problems.push(`BAOBAB_LOG_FORMAT must be json, pretty or auto (got "${logFormat}")`);
  }

  const lockWaitMs = integer('BAOBAB_LOCK_WAIT_MS', 5000, 1, 60_000);
  const config: Config = {
    host,
    port,
    publicUrl,
    dataDir: resolve(text('BAOBAB_DATA_DIR') ?? '.baobab'),
    databaseUrl,
    dbPoolSize: integer('BAOBAB_DB_POOL_SIZE', 20, 1, 1000),
    dbConnectTimeoutMs: integer(
      'BAOBAB_DB_CONNECT_TIMEOUT_MS',
      POSTGRES_DEFAULTS.connectTimeoutMs,
      100,
      60_000,
    ),
    dbStatementTimeoutMs: integer(
      'BAOBAB_DB_STATEMENT_TIMEOUT_MS',
      // Unset, it stays clear of a raised lock wait on its own.
      Math.max(POSTGRES_DEFAULTS.statementTimeoutMs, lockWaitMs + STATEMENT_OVER_LOCK_WAIT_MS),
      100,
      3_600_000,
    ),
    dbIdleTxTimeoutMs: integer(
      'BAOBAB_DB_IDLE_TX_TIMEOUT_MS',
      POSTGRES_DEFAULTS.idleInTransactionTimeoutMs,
      100,
      3_600_000,
    ),
    masterKey: text('BAOBAB_MASTER_KEY'),
    logLevel,
    logFormat: logFormat === 'json' || logFormat === 'pretty' ? logFormat : 'auto',
    bodyLimit: integer('BAOBAB_BODY_LIMIT', 256 * 1024, 1024, 64 * 1024 * 1024),
    lockWaitMs,
    pricingFile: text('BAOBAB_PRICING_FILE'),
    jobPollMs: integer('BAOBAB_JOB_POLL_MS', 250, 10, 60_000),
    autoCompleteMs: integer('BAOBAB_SANDBOX_AUTO_COMPLETE_MS', 10_000, 0, 86_400_000),
    jobLeaseMs: integer('BAOBAB_JOB_LEASE_MS', 10_000, 1_000, 3_600_000),
    webhookRetrySchedule: retrySchedule(text('BAOBAB_WEBHOOK_RETRY_SCHEDULE')),
    webhookTimeoutMs: integer('BAOBAB_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    sandboxWebhook: sandboxWebhook(),
    rateLimits,
    rateLimitSyncMs: integer('BAOBAB_RATE_LIMIT_SYNC_MS', 250, 10, 60_000),
    faultHoldMs: integer('BAOBAB_FAULT_HOLD_MS', 30_000, 0, 600_000),
  };
  // A statement waiting for a row lock must hear lock_timeout (409, retry with the same key) before
  // statement_timeout (503) cuts it off.
  if (config.dbStatementTimeoutMs <= config.lockWaitMs) {
    problems.push(
      `BAOBAB_DB_STATEMENT_TIMEOUT_MS (${String(config.dbStatementTimeoutMs)}) must be more than BAOBAB_LOCK_WAIT_MS (${String(config.lockWaitMs)}): a request waiting for a row lock would time out before it could answer 409`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Where the sandbox merchant's credentials are written at first boot, and read by `listen` and `trigger`. */
export const credentialsFile = (config: Pick<Config, 'dataDir'>): string =>
  join(config.dataDir, 'sandbox-credentials.json');

/**
 * Where a running `serve` writes its loopback URL and admin token (0600, removed when it stops), so
 * the CLI's store commands can go through it (src/api/admin.ts, src/cli/gateway-client.ts).
 */
export const gatewayFile = (config: Pick<Config, 'dataDir'>): string => join(config.dataDir, 'gateway.json');
