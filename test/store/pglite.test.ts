import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.js';
import { DataDirLockedError, openPglite } from '../../src/store/pglite.js';

const HOLDER_SCRIPT = fileURLToPath(new URL('./fixtures/hold-data-dir.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Far above any real pid (Linux caps pid_max at 2^22): no process can own it.
const DEAD_PID = 2147483646;

describe('openPglite with a data directory', () => {
  const dirs: string[] = [];
  const open: Db[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-pglite-'));
    dirs.push(dir);
    return dir;
  };
  // Initialising a fresh data directory costs seconds; each case starts from a copy of one made here.
  let template = '';
  const dataDir = (): string => {
    const dir = tempDir();
    cpSync(template, dir, { recursive: true });
    return dir;
  };
  beforeAll(async () => {
    template = join(tempDir(), 'nested', 'data');
    await (await openPglite(template)).close();
  });
  const track = (db: Db): Db => {
    open.push(db);
    return db;
  };
  const closeTracked = async (db: Db): Promise<void> => {
    open.splice(open.indexOf(db), 1);
    await db.close();
  };
  const lockFile = (dir: string): string => join(dir, 'baobab.lock');

  afterEach(async () => {
    await Promise.all(open.splice(0).map((db) => db.close()));
  });
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a missing data directory, with its parents, readable by its owner only', () => {
    expect(statSync(template).mode & 0o777).toBe(0o700);
    expect(existsSync(join(template, 'pgdata', 'PG_VERSION'))).toBe(true);
    expect(existsSync(lockFile(template))).toBe(false);
  });

  it('keeps the data across close and reopen, and removes its lock file on close', async () => {
    const dir = dataDir();
    const first = track(await openPglite(dir));
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    await first.exec(`CREATE TABLE kept (id integer PRIMARY KEY, label text);
                      INSERT INTO kept VALUES (1, 'survives'), (2, 'a restart');`);
    await first.transaction((tx) => tx.query(`UPDATE kept SET label = 'survives a' WHERE id = 1`));
    await closeTracked(first);
    expect(existsSync(lockFile(dir))).toBe(false);

    const second = track(await openPglite(dir));
    const { rows } = await second.query<{ id: number; label: string }>(
      'SELECT id, label FROM kept ORDER BY id',
    );
    expect(rows).toEqual([
      { id: 1, label: 'survives a' },
      { id: 2, label: 'a restart' },
    ]);
    await closeTracked(second);
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over a stale lock file left by a process that no longer exists', async () => {
    const dir = dataDir();
    writeFileSync(lockFile(dir), String(DEAD_PID));
    const db = track(await openPglite(dir));
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await closeTracked(db);
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it('takes over a lock file whose content is not a pid', async () => {
    const dir = dataDir();
    writeFileSync(lockFile(dir), 'garbage');
    const db = track(await openPglite(dir));
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
    await closeTracked(db);
  });

  it('refuses a directory whose lock names a live process, naming that pid, and leaves the lock alone', async () => {
    const dir = dataDir();
    // A live process that is not this one: the parent of the test worker.
    const livePid = process.ppid;
    writeFileSync(lockFile(dir), String(livePid));
    const error = await openPglite(dir).then(
      (db) => track(db),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ dir, pid: livePid });
    expect(String(error)).toContain(`process ${livePid}`);
    expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(livePid));
  });

  describe('while another process has the directory open', () => {
    let holder: ChildProcess | undefined;
    afterEach(() => {
      // Only reached if a case failed before the holder exited on its own.
      if (holder?.exitCode === null) holder.kill();
      holder = undefined;
    });

    it('throws DataDirLockedError naming the holder pid, and opens once the holder has closed', async () => {
      const dir = dataDir();
      const child = spawn(process.execPath, ['--import', 'tsx', HOLDER_SCRIPT, dir], {
        cwd: REPO_ROOT,
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      holder = child;
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const ready = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('\n')) resolve(out.trim());
        });
        child.once('exit', (code) => {
          reject(new Error(`the holder exited early with ${String(code)}: ${out}`));
        });
      });
      expect(ready).toBe(`ready ${String(child.pid)}`);
      expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(child.pid));

      const error = await openPglite(dir).then(
        (db) => track(db),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect(error).toMatchObject({ pid: child.pid, dir });
      expect(String(error)).toContain(`in use by process ${String(child.pid)}`);

      child.stdin.end();
      expect(await exited).toBe(0);
      expect(existsSync(lockFile(dir))).toBe(false);
      const db = track(await openPglite(dir));
      expect(readFileSync(lockFile(dir), 'utf8')).toBe(String(process.pid));
      await closeTracked(db);
    });
  });

  it('refuses a second open of the same directory from this process while the first is open', async () => {
    const dir = dataDir();
    track(await openPglite(dir));
    await expect(openPglite(dir).then(track)).rejects.toBeInstanceOf(DataDirLockedError);
  });
});
