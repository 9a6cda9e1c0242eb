/**
 * Whether PostgreSQL can be reached, decided by probing it (a fresh connection and `SELECT 1`), so a
 * dead database is not hammered and callers hear at once instead of each waiting out a timeout.
 *
 * - Up: operations run. A fault on any of them, or an operation left unanswered for a third of the
 *   connect timeout (a partition drops packets without a word), starts one probe. A probe that
 *   fails marks the store down; one that succeeds changes nothing (a lone reset, a slow query).
 * - Down: `check()` throws StoreUnavailableError without touching the network, operations still in
 *   flight are aborted (their connections destroyed: they would only hang), and a probe starts every
 *   half second until one succeeds. So service returns within about half a second of the database.
 * - Any operation not answered by its deadline is aborted, however the probes fare: a connection
 *   that went silent on its own (a firewall dropped it) is destroyed, never reused.
 */
import { StoreUnavailableError } from '../domain/errors.js';
import { pgFault } from './faults.js';

export interface StoreLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ReachabilityOptions {
  /** Connects afresh and runs `SELECT 1`, giving up after `timeoutMs`. */
  readonly probe: (timeoutMs: number) => Promise<void>;
  /** How long a new connection may take: a probe's bound while up. */
  readonly connectTimeoutMs: number;
  /** How long an operation may go unanswered before its connection is destroyed. */
  readonly deadlineMs: number;
  readonly log?: StoreLog | undefined;
}

export interface Reachability {
  /** Throws StoreUnavailableError at once while the store is known to be down. */
  check(): void;
  /** A fault hints that the store may be down: probe it (one probe at a time). */
  suspect(): void;
  /**
   * Registers an operation in flight; `abort` destroys its connection. `deadline: false` for scripts
   * (migrations), which may run as long as they need. Returns the operation's end.
   */
  track(abort: () => void, deadline?: boolean): () => void;
  /** Counts outages: a connection opened before the last one began is not trusted after it. */
  readonly epoch: number;
  readonly down: boolean;
  stop(): void;
}

const TICK_MS = 250;
// While down, a probe starts every half second, each given the whole connect timeout (a database that
// is slow to accept is still up): they overlap, so one hanging in a partition never delays the next.
const DOWN_PROBE_EVERY_MS = 500;

interface Operation {
  readonly since: number;
  readonly abort: () => void;
  readonly deadline: boolean;
}

export function createReachability(options: ReachabilityOptions): Reachability {
  const { probe, connectTimeoutMs, deadlineMs, log } = options;
  const silentMs = Math.max(TICK_MS, Math.round(connectTimeoutMs / 3));
  const probesAtOnce = Math.ceil(connectTimeoutMs / DOWN_PROBE_EVERY_MS) + 1;
  // Insertion order is start order: the first entry is the oldest operation.
  const inFlight = new Map<symbol, Operation>();
  let down = false;
  let downSince = 0;
  let epoch = 0;
  let probing = 0;
  let lastGoodProbe = Date.now();
  let lastCause = '';
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  /** Resolves true when the server answered — even to refuse us (53300): it is there. */
  const reachable = async (timeoutMs: number): Promise<boolean> => {
    try {
      await probe(timeoutMs);
      return true;
    } catch (error) {
      lastCause = error instanceof Error ? error.message : String(error);
      return pgFault(error) !== 'connection';
    }
  };

  const abortAll = (): void => {
    const operations = [...inFlight.values()];
    inFlight.clear();
    for (const operation of operations) operation.abort();
  };

  const markDown = (): void => {
    if (down || stopped) return;
    down = true;
    downSince = Date.now();
    epoch++;
    log?.warn({ cause: lastCause }, 'database unreachable: answering 503 until it is back');
    abortAll();
    retry = setInterval(probeWhileDown, DOWN_PROBE_EVERY_MS);
    retry.unref();
  };

  const markUp = (): void => {
    if (!down) return;
    down = false;
    clearInterval(retry);
    retry = undefined;
    log?.info({ down_ms: Date.now() - downSince }, 'database reachable again');
  };

  const runProbe = async (timeoutMs: number): Promise<void> => {
    probing++;
    try {
      if (await reachable(timeoutMs)) {
        lastGoodProbe = Date.now();
        markUp();
      } else markDown();
    } finally {
      probing--;
    }
  };

  function probeWhileDown(): void {
    if (probing < probesAtOnce && !stopped) void runProbe(connectTimeoutMs);
  }

  const suspect = (): void => {
    if (down || probing > 0 || stopped) return;
    void runProbe(connectTimeoutMs);
  };

  // Deadlines and silence are checked on a coarse tick rather than with a timer per statement.
  const tick = setInterval(() => {
    const now = Date.now();
    for (const [id, operation] of inFlight) {
      if (!operation.deadline || now - operation.since < deadlineMs) continue;
      inFlight.delete(id);
      lastCause = `no answer within ${String(deadlineMs)} ms`;
      operation.abort();
      suspect();
    }
    const oldest = inFlight.values().next().value;
    if (oldest && now - oldest.since > silentMs && now - lastGoodProbe > silentMs) suspect();
  }, TICK_MS);
  tick.unref();

  return {
    check() {
      if (down) {
        throw new StoreUnavailableError(`the database is unreachable (${lastCause})`);
      }
    },
    suspect,
    track(abort, deadline = true) {
      const id = Symbol('operation');
      inFlight.set(id, { since: Date.now(), abort, deadline });
      return () => {
        inFlight.delete(id);
      };
    },
    get epoch() {
      return epoch;
    },
    get down() {
      return down;
    },
    stop() {
      stopped = true;
      clearInterval(tick);
      clearInterval(retry);
    },
  };
}
