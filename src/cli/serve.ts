/**
 * `baobab serve`: the gateway in this process, with the process guards, a port already taken said in
 * one line (set PORT), and a graceful close on SIGINT/SIGTERM.
 */
import type { Config } from '../config.js';
import { createLogger, logFormatFor } from '../log.js';

export async function serve(config: Config): Promise<number> {
  const log = createLogger(config.logLevel, { format: logFormatFor(config.logFormat, process.stdout) });
  // Before anything else runs: from here on nothing unforeseen ends the process (process-guards.ts).
  const { guardProcess } = await import('../process-guards.js');
  const guards = guardProcess(process, log);
  const { startServer } = await import('../main.js');
  let server;
  try {
    server = await startServer(config, log);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'EADDRINUSE') throw error;
    process.stderr.write(
      `baobab serve: port ${String(config.port)} on ${config.host} is taken; stop what uses it or set PORT to another port\n`,
    );
    return 1;
  }
  guards.countWith(server.unexpected);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('graceful shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    const running = server;
    running.close().then(
      () => {
        log.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  return -1; // keep running until a signal
}
