/**
 * A TCP proxy between a node and its database that cuts the database off on demand, the ways a real
 * outage does:
 *
 * - `reset`: every connection, open or new, is reset (RST), as when a host or a middlebox dies;
 * - `refuse`: open connections are closed (FIN) and nothing listens any more (ECONNREFUSED), as when
 *   PostgreSQL is stopped;
 * - `blackhole`: connections stay open and nothing answers, open or new (a network partition); what
 *   was sent is held and delivered when the partition ends, as TCP would retransmit it;
 * - `freeze`: open connections go silent, new ones pass (one connection dropped by a firewall);
 * - `pass`: the database is back.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'reset' | 'refuse' | 'blackhole' | 'freeze';

export interface ChaosProxy {
  readonly port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  readonly mode: ProxyMode;
  /** Connections accepted so far (the node's pool, probes and LISTEN connection). */
  readonly accepted: number;
  set(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  upstream: Socket | undefined;
  /** Held: nothing is forwarded either way; chunks read meanwhile wait in `pending`. */
  held: boolean;
  readonly pending: { readonly to: 'client' | 'upstream'; readonly chunk: Buffer }[];
}

export async function startProxy(target: { host: string; port: number }): Promise<ChaosProxy> {
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';
  let accepted = 0;

  const drop = (pair: Pair, how: 'reset' | 'end' | 'destroy'): void => {
    pairs.delete(pair);
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue;
      if (how === 'reset') socket.resetAndDestroy();
      else if (how === 'end') socket.end();
      else socket.destroy();
    }
  };

  const forward = (pair: Pair, to: 'client' | 'upstream', chunk: Buffer): void => {
    if (pair.held) {
      pair.pending.push({ to, chunk });
      return;
    }
    const socket = to === 'client' ? pair.client : pair.upstream;
    socket?.write(chunk);
  };

  const wireUpstream = (pair: Pair): void => {
    const upstream = connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('data', (chunk: Buffer) => {
      forward(pair, 'client', chunk);
    });
    upstream.on('error', () => {
      drop(pair, 'destroy');
    });
    upstream.on('close', () => {
      drop(pair, 'end');
    });
  };

  const hold = (pair: Pair): void => {
    pair.held = true;
    pair.client.pause();
    pair.upstream?.pause();
  };

  const release = (pair: Pair): void => {
    pair.held = false;
    if (!pair.upstream) wireUpstream(pair);
    for (const { to, chunk } of pair.pending.splice(0)) forward(pair, to, chunk);
    pair.client.resume();
    pair.upstream?.resume();
  };

  const onConnection = (client: Socket): void => {
    accepted++;
    if (mode === 'reset') {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, upstream: undefined, held: false, pending: [] };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      forward(pair, 'upstream', chunk);
    });
    client.on('error', () => {
      drop(pair, 'destroy');
    });
    client.on('close', () => {
      drop(pair, 'end');
    });
    if (mode === 'blackhole') hold(pair);
    else wireUpstream(pair);
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let listening = true;

  const listen = async (): Promise<void> => {
    if (listening) return;
    server = createServer(onConnection);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    listening = true;
  };

  const stopListening = (): void => {
    if (!listening) return;
    listening = false;
    // Stops accepting at once; the callback (all connections gone) is not waited for.
    server.close();
  };

  return {
    port,
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    async set(next) {
      mode = next;
      switch (next) {
        case 'pass':
          await listen();
          for (const pair of pairs) if (pair.held) release(pair);
          break;
        case 'reset':
          await listen();
          for (const pair of [...pairs]) drop(pair, 'reset');
          break;
        case 'refuse':
          stopListening();
          for (const pair of [...pairs]) drop(pair, 'end');
          break;
        case 'blackhole':
          await listen();
          for (const pair of pairs) hold(pair);
          break;
        case 'freeze':
          await listen();
          for (const pair of pairs) hold(pair);
          mode = 'pass';
          break;
      }
    },
    async close() {
      stopListening();
      for (const pair of [...pairs]) drop(pair, 'destroy');
    },
  };
}
