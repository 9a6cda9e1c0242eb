/**
 * One typed configuration, read from the environment once at start. Defaults give the embedded
 * PGlite store in ./.baobab and the sandbox rails: `npm start` needs nothing set.
 */
import { resolve } from 'node:path';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly dbPoolSize: number;
  readonly masterKey: string | undefined;
  readonly logLevel: string;
  readonly bodyLimit: number;
  readonly lockWaitMs: number;
  /** A JSON pricing table overriding the sandbox defaults (docs/sandbox.md, "Fees"). */
  readonly pricingFile: string | undefined;
  /** Pause between two polls of the job queue by this node's worker. */
  readonly jobPollMs: number;
  /** How long a push-type sandbox payment waits for the customer before the sandbox completes it. */
  readonly autoCompleteMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

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

  const config: Config = {
    host,
    port,
    publicUrl,
    dataDir: resolve(text('BAOBAB_DATA_DIR') ?? '.baobab'),
    databaseUrl,
    dbPoolSize: integer('BAOBAB_DB_POOL_SIZE', 20, 1, 1000),
    masterKey: text('BAOBAB_MASTER_KEY'),
    logLevel,
    bodyLimit: integer('BAOBAB_BODY_LIMIT', 256 * 1024, 1024, 64 * 1024 * 1024),
    lockWaitMs: integer('BAOBAB_LOCK_WAIT_MS', 5000, 1, 60_000),
    pricingFile: text('BAOBAB_PRICING_FILE'),
    jobPollMs: integer('BAOBAB_JOB_POLL_MS', 250, 10, 60_000),
    autoCompleteMs: integer('BAOBAB_SANDBOX_AUTO_COMPLETE_MS', 10_000, 0, 86_400_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
