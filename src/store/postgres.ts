/**
 * The PostgreSQL adapter: a `pg` pool; a transaction holds one pooled connection from BEGIN to COMMIT.
 *
 * Faults of the database never end the process and never hang a caller for long: every client has an
 * error listener from the moment it connects; connecting, waiting for a pooled connection and every
 * statement are bounded; a client that lost its connection or went unanswered is destroyed, never
 * returned to the pool; driver faults become StoreUnavailableError (503), and while the database is
 * unreachable callers are told at once (pg-reachability.ts). Timeouts are in docs/ARCHITECTURE.md.
 */
import pg from 'pg';
import type { Db, QueryResult, Queryable, Row } from './db.js';
import { pgFault, unavailable } from './faults.js';
import { POSTGRES_DEFAULTS } from './pg-defaults.js';
import { listenOn } from './pg-listen.js';
import { createReachability, type StoreLog } from './pg-reachability.js';

export interface PostgresOptions {
  readonly url: string;
  readonly poolSize?: number;
  /** Tests isolate themselves in a schema of their own; production uses the URL's default search_path. */
  readonly schema?: string;
  /**
   * Longest wait for a row lock (session `lock_timeout`): a request writing a row another request is
   * still writing — the same X-Idempotency-Key, the same charge — gives up after this and answers 409.
   */
  readonly lockTimeoutMs?: number;
  /** Longest wait for a new connection, and for a free one from the pool. */
  readonly connectTimeoutMs?: number;
  /** Server-side `statement_timeout`; a statement unanswered for this plus a margin is abandoned. */
  readonly statementTimeoutMs?: number;
  /** Server-side `idle_in_transaction_session_timeout`: a stalled node's locks are freed after this. */
  readonly idleInTransactionTimeoutMs?: number;
  /** Where outages and recoveries are reported. */
  readonly log?: StoreLog;
}

// The client-side bound of a statement outlasts the server's, so the server's clean 57014 comes first.
const DEADLINE_MARGIN_MS = 1_000;
const KEEPALIVE_DELAY_MS = 10_000;

// int8 (OID 20) as a JS number instead of a string: counts and numeric ids stay below 2^53.
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

const ms = (value: number): string => String(Math.round(value));

/**
 * Session settings go in the startup packet's `options`, merged with any `options` the URL already
 * carries (node-postgres lets the URL's value win over the config's, so the two are combined here).
 */
function poolConfig(options: PostgresOptions): pg.PoolConfig {
  const url = new URL(options.url);
  const statement = options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs;
  const idle = options.idleInTransactionTimeoutMs ?? POSTGRES_DEFAULTS.idleInTransactionTimeoutMs;
  const startup = [
    url.searchParams.get('options'),
    options.schema === undefined ? undefined : `-c search_path=${options.schema}`,
    options.lockTimeoutMs === undefined ? undefined : `-c lock_timeout=${ms(options.lockTimeoutMs)}`,
    `-c statement_timeout=${ms(statement)}`,
    `-c idle_in_transaction_session_timeout=${ms(idle)}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  url.searchParams.delete('options');
  return {
    connectionString: url.toString(),
    max: options.poolSize ?? 10,
    types,
    options: startup.join(' '),
    connectionTimeoutMillis: options.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs,
    // Keeps idle connections alive through NAT and firewalls, and finds dead ones sooner.
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  };
}

const ignore = (): void => undefined;

/** Closes a client's socket at once: no goodbye to a server that may never answer. */
function destroy(client: pg.ClientBase): void {
  if (client instanceof pg.Client) client.connection.stream.destroy();
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const config = poolConfig(options);
  const connectTimeoutMs = config.connectionTimeoutMillis ?? POSTGRES_DEFAULTS.connectTimeoutMs;
  const deadlineMs =
    (options.statementTimeoutMs ?? POSTGRES_DEFAULTS.statementTimeoutMs) + DEADLINE_MARGIN_MS;

  const probe = async (timeoutMs: number): Promise<void> => {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    client.on('error', ignore);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
    } catch (error) {
      destroy(client);
      throw error;
    }
  };
  const reach = createReachability({ probe, connectTimeoutMs, deadlineMs, log: options.log });

  const pool = new pg.Pool(config);
  // Clients that lost their connection, or that a timeout abandoned mid-statement: never reused.
  const broken = new WeakSet<pg.ClientBase>();
  // The outage count when each client connected: one made before an outage is not trusted after it.
  const epochOf = new WeakMap<pg.ClientBase, number>();
  pool.on('connect', (client) => {
    epochOf.set(client, reach.epoch);
    // Always listening, checked out or idle: a connection error is never an unhandled 'error' event.
    client.on('error', (error) => {
      broken.add(client);
      if (pgFault(error)) reach.suspect();
    });
  });
  // An idle client's connection error: the pool drops the client; it may mean the database is down.
  pool.on('error', (error) => {
    if (pgFault(error)) reach.suspect();
  });

  /** The driver's error as the adapter throws it: a fault becomes StoreUnavailableError. */
  const fault = (error: unknown): unknown => {
    if (pgFault(error) === undefined) return error;
    reach.suspect();
    return unavailable(error);
  };

  const acquire = async (): Promise<pg.PoolClient> => {
    for (;;) {
      reach.check();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw fault(error);
      }
      if (epochOf.get(client) === reach.epoch && !broken.has(client)) return client;
      client.release(true);
    }
  };

  const release = (client: pg.PoolClient): void => {
    client.release(broken.has(client));
  };

  // Parameterised statements run as named prepared statements: each connection parses and plans a
  // statement once, not on every execution. Store SQL is fixed text (values go in parameters), so
  // the set of names stays small.
  const names = new Map<string, string>();
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (name === undefined) {
      name = `baobab_${names.size}`;
      names.set(sql, name);
    }
    return name;
  };

  /** One statement on `client`, tracked so that an outage or its deadline can abandon it. */
  const run = async <R extends Row>(
    client: pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
    deadline = true,
  ): Promise<QueryResult<R>> => {
    const end = reach.track(() => {
      broken.add(client);
      destroy(client);
    }, deadline);
    try {
      const result =
        params === undefined || params.length === 0
          ? await client.query<R>(sql)
          : await client.query<R>({ name: nameOf(sql), text: sql, values: [...params] });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      if (pgFault(error) === 'connection') broken.add(client);
      throw fault(error);
    } finally {
      end();
    }
  };

  const onClient = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await acquire();
    try {
      return await work(client);
    } finally {
      release(client);
    }
  };

  try {
    await onClient((client) => run(client, 'SELECT 1'));
  } catch (error) {
    reach.stop();
    await pool.end();
    throw error;
  }

  return {
    kind: 'postgres',
    query: (sql, params) => onClient((client) => run(client, sql, params)),
    exec: async (sql) => {
      await onClient((client) => run(client, sql, undefined, false));
    },
    transaction: <T>(work: (tx: Queryable) => Promise<T>): Promise<T> =>
      onClient(async (client) => {
        try {
          await run(client, 'BEGIN');
          const result = await work({
            query: (sql, params) => run(client, sql, params),
            exec: async (sql) => {
              await run(client, sql, undefined, false);
            },
          });
          await run(client, 'COMMIT');
          return result;
        } catch (error) {
          // A ROLLBACK on a lost connection would never be answered: the server rolls back when
          // the destroyed connection closes.
          if (!broken.has(client)) {
            await run(client, 'ROLLBACK').catch(() => {
              broken.add(client);
            });
          }
          throw error;
        }
      }),
    listen: (channel, onNotify) =>
      listenOn({ ...config, query_timeout: connectTimeoutMs }, channel, onNotify),
    async close() {
      reach.stop();
      await pool.end();
    },
  };
}
