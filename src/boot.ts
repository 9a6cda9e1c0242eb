/**
 * Bringing a node up, shared by `serve` and the CLI: open the store the configuration names, apply
 * migrations, and load the master key, checking it against the one the database was set up with.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { generateMasterKey, keyringFrom, parseMasterKey, type Keyring } from './crypto/keyring.js';
import type { Clock } from './domain/clock.js';
import { pricingFromConfig, type Pricing } from './domain/fees.js';
import { DEFAULT_PRICING } from './methods/pricing.js';
import type { Db } from './store/db.js';
import { migrate } from './store/migrate.js';
import { openPglite } from './store/pglite.js';
import { BUILT_SNAPSHOT_DIR, readSnapshot } from './store/pglite-snapshot.js';
import { openPostgres } from './store/postgres.js';
import type { StoreLog } from './store/pg-reachability.js';
import { initSetting } from './store/settings.js';

export const systemClock: Clock = { now: () => new Date() };

export class BootError extends Error {}

type BootLog = Pick<Logger, 'warn'> & Partial<Pick<Logger, 'info'>>;

/** The store reports outages and recoveries on the process log. */
const storeLog = (log: BootLog): StoreLog => ({
  warn: (obj, msg) => {
    log.warn(obj, msg);
  },
  info: (obj, msg) => {
    log.info?.(obj, msg);
  },
});

export async function openStore(config: Config, log?: StoreLog): Promise<Db> {
  return config.databaseUrl === undefined
    ? openPglite(config.dataDir, { snapshot: () => readSnapshot(BUILT_SNAPSHOT_DIR) })
    : openPostgres({
        url: config.databaseUrl,
        poolSize: config.dbPoolSize,
        lockTimeoutMs: config.lockWaitMs,
        connectTimeoutMs: config.dbConnectTimeoutMs,
        statementTimeoutMs: config.dbStatementTimeoutMs,
        idleInTransactionTimeoutMs: config.dbIdleTxTimeoutMs,
        ...(log && { log }),
      });
}

/** `BAOBAB_MASTER_KEY`, else `<data dir>/master.key`, else a new key written there (with a warning). */
export function loadMasterKey(config: Config, log: Pick<Logger, 'warn'>): Buffer {
  if (config.masterKey !== undefined) {
    const key = parseMasterKey(config.masterKey);
    if (!key) throw new BootError('BAOBAB_MASTER_KEY must be 32 bytes, as base64 or 64 hex characters');
    return key;
  }
  const file = join(config.dataDir, 'master.key');
  if (existsSync(file)) {
    const key = parseMasterKey(readFileSync(file, 'utf8'));
    if (!key) throw new BootError(`${file} does not hold a 32-byte key (base64 or hex)`);
    return key;
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${generateMasterKey()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  log.warn(
    { file },
    'generated a new master key: it encrypts merchant keys at rest. Back it up, or set BAOBAB_MASTER_KEY ' +
      '(every node sharing a database needs the same key)',
  );
  return readMasterKeyFile(file);
}

function readMasterKeyFile(file: string): Buffer {
  const key = parseMasterKey(readFileSync(file, 'utf8'));
  if (!key) throw new BootError(`${file} does not hold a 32-byte key`);
  return key;
}

/** Records the key's check value on first boot; afterwards refuses a node whose key differs. */
export async function checkMasterKey(db: Db, keys: Keyring): Promise<void> {
  const stored = await initSetting(db, 'master_key_check', keys.checkValue);
  if (stored !== keys.checkValue) {
    throw new BootError(
      'the master key does not match the one this database was set up with: every node sharing a database ' +
        'must use the same BAOBAB_MASTER_KEY',
    );
  }
}

export interface Store {
  readonly db: Db;
  readonly keys: Keyring;
  readonly migrationsApplied: readonly string[];
}

export async function openReadyStore(config: Config, log: BootLog): Promise<Store> {
  const keys = keyringFrom(loadMasterKey(config, log));
  const db = await openStore(config, storeLog(log));
  try {
    const migrationsApplied = await migrate(db);
    await checkMasterKey(db, keys);
    return { db, keys, migrationsApplied };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** The sandbox pricing: the defaults, with `BAOBAB_PRICING_FILE` (JSON, see docs/sandbox.md) laid over them. */
export function loadPricing(file: string | undefined): Pricing {
  if (file === undefined) return DEFAULT_PRICING;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BootError(`BAOBAB_PRICING_FILE ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  const pricing = pricingFromConfig(parsed, DEFAULT_PRICING);
  if (!pricing.ok) throw new BootError(`BAOBAB_PRICING_FILE ${file}:\n  ${pricing.error.join('\n  ')}`);
  return pricing.value;
}
