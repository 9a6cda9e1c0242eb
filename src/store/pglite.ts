/**
 * The embedded adapter: PGlite (PostgreSQL compiled to WASM) in this process, data in a directory.
 * PGlite is one session: its `transaction()` holds an exclusive lock, and plain queries wait for it,
 * so transactions from concurrent requests run one after another. A lock file keeps a second
 * process (another `baobab serve`, or the CLI) from opening the same directory and corrupting it.
 */
import { PGlite, types as pgliteTypes, type Transaction } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db, QueryResult, Row } from './db.js';
import { pgliteFault, unavailable } from './faults.js';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dir} is in use by process ${pid} (a running gateway?). ` +
        'Stop it first, or point both at PostgreSQL with DATABASE_URL.',
    );
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Directories this process holds: a lock file naming our own pid is ours only if listed here; otherwise
// it was left by an earlier process that had the same pid (a restarted container is often pid 1).
const heldHere = new Set<string>();

/** Takes `<dir>/baobab.lock`; a lock left by a process that no longer exists is taken over. */
function lockDataDir(dir: string): () => void {
  const file = join(dir, 'baobab.lock');
  if (heldHere.has(file)) throw new DataDirLockedError(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock the data directory ${dir}`);
}

/** The embedded store, which can also dump its data directory (src/store/pglite-snapshot.ts). */
export interface PgliteDb extends Db {
  dumpDataDir(): Promise<Blob>;
}

export interface PgliteOptions {
  /**
   * A dumped data directory to start from when there is no database yet (a fresh directory, or in
   * memory): a migrated snapshot, which skips `initdb`. Ignored where a database exists.
   */
  readonly snapshot?: () => Blob | undefined;
}

/** `dir` = a directory for durable data, or `undefined` for an in-memory database (tests). */
export async function openPglite(dir?: string, options: PgliteOptions = {}): Promise<PgliteDb> {
  let unlock = (): void => undefined;
  if (dir !== undefined) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    unlock = lockDataDir(dir);
  }
  let db: PGlite;
  try {
    const dataDir = dir === undefined ? undefined : join(dir, 'pgdata');
    const fresh = dataDir === undefined || !existsSync(join(dataDir, 'PG_VERSION'));
    const snapshot = fresh ? options.snapshot?.() : undefined;
    db = await PGlite.create(dataDir, {
      parsers: { [pgliteTypes.INT8]: (value: string) => Number(value) },
      ...(snapshot === undefined ? {} : { loadDataDir: snapshot }),
    });
  } catch (error) {
    unlock();
    throw error;
  }

  // A closed instance, or one whose WebAssembly aborted, cannot serve again: StoreUnavailableError.
  // SQL errors (constraint violations…) pass through as they are.
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw pgliteFault(error) ? unavailable(error, 'the embedded database is unavailable') : error;
    }
  };

  const run = async <R extends Row>(
    target: PGlite | Transaction,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    const result = await guarded(() => target.query<R>(sql, params === undefined ? undefined : [...params]));
    // PGlite reports affectedRows 0 for a SELECT, where pg counts the rows: agree with pg.
    return { rows: result.rows, rowCount: Math.max(result.affectedRows ?? 0, result.rows.length) };
  };

  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => {
      await guarded(() => db.exec(sql));
    },
    transaction: (work) =>
      guarded(() =>
        db.transaction((tx) =>
          work({
            query: (sql, params) => run(tx, sql, params),
            exec: async (sql) => {
              await guarded(() => tx.exec(sql));
            },
          }),
        ),
      ),
    listen: async (channel, onNotify) => {
      const stop = await db.listen(channel, onNotify);
      // A closed instance has no listeners left to remove (its UNLISTEN would only throw).
      return async () => {
        if (!db.closed) await stop();
      };
    },
    dumpDataDir: () => guarded(() => db.dumpDataDir('none')),
    async close() {
      try {
        await db.close();
      } finally {
        unlock();
      }
    },
  };
}
