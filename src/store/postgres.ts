/** The PostgreSQL adapter: a `pg` pool; a transaction holds one pooled connection from BEGIN to COMMIT. */
import pg from 'pg';
import type { Db, QueryResult, Queryable, Row } from './db.js';

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
}

// int8 (OID 20) as a JS number instead of a string: counts and numeric ids stay below 2^53.
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/**
 * Session settings go in the startup packet's `options`, merged with any `options` the URL already
 * carries (node-postgres lets the URL's value win over the config's, so the two are combined here).
 */
function poolConfig(options: PostgresOptions): pg.PoolConfig {
  const url = new URL(options.url);
  const startup = [
    url.searchParams.get('options'),
    options.schema === undefined ? undefined : `-c search_path=${options.schema}`,
    options.lockTimeoutMs === undefined
      ? undefined
      : `-c lock_timeout=${String(Math.round(options.lockTimeoutMs))}`,
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  url.searchParams.delete('options');
  return {
    connectionString: url.toString(),
    max: options.poolSize ?? 10,
    types,
    ...(startup.length > 0 ? { options: startup.join(' ') } : {}),
  };
}

export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool(poolConfig(options));
  // An idle client's connection error must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');

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

  const run = async <R extends Row>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    const result =
      params === undefined || params.length === 0
        ? await client.query<R>(sql)
        : await client.query<R>({ name: nameOf(sql), text: sql, values: [...params] });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };

  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work({
          query: (sql, params) => run(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // the connection is unusable: drop it rather than return it to the pool
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    listen: (channel, onNotify) => listenOn(poolConfig(options), channel, onNotify),
    close: () => pool.end(),
  };
}

const RECONNECT_MS = 1_000;
const ignore = (): void => undefined;

/**
 * LISTEN on a connection of its own, outside the pool (it stays open for the process's life). When it
 * cannot be opened or drops, it is opened again after a pause, until stopped.
 */
async function listenOn(
  config: pg.PoolConfig,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const open = async (): Promise<void> => {
    const next = new pg.Client(config);
    let dropped = false;
    const drop = (): void => {
      if (dropped) return;
      dropped = true;
      next.removeAllListeners();
      next.on('error', ignore);
      next.end().catch(ignore);
      if (client === next) client = undefined;
      if (stopped) return;
      retry = setTimeout(() => void open(), RECONNECT_MS);
      retry.unref();
    };
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    next.on('error', drop);
    next.on('end', drop);
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      client = next;
      if (stopped) drop();
    } catch {
      drop();
    }
  };

  await open();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const last = client;
    client = undefined;
    last?.removeAllListeners();
    last?.on('error', ignore);
    await last?.end().catch(ignore);
  };
}
