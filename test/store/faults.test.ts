/**
 * Which driver errors become StoreUnavailableError (503), and which pass through as they are: the
 * flows that answer a unique violation or a lock timeout must keep seeing the driver's error.
 */
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/domain/errors.js';
import { isLockTimeout, isUniqueViolation } from '../../src/store/db.js';
import { pgFault, pgliteFault, unavailable } from '../../src/store/faults.js';
import { openPglite } from '../../src/store/pglite.js';
import { rejection } from '../support/async.js';

const coded = (code: string, message = 'driver says no') => Object.assign(new Error(message), { code });

describe('pgFault', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ECONNRESET', 'connection reset'],
    ['EPIPE', 'write to a closed socket'],
    ['ETIMEDOUT', 'TCP connect timeout'],
    ['EHOSTUNREACH', 'no route'],
    ['08006', 'SQLSTATE connection_failure'],
    ['08P01', 'SQLSTATE protocol_violation (class 08)'],
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now'],
    ['25P03', 'idle_in_transaction_session_timeout'],
  ])('calls %s (%s) a connection fault', (code) => {
    expect(pgFault(coded(code))).toBe('connection');
  });

  it.each([
    ['57014', 'statement timeout'],
    ['53300', 'too many connections'],
    ['53100', 'disk full'],
    ['58030', 'I/O error'],
  ])('calls %s (%s) a fault of the server, whose connection still works', (code) => {
    expect(pgFault(coded(code))).toBe('server');
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'timeout expired',
    'Query read timeout',
    'Client has encountered a connection error and is not queryable',
    'Cannot use a pool after calling end on the pool',
  ])('calls the driver message "%s" a connection fault', (message) => {
    expect(pgFault(new Error(message))).toBe('connection');
  });

  it('calls an AggregateError of socket errors (every address refused) a connection fault', () => {
    const error = new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')], 'connect failed');
    expect(pgFault(error)).toBe('connection');
    expect(pgFault(new AggregateError([coded('ECONNREFUSED'), new Error('other')]))).toBeUndefined();
  });

  it('leaves constraint violations, lock timeouts, SQL mistakes and anything else alone', () => {
    for (const code of ['23505', '23503', '55P03', '42P01', '42601', '40001', 'XX000']) {
      expect(pgFault(coded(code))).toBeUndefined();
    }
    for (const value of [undefined, null, 'boom', 42, new Error('boom'), new TypeError('x is undefined')]) {
      expect(pgFault(value)).toBeUndefined();
    }
  });
});

describe('pgliteFault', () => {
  it('calls a closed instance and a WebAssembly abort faults, SQL errors not', () => {
    expect(pgliteFault(new Error('PGlite is closed'))).toBe(true);
    expect(pgliteFault(Object.assign(new Error('unreachable'), { name: 'RuntimeError' }))).toBe(true);
    expect(pgliteFault(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(pgliteFault(coded('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(pgliteFault('PGlite is closed')).toBe(false);
  });
});

describe('unavailable', () => {
  it('wraps the driver error as the cause, and keeps a StoreUnavailableError as it is', () => {
    const cause = coded('ECONNRESET', 'read ECONNRESET');
    const wrapped = unavailable(cause);
    expect(wrapped).toBeInstanceOf(StoreUnavailableError);
    expect(wrapped.cause).toBe(cause);
    expect(wrapped.message).toBe('the database is unavailable: read ECONNRESET');
    expect(wrapped.retryAfterSeconds).toBe(1);
    expect(unavailable(wrapped)).toBe(wrapped);
  });
});

describe('the PGlite adapter once its instance is unusable', () => {
  it('throws StoreUnavailableError from query, exec and transaction; SQL errors stay as they were', async () => {
    const db = await openPglite();
    await db.exec('CREATE TABLE t (id text PRIMARY KEY)');
    await db.query(`INSERT INTO t VALUES ('a')`);
    const duplicate = await rejection(db.query(`INSERT INTO t VALUES ('a')`));
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(duplicate).not.toBeInstanceOf(StoreUnavailableError);
    expect(isLockTimeout(duplicate)).toBe(false);

    await db.close();
    for (const attempt of [
      db.query('SELECT 1'),
      db.exec('SELECT 1'),
      db.transaction((tx) => tx.query('SELECT 1')),
    ]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toBe('the embedded database is unavailable: PGlite is closed');
    }
  });
});
