/** `Db.listen` on PostgreSQL: LISTEN on a connection of its own, outside the pool. */
import pg from 'pg';

const RECONNECT_MS = 1_000;
const END_WAIT_MS = 1_000;
const ignore = (): void => undefined;

/**
 * Listens on `channel` for the process's life. When the connection cannot be opened or drops, it is
 * opened again after a pause, until stopped. Its error listener is there from the first moment, so a
 * dropped connection is never an unhandled 'error' event; `config` carries the connect timeout.
 */
export async function listenOn(
  config: pg.ClientConfig,
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
    if (!last) return;
    last.removeAllListeners();
    last.on('error', ignore);
    // A graceful end waits for the server's goodbye, which a partitioned server never sends.
    const force = setTimeout(() => last.connection.stream.destroy(), END_WAIT_MS);
    await last.end().catch(ignore);
    clearTimeout(force);
  };
}
