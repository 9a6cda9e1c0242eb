/**
 * A migrated, empty embedded database, made once and loaded instead of running `initdb` and the
 * migrations on every fresh start (docs/performance.md, "Cold start"). It is PGlite's own dump of its
 * data directory (`dumpDataDir`), which `PGlite.create({ loadDataDir })` restores: the same files
 * `initdb` and the migrations would have written. Its name carries a key of the PGlite version and
 * every migration's checksum, so a snapshot made by another PGlite or before a migration changed is
 * never found; `migrate` still runs after a load, and finds nothing to do.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, migrate } from './migrate.js';
import { openPglite } from './pglite.js';

const PREFIX = 'empty-database-';
const SUFFIX = '.tar';

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = join(dirname(entry), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** What a snapshot must have been made with to be loaded: this PGlite and these migrations. */
export function snapshotKey(): string {
  const hash = createHash('sha256').update(pgliteVersion());
  for (const m of loadMigrations()) hash.update(`\0${String(m.version)}:${m.checksum}`);
  return hash.digest('hex').slice(0, 16);
}

const fileIn = (dir: string): string => join(dir, `${PREFIX}${snapshotKey()}${SUFFIX}`);

/** The snapshot in `dir` for this build, if one was made; never one for other migrations. */
export function readSnapshot(dir: string): Blob | undefined {
  const file = fileIn(dir);
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/**
 * Makes this build's snapshot in `dir` unless it is there, and removes stale ones; returns its path.
 * Written to a temporary name and renamed, so a reader never sees half a file.
 */
export async function ensureSnapshot(dir: string): Promise<string> {
  const file = fileIn(dir);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const db = await openPglite();
  try {
    await migrate(db);
    const dump = await db.dumpDataDir();
    const temporary = `${file}.${String(process.pid)}.tmp`;
    writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    renameSync(temporary, file);
  } finally {
    await db.close();
  }
  for (const name of readdirSync(dir)) {
    const stale = name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name !== basename(file);
    if (stale) rmSync(join(dir, name), { force: true });
  }
  return file;
}

/** Where `npm run build` leaves the snapshot, beside the compiled store: found only when built. */
export const BUILT_SNAPSHOT_DIR = fileURLToPath(new URL('.', import.meta.url));
