/**
 * Stores for tests. Suites that must hold on both adapters iterate `STORES`: PGlite always, and
 * PostgreSQL when TEST_DATABASE_URL is set (each opening gets a schema of its own, dropped after).
 * Without TEST_DATABASE_URL the PostgreSQL cases are skipped and global-setup says so loudly.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openPglite } from '../../src/store/pglite.js';
import { readSnapshot } from '../../src/store/pglite-snapshot.js';
import { TEST_SNAPSHOT_DIR } from './snapshot-dir.js';
import { openPostgres } from '../../src/store/postgres.js';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'] || undefined;

export interface TestStore {
  readonly db: Db;
  /** Opens another adapter on the same database (a second node); PGlite has only one. */
  readonly reopen?: () => Promise<Db>;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly migrated?: boolean;
  /** PostgreSQL only: the connections' lock_timeout (BAOBAB_LOCK_WAIT_MS). */
  readonly lockTimeoutMs?: number;
}

export interface StoreKind {
  readonly name: 'pglite' | 'postgres';
  readonly available: boolean;
  open(options?: OpenOptions): Promise<TestStore>;
}

async function openPgliteStore(options: OpenOptions = {}): Promise<TestStore> {
  // Migrated stores start from the snapshot test/global-setup.ts made; migrate() then finds nothing.
  const migrated = options.migrated !== false;
  const db = await openPglite(undefined, migrated ? { snapshot: () => readSnapshot(TEST_SNAPSHOT_DIR) } : {});
  if (migrated) await migrate(db);
  return { db, close: () => db.close() };
}

async function openPostgresStore(options: OpenOptions = {}): Promise<TestStore> {
  if (POSTGRES_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const extra: Db[] = [];
  const open = () =>
    openPostgres({ url: POSTGRES_URL, schema, poolSize: 30, lockTimeoutMs: options.lockTimeoutMs ?? 5000 });
  const db = await open();
  if (options.migrated !== false) await migrate(db);
  return {
    db,
    reopen: async () => {
      const other = await open();
      extra.push(other);
      return other;
    },
    async close() {
      await Promise.all([db, ...extra].map((d) => d.close()));
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

export const PGLITE: StoreKind = { name: 'pglite', available: true, open: openPgliteStore };
export const POSTGRES: StoreKind = {
  name: 'postgres',
  available: POSTGRES_URL !== undefined,
  open: openPostgresStore,
};
export const STORES: readonly StoreKind[] = [PGLITE, POSTGRES];

/**
 * Registers cases that need several connections to one database (locks held by one, contention from
 * another) on PostgreSQL only: PGlite has a single connection, so there the case does not exist.
 */
export function onPostgres(kind: StoreKind, register: () => void): void {
  if (kind.name === 'postgres') register();
}
