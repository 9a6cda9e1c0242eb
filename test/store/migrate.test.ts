import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/store/db.js';
import {
  MIGRATIONS_DIR,
  MigrationError,
  loadMigrations,
  migrate,
  type Migration,
} from '../../src/store/migrate.js';
import { POSTGRES, STORES, type TestStore } from '../support/stores.js';

const MIGRATION_FILES = readdirSync(MIGRATIONS_DIR)
  .filter((file) => file.endsWith('.sql'))
  .sort();
const ALL_NAMES = MIGRATION_FILES.map((file) => file.replace(/\.sql$/, ''));

type RecordedRow = { version: number; name: string; checksum: string };

const recorded = async (q: Queryable): Promise<RecordedRow[]> =>
  (await q.query<RecordedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;

const tableExists = async (q: Queryable, table: string): Promise<boolean> => {
  const { rows } = await q.query<{ oid: unknown }>('SELECT to_regclass($1) AS oid', [table]);
  return rows[0]?.oid !== null && rows[0]?.oid !== undefined;
};

describe('loadMigrations', () => {
  const dirs: string[] = [];
  const tempDir = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-migrations-'));
    dirs.push(dir);
    for (const [file, sql] of Object.entries(files)) writeFileSync(join(dir, file), sql);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reads every shipped migration in version order with the sha256 of its file as checksum', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`)).toEqual(ALL_NAMES);
    for (const [i, m] of migrations.entries()) {
      const file = MIGRATION_FILES[i] ?? '';
      const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
      expect(m.sql).toBe(sql);
      expect(m.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
    }
  });

  it('sorts by version number and ignores files that are not .sql', () => {
    const dir = tempDir({
      '0010_later.sql': 'SELECT 10;',
      '0002_earlier.sql': 'SELECT 2;',
      'README.md': 'not a migration',
    });
    expect(loadMigrations(dir).map((m) => [m.version, m.name])).toEqual([
      [2, 'earlier'],
      [10, 'later'],
    ]);
  });

  it.each(['1_short.sql', '0001-dash.sql', '0001_Upper.sql', '00001_five_digits.sql', '0001_.sql'])(
    'rejects the file name %s with a MigrationError',
    (file) => {
      const dir = tempDir({ '0001_fine.sql': 'SELECT 1;', [file]: 'SELECT 1;' });
      expect(() => loadMigrations(dir)).toThrow(MigrationError);
      expect(() => loadMigrations(dir)).toThrow(file);
    },
  );
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`migrate on ${kind.name}`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await kind.open({ migrated: false });
    });
    afterAll(() => store.close());

    it('applies every migration of the build once on a fresh store and records version, name and checksum', async () => {
      expect(await tableExists(store.db, 'merchants')).toBe(false);
      expect(await migrate(store.db)).toEqual(ALL_NAMES);
      expect(await recorded(store.db)).toEqual(
        loadMigrations().map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })),
      );
      for (const table of ['instance_settings', 'merchants', 'customers', 'idempotency_keys']) {
        expect(await tableExists(store.db, table)).toBe(true);
      }
    });

    it('applies nothing when run again on an up-to-date store', async () => {
      await migrate(store.db);
      const before = await recorded(store.db);
      expect(await migrate(store.db)).toEqual([]);
      expect(await recorded(store.db)).toEqual(before);
    });

    it('stops with a MigrationError when an applied migration was edited afterwards', async () => {
      await migrate(store.db);
      const edited = loadMigrations().map((m, i) => {
        if (i > 0) return m;
        const sql = `${m.sql}\n-- edited after release\n`;
        return { ...m, sql, checksum: createHash('sha256').update(sql).digest('hex') };
      });
      const first = loadMigrations()[0];
      if (!first) throw new Error('the build ships at least one migration');
      await expect(migrate(store.db, edited)).rejects.toThrow(MigrationError);
      await expect(migrate(store.db, edited)).rejects.toThrow(
        `migration ${first.version} (${first.name}) was edited`,
      );
      expect(await migrate(store.db)).toEqual([]);
    });

    it('stops with a MigrationError when the database has a migration this build does not know', async () => {
      await migrate(store.db);
      await store.db.query(
        `INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'from_the_future', 'abc')`,
      );
      try {
        const error = await migrate(store.db).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(MigrationError);
        expect(String(error)).toContain('9999 (from_the_future)');
      } finally {
        await store.db.query('DELETE FROM schema_migrations WHERE version = 9999');
      }
      expect(await migrate(store.db)).toEqual([]);
    });

    it('applies only the migrations that are pending, after the ones already recorded', async () => {
      await migrate(store.db);
      const extra: Migration = {
        version: 9000,
        name: 'extra_probe',
        sql: 'CREATE TABLE extra_probe (id integer PRIMARY KEY);',
        checksum: 'extra',
      };
      expect(await migrate(store.db, [...loadMigrations(), extra])).toEqual(['9000_extra_probe']);
      expect(await tableExists(store.db, 'extra_probe')).toBe(true);
      expect((await recorded(store.db)).map((r) => r.version)).toContain(9000);
      // Tidy up so this store matches the build again for the other cases.
      await store.db.exec('DROP TABLE extra_probe; DELETE FROM schema_migrations WHERE version = 9000;');
    });
  });

  describe.skipIf(!kind.available)(`a migration numbered below the newest applied, on ${kind.name}`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await kind.open({ migrated: false });
    });
    afterAll(() => store.close());

    // Branches merge in any order: 0020 may reach a database after 0021 was applied there.
    it('is applied by absence, not by number: 0020 on a store that has 0021', async () => {
      const all = loadMigrations();
      expect(all.map((m) => m.version)).toEqual(expect.arrayContaining([20, 21]));
      await migrate(
        store.db,
        all.filter((m) => m.version !== 20),
      );
      expect((await recorded(store.db)).map((r) => r.version)).toContain(21);
      expect(await tableExists(store.db, 'sandbox_clocks')).toBe(false);
      expect(await migrate(store.db, all)).toEqual(['0020_sandbox_clocks']);
      expect(await tableExists(store.db, 'sandbox_clocks')).toBe(true);
      expect(await migrate(store.db, all)).toEqual([]);
    });
  });

  describe.skipIf(!kind.available)(`a failing migration on ${kind.name}`, () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await kind.open({ migrated: false });
    });
    afterAll(() => store.close());

    it('leaves nothing applied: no table, no row, no schema_migrations record', async () => {
      const broken: Migration = {
        version: 9001,
        name: 'broken',
        sql: `CREATE TABLE broken_probe (id integer);
              INSERT INTO broken_probe VALUES (1);
              SELECT no_such_column FROM no_such_table;`,
        checksum: 'broken',
      };
      await expect(migrate(store.db, [...loadMigrations(), broken])).rejects.toThrow(/no_such_table/);
      expect(await tableExists(store.db, 'broken_probe')).toBe(false);
      // Every pending migration runs in the same transaction, so the good ones before it are gone too.
      expect(await tableExists(store.db, 'merchants')).toBe(false);
      expect(await tableExists(store.db, 'schema_migrations')).toBe(false);
      // And the store is still usable: the real migrations apply afterwards.
      expect(await migrate(store.db)).toEqual(ALL_NAMES);
    });
  });
}

describe.skipIf(!POSTGRES.available)('migrate with two nodes on postgres', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await POSTGRES.open({ migrated: false });
  });
  afterAll(() => store.close());

  it('lets two handles migrate concurrently: both succeed and each migration is recorded once', async () => {
    const reopen = store.reopen;
    if (!reopen) throw new Error('the PostgreSQL test store can reopen');
    const [a, b] = await Promise.all([reopen(), reopen()]);
    const results = await Promise.all([migrate(a), migrate(b), migrate(store.db)]);
    // Exactly one of them applied everything; the others found the work done.
    expect(results.filter((r) => r.length > 0)).toEqual([ALL_NAMES]);
    expect(results.filter((r) => r.length === 0)).toHaveLength(2);
    const { rows } = await store.db.query<{ version: number; n: number }>(
      'SELECT version, count(*) AS n FROM schema_migrations GROUP BY version ORDER BY version',
    );
    expect(rows).toEqual(loadMigrations().map((m) => ({ version: m.version, n: 1 })));
  });
});
