/**
 * Forward-only migrations: `migrations/NNNN_name.sql`, applied in order at boot, all pending ones in
 * one transaction under an advisory lock so nodes booting together apply each exactly once.
 * Each applied file's checksum is recorded; a changed or unknown applied migration stops the boot,
 * because editing history is how two databases silently drift apart.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

// Any constant works; it only has to be the same on every node. ("baobab" in ASCII.)
const MIGRATION_LOCK = 0x62616f626162;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match?.[1] || !match[2])
        throw new MigrationError(`migration file name ${file} is not NNNN_name.sql`);
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2],
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/** Applies what is pending; returns the names applied (empty when the store is up to date). */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    // Another node may be migrating: wait for it however long it takes, whatever lock_timeout and
    // statement_timeout say; and a migration runs as long as it needs. A script (`exec`), so no
    // client-side statement deadline applies either.
    await tx.exec(`SELECT set_config('lock_timeout', '0', true), set_config('statement_timeout', '0', true);
      SELECT pg_advisory_xact_lock(${String(MIGRATION_LOCK)})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number; name: string; checksum: string }>(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const mine = known.get(row.version);
      if (!mine) {
        throw new MigrationError(
          `the database has migration ${row.version} (${row.name}) that this build does not know: run a newer Baobab`,
        );
      }
      if (mine.checksum !== row.checksum) {
        throw new MigrationError(`migration ${row.version} (${row.name}) was edited after it was applied`);
      }
    }
    const applied = new Set(rows.map((row) => row.version));
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const m of pending) {
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        m.checksum,
      ]);
    }
    return pending.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
  });
}
