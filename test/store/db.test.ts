import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLockTimeout, isUniqueViolation, toNumber, type Db, type Queryable } from '../../src/store/db.js';
import { STORES, type TestStore, onPostgres } from '../support/stores.js';
import { deferred, rejection } from '../support/async.js';

const names = async (q: Queryable, like: string): Promise<string[]> =>
  (await q.query<{ id: string }>('SELECT id FROM db_probe WHERE id LIKE $1 ORDER BY id', [like])).rows.map(
    (r) => r.id,
  );

describe('toNumber', () => {
  it('turns the strings and bigints int8 columns can arrive as into numbers', () => {
    expect(toNumber(42)).toBe(42);
    expect(toNumber('9007199254740991')).toBe(9007199254740991);
    expect(toNumber(12n)).toBe(12);
  });

  it('refuses anything that is not a number in disguise', () => {
    expect(() => toNumber(null)).toThrow(TypeError);
    expect(() => toNumber(undefined)).toThrow('got undefined');
    expect(() => toNumber({})).toThrow(TypeError);
  });
});

describe('isUniqueViolation and isLockTimeout on values that are not store errors', () => {
  it('answer false for non-objects and unrelated errors', () => {
    for (const value of [undefined, null, 'boom', 23505, new Error('23505')]) {
      expect(isUniqueViolation(value)).toBe(false);
      expect(isLockTimeout(value)).toBe(false);
    }
    expect(isUniqueViolation({ code: '55P03' })).toBe(false);
    expect(isLockTimeout({ code: '23505' })).toBe(false);
  });
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`the Db adapter on ${kind.name}`, () => {
    let store: TestStore;
    let db: Db;
    beforeAll(async () => {
      store = await kind.open({ migrated: false });
      db = store.db;
      await db.exec(`
        CREATE TABLE db_probe (id text PRIMARY KEY, n integer NOT NULL DEFAULT 0, tag text);
        CREATE UNIQUE INDEX db_probe_tag_unique ON db_probe (tag);
        CREATE TABLE db_serial (seq bigint GENERATED ALWAYS AS IDENTITY (START WITH 5000000000), label text);
      `);
    });
    afterAll(() => store.close());

    it('reports which adapter it is', () => {
      expect(db.kind).toBe(kind.name);
    });

    it('commits every write of a transaction whose work resolves, and returns its value', async () => {
      const value = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO db_probe (id) VALUES ('commit-1')`);
        await tx.query(`INSERT INTO db_probe (id) VALUES ('commit-2')`);
        return 'done';
      });
      expect(value).toBe('done');
      expect(await names(db, 'commit-%')).toEqual(['commit-1', 'commit-2']);
    });

    it('rolls back every write when the work throws, and rethrows the same error', async () => {
      await db.query(`INSERT INTO db_probe (id, n) VALUES ('rollback-kept', 1)`);
      const thrown = new Error('work failed');
      const error = await rejection(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO db_probe (id) VALUES ('rollback-new')`);
          await tx.query(`UPDATE db_probe SET n = 99 WHERE id = 'rollback-kept'`);
          await tx.exec(`INSERT INTO db_probe (id) VALUES ('rollback-exec')`);
          // The writes are visible inside the transaction before it fails.
          expect(await names(tx, 'rollback-%')).toEqual(['rollback-exec', 'rollback-kept', 'rollback-new']);
          throw thrown;
        }),
      );
      expect(error).toBe(thrown);
      expect(await names(db, 'rollback-%')).toEqual(['rollback-kept']);
      const { rows } = await db.query<{ n: number }>(`SELECT n FROM db_probe WHERE id = 'rollback-kept'`);
      expect(rows).toEqual([{ n: 1 }]);
    });

    it('rolls back when a statement inside the transaction fails, and stays usable afterwards', async () => {
      const error = await rejection(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO db_probe (id) VALUES ('sqlfail-1')`);
          await tx.query('SELECT * FROM no_such_table');
        }),
      );
      expect(error).toMatchObject({ code: '42P01' });
      expect(await names(db, 'sqlfail-%')).toEqual([]);
      expect(await db.transaction(async (tx) => (await tx.query('SELECT 1 AS one')).rows)).toEqual([
        { one: 1 },
      ]);
    });

    it('recognises a primary-key violation as a unique violation, with and without its constraint name', async () => {
      await db.query(`INSERT INTO db_probe (id) VALUES ('dup-pk')`);
      const error = await rejection(db.query(`INSERT INTO db_probe (id) VALUES ('dup-pk')`));
      expect(isUniqueViolation(error)).toBe(true);
      expect(isUniqueViolation(error, 'db_probe_pkey')).toBe(true);
      expect(isUniqueViolation(error, 'db_probe_tag_unique')).toBe(false);
      expect(isLockTimeout(error)).toBe(false);
    });

    it('names the unique index that was violated, also inside a transaction', async () => {
      await db.query(`INSERT INTO db_probe (id, tag) VALUES ('dup-tag-1', 'same-tag')`);
      const error = await rejection(
        db.transaction((tx) => tx.query(`INSERT INTO db_probe (id, tag) VALUES ('dup-tag-2', 'same-tag')`)),
      );
      expect(isUniqueViolation(error)).toBe(true);
      expect(isUniqueViolation(error, 'db_probe_tag_unique')).toBe(true);
      expect(isUniqueViolation(error, 'db_probe_pkey')).toBe(false);
    });

    it('does not take other store errors for unique violations', async () => {
      const error = await rejection(db.query(`INSERT INTO db_probe (id) VALUES (NULL)`));
      expect(error).toMatchObject({ code: '23502' });
      expect(isUniqueViolation(error)).toBe(false);
      expect(isLockTimeout(error)).toBe(false);
    });

    it('recognises SQLSTATE 55P03 raised by the store as a lock timeout', async () => {
      // PGlite is a single session, so no other session can hold a lock against it: raise the state instead.
      const error = await rejection(
        db.query(`DO $$ BEGIN RAISE EXCEPTION 'lock wait ran out' USING ERRCODE = '55P03'; END $$`),
      );
      expect(isLockTimeout(error)).toBe(true);
      expect(isUniqueViolation(error)).toBe(false);
    });

    onPostgres(kind, () => {
      it('recognises a real lock_timeout while another connection holds the lock', async () => {
        const { promise: released, resolve: release } = deferred();
        const { promise: holding, resolve: locked } = deferred();
        const holder = db.transaction(async (tx) => {
          await tx.query('SELECT pg_advisory_xact_lock(4242424242)');
          locked();
          await released;
        });
        try {
          await holding;
          const error = await rejection(
            db.transaction(async (tx) => {
              await tx.query(`SET LOCAL lock_timeout = '50ms'`);
              await tx.query('SELECT pg_advisory_xact_lock(4242424242)');
            }),
          );
          expect(isLockTimeout(error)).toBe(true);
          expect(isUniqueViolation(error)).toBe(false);
        } finally {
          release();
          await holder;
        }
      });
    });

    it('returns int8 values (count, bigint, identity) as JS numbers', async () => {
      await db.query(`INSERT INTO db_probe (id) VALUES ('int8-1'), ('int8-2'), ('int8-3')`);
      const { rows } = await db.query<{ n: unknown; big: unknown }>(
        `SELECT count(*) AS n, 9007199254740991::bigint AS big FROM db_probe WHERE id LIKE 'int8-%'`,
      );
      expect(rows).toEqual([{ n: 3, big: 9007199254740991 }]);
      const inserted = await db.query<{ seq: unknown }>(
        `INSERT INTO db_serial (label) VALUES ('a'), ('b') RETURNING seq`,
      );
      expect(inserted.rows).toEqual([{ seq: 5000000000 }, { seq: 5000000001 }]);
      const inTx = await db.transaction((tx) =>
        tx.query<{ n: unknown }>('SELECT count(*) AS n FROM db_serial'),
      );
      expect(inTx.rows[0]?.n).toBe(2);
    });

    it('passes parameters through without SQL injection', async () => {
      const sneaky = `x'); DROP TABLE db_probe; --`;
      await db.query('INSERT INTO db_probe (id, tag) VALUES ($1, $2)', ['param-1', sneaky]);
      const { rows } = await db.query<{ tag: string }>('SELECT tag FROM db_probe WHERE id = $1', ['param-1']);
      expect(rows).toEqual([{ tag: sneaky }]);
    });

    it('runs a multi-statement script with exec', async () => {
      await db.exec(`
        CREATE TABLE exec_probe (id integer PRIMARY KEY);
        INSERT INTO exec_probe VALUES (1);
        INSERT INTO exec_probe VALUES (2), (3);
        UPDATE exec_probe SET id = id * 10;
      `);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM exec_probe ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([10, 20, 30]);
    });

    it('returns the number of affected rows as rowCount for INSERT, UPDATE and DELETE', async () => {
      const inserted = await db.query(
        `INSERT INTO db_probe (id, n) VALUES ('rc-1', 1), ('rc-2', 1), ('rc-3', 1), ('rc-4', 2)`,
      );
      expect(inserted.rowCount).toBe(4);
      expect((await db.query(`UPDATE db_probe SET n = n + 1 WHERE id LIKE 'rc-%' AND n = 1`)).rowCount).toBe(
        3,
      );
      expect((await db.query(`UPDATE db_probe SET n = 0 WHERE id = 'rc-none'`)).rowCount).toBe(0);
      const deleted = await db.transaction((tx) =>
        tx.query(`DELETE FROM db_probe WHERE id IN ('rc-1', 'rc-2')`),
      );
      expect(deleted.rowCount).toBe(2);
      expect((await db.query(`DELETE FROM db_probe WHERE id = 'rc-1'`)).rowCount).toBe(0);
      const upsertSkipped = await db.query(
        `INSERT INTO db_probe (id) VALUES ('rc-3') ON CONFLICT (id) DO UPDATE SET n = 7 WHERE false`,
      );
      expect(upsertSkipped.rowCount).toBe(0);
    });

    it('returns the number of rows a SELECT returned as rowCount', async () => {
      await db.query(`INSERT INTO db_probe (id) VALUES ('sel-1'), ('sel-2')`);
      const result = await db.query(`SELECT id FROM db_probe WHERE id LIKE 'sel-%'`);
      expect(result.rows).toHaveLength(2);
      expect(result.rowCount).toBe(2);
    });
  });
}
