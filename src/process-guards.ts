/**
 * The server process's last line of defence: an exception no code caught, or a promise rejection
 * nobody handled, is logged with what is known of it and counted (`baobab_unexpected_errors_total`),
 * and the process keeps serving. Node's default is to exit, which turns one bad code path into an
 * outage for every merchant on the node; every request path already answers its own errors, so what
 * reaches here is a bug to find from the log, not a reason to stop. Signals still shut down
 * gracefully (cli/main.ts).
 */
import type { Logger } from 'pino';
import type { OnUnexpected, UnexpectedSource } from './api/http/errors.js';

export interface ProcessGuards {
  /** From now on, count into `count` too (the metrics registry exists only once the server is up). */
  countWith(count: OnUnexpected): void;
  remove(): void;
}

/** The events the guards listen to on `proc` (the process; an emitter in tests). */
interface GuardedProcess {
  on(event: 'uncaughtException', listener: (error: unknown, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: unknown, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export function guardProcess(proc: GuardedProcess, log: Logger): ProcessGuards {
  let count: OnUnexpected = () => undefined;
  const report = (source: UnexpectedSource, error: unknown, detail: Record<string, unknown>) => {
    // A listener that throws would make Node exit after all: nothing here may.
    try {
      count(source);
      log.error(
        { err: error, source, ...detail, uptime_s: Math.round(process.uptime()) },
        `${source.replace('_', ' ')}: logged and counted, the process keeps running`,
      );
    } catch {
      process.stderr.write(`baobab: ${source}: ${String(error)}\n`);
    }
  };
  const onException = (error: unknown, origin: string) => {
    report('uncaught_exception', error, { origin });
  };
  const onRejection = (reason: unknown) => {
    report('unhandled_rejection', reason, {});
  };
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return {
    countWith(next) {
      count = next;
    },
    remove() {
      proc.off('uncaughtException', onException);
      proc.off('unhandledRejection', onRejection);
    },
  };
}
