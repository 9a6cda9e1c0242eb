/**
 * A merchant's sandbox clock (docs/sandbox.md "Time"; rules in domain/sandbox-clock.ts, rows in
 * migration 0020): read it, freeze it, unfreeze it, advance it. Timers on it are job rows with the
 * merchant's due instant (`due_at`) beside the real `run_at` the worker claims by; every change of the
 * clock re-times them in the same transaction, and an advance runs those that fall due, in due order,
 * through the worker's handlers (`TimerRunner`, handed down by the composition root), stepping the
 * clock to each one's due instant first, so what a timer writes and schedules is dated as if the time
 * had passed. The webhooks a timer's change produces are relayed at once and, being due on the same
 * clock, sent by the same advance.
 */
import { err, ok, type Result } from '../../domain/result.js';
import {
  advanceTarget,
  frozen,
  isMerchantClock,
  merchantClock,
  merchantNow,
  movedTo,
  REAL_TIME,
  unfrozen,
  type AdvanceRequest,
  type ClockSetting,
} from '../../domain/sandbox-clock.js';
import {
  claimNextDue,
  countHeldDue,
  findClock,
  lockClock,
  retimeTimers,
  saveClock,
  type DueTimer,
} from '../../store/sandbox-clocks.js';
import type { Clock } from '../../domain/clock.js';
import type { Db } from '../../store/db.js';
import type { Deps } from '../deps.js';
import { relayEvents } from '../webhooks/webhook-relay.js';

export interface ClockView {
  readonly now: Date;
  readonly frozen: boolean;
  /** Merchant time minus real time, now (ms). */
  readonly offsetMs: number;
}

/** How a timer's run ended: its handler returned, threw (retried later), or the job was given up. */
export type TimerOutcome = 'done' | 'failed' | 'dead';

/** Runs one claimed timer with the handler the worker uses for its kind, and records the outcome. */
export interface TimerRunner {
  run(deps: Deps, timer: DueTimer): Promise<TimerOutcome>;
}

export interface Fired {
  readonly kind: string;
  /** What the timer acts on: the charge, the delivery… */
  readonly id: string;
  readonly dueAt: Date;
  readonly outcome: TimerOutcome;
}

export interface Advanced {
  readonly clock: ClockView;
  readonly fired: readonly Fired[];
}

/** An advance runs at most this many timers; the rest are left due, and the worker runs them. */
export const MAX_FIRED = 1_000;
/** How long a claimed timer is the advance's (it is not renewed). */
const LEASE_MS = 60_000;
/** How long an advance waits for due timers another worker is running: polls of HELD_POLL_MS. */
const HELD_POLL_MS = 25;
const HELD_POLLS = 600;

const viewOf = (s: ClockSetting, real: Date): ClockView => {
  const now = merchantNow(s, real);
  return { now, frozen: s.frozenAt !== undefined, offsetMs: now.getTime() - real.getTime() };
};

/**
 * Merchants' clock settings as the request path reads them, cached so a request costs no round trip:
 * a setting is kept for `ttlMs` (a minute), dropped at once on the node that changes it, and dropped on
 * every node when any node changes a clock (`NOTIFY baobab_clocks`, which the composition root listens
 * to). Timers never depend on it: they are timed from the stored row.
 */
export interface MerchantClocks {
  setting(merchantId: string): Promise<ClockSetting>;
  /** Forgets one merchant's setting, or every setting (another node changed a clock). */
  forget(merchantId?: string): void;
}

/** The channel a clock change notifies (the composition root listens to it). */
export const CLOCKS_CHANNEL = 'baobab_clocks';

export function createMerchantClocks(db: Db, real: Clock, ttlMs = 60_000): MerchantClocks {
  const cache = new Map<string, { setting: ClockSetting; until: number }>();
  return {
    async setting(merchantId) {
      const now = real.now().getTime();
      const hit = cache.get(merchantId);
      if (hit && hit.until > now) return hit.setting;
      const setting = (await findClock(db, merchantId)) ?? REAL_TIME;
      if (cache.size > 100_000) cache.clear();
      cache.set(merchantId, { setting, until: now + ttlMs });
      return setting;
    },
    forget(merchantId) {
      if (merchantId === undefined) cache.clear();
      else cache.delete(merchantId);
    },
  };
}

/**
 * The deps a merchant's request runs with: its sandbox clock as `clock` (from the cache), so what the
 * flow dates and the expiries it reads are in the merchant's time; `deps` itself on real time.
 */
export async function merchantDeps(deps: Deps, merchantId: string): Promise<Deps> {
  // Already on a merchant's clock: that merchant's is kept, another's is read against real time.
  const current = isMerchantClock(deps.clock) ? deps.clock : undefined;
  if (current?.merchantId === merchantId) return deps;
  const real: Clock = current ? { now: () => current.real() } : deps.clock;
  const setting = await deps.clocks.setting(merchantId);
  if (setting.offsetMs === 0 && setting.frozenAt === undefined) {
    return current ? { ...deps, clock: real } : deps;
  }
  return { ...deps, clock: merchantClock(merchantId, setting, real) };
}

/** The merchant's time now, as the request path sees it (cached; see `MerchantClocks`). */
export const merchantTimeOf = async (deps: Deps, merchantId: string): Promise<Date> =>
  (await merchantDeps(deps, merchantId)).clock.now();

export async function readClock(deps: Deps, merchantId: string): Promise<ClockView> {
  return viewOf((await findClock(deps.db, merchantId)) ?? REAL_TIME, deps.clock.now());
}

/** The deps a merchant's timer runs with: its clock read from the store, now. */
export async function onMerchantClock(deps: Deps, merchantId: string): Promise<Deps> {
  const setting = await findClock(deps.db, merchantId);
  const current = isMerchantClock(deps.clock) ? deps.clock : undefined;
  const real: Clock = current ? { now: () => current.real() } : deps.clock;
  return setting ? { ...deps, clock: merchantClock(merchantId, setting, real) } : deps;
}

/** Changes the setting under its row lock and re-times the merchant's timers, in one transaction. */
async function change(
  deps: Deps,
  merchantId: string,
  next: (s: ClockSetting, real: Date) => ClockSetting,
): Promise<ClockView> {
  const view = await deps.db.transaction(async (tx) => {
    const real = deps.clock.now();
    const saved = await saveClock(tx, merchantId, next(await lockClock(tx, merchantId, real), real), real);
    await retimeTimers(tx, merchantId, saved, real);
    await tx.query(`SELECT pg_notify('${CLOCKS_CHANNEL}', '')`);
    return viewOf(saved, real);
  });
  deps.clocks.forget(merchantId);
  return view;
}

/** Stops the merchant's time: nothing falls due on its own until it is advanced or unfrozen. */
export const freezeClock = (deps: Deps, merchantId: string): Promise<ClockView> =>
  change(deps, merchantId, frozen);

/** Lets the merchant's time run again from where it stood. */
export const unfreezeClock = (deps: Deps, merchantId: string): Promise<ClockView> =>
  change(deps, merchantId, unfrozen);

// One advance at a time per merchant on a node: a second waits for the first, then moves on from it.
const advancing = new Map<string, Promise<unknown>>();

/**
 * Moves the merchant's clock forward (`seconds`, or `to` an instant), running every timer that falls
 * due meanwhile in due order (with `runner`), and resolves once they have run. 400 naming the field
 * for a bad, negative or past value.
 */
export async function advanceClock(
  deps: Deps,
  merchantId: string,
  body: AdvanceRequest,
  runner: TimerRunner | undefined,
): Promise<Result<Advanced>> {
  const before = advancing.get(merchantId) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => advance(deps, merchantId, body, runner));
  advancing.set(merchantId, run);
  try {
    return await run;
  } finally {
    if (advancing.get(merchantId) === run) advancing.delete(merchantId);
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

async function advance(
  deps: Deps,
  merchantId: string,
  body: AdvanceRequest,
  runner: TimerRunner | undefined,
): Promise<Result<Advanced>> {
  const { db, clock } = deps;
  let setting = (await findClock(db, merchantId)) ?? REAL_TIME;
  const target = advanceTarget(body, merchantNow(setting, clock.now()));
  if (!target.ok) return err(target.error);
  const until = target.value;
  const fired: Fired[] = [];
  const tried: string[] = [];
  let polls = 0;
  while (runner && fired.length < MAX_FIRED) {
    const real = clock.now();
    const timer = await claimNextDue(db, merchantId, until, real, LEASE_MS, tried);
    if (!timer) {
      // A due timer another worker claimed first: the advance answers once it is over.
      if ((await countHeldDue(db, merchantId, until, real)) === 0) break;
      if (++polls > HELD_POLLS) break;
      await sleep(HELD_POLL_MS);
      continue;
    }
    tried.push(timer.id);
    // The timer runs at its own instant: what it dates and schedules is as if the time had passed.
    setting = await saveClock(db, merchantId, movedTo(setting, real, timer.dueAt), real);
    deps.clocks.forget(merchantId);
    const outcome = await runner.run(deps, timer);
    fired.push({ kind: timer.kind, id: subjectOf(timer), dueAt: timer.dueAt, outcome });
    // What it told (a charge completed) becomes deliveries due now, which this loop then sends.
    await relayEvents(deps);
  }
  const view = await db.transaction(async (tx) => {
    const real = clock.now();
    const current = await lockClock(tx, merchantId, real);
    const saved = await saveClock(tx, merchantId, movedTo(current, real, until), real);
    await retimeTimers(tx, merchantId, saved, real);
    await tx.query(`SELECT pg_notify('${CLOCKS_CHANNEL}', '')`);
    return viewOf(saved, real);
  });
  deps.clocks.forget(merchantId);
  return ok({ clock: view, fired });
}

const SUBJECT_KEYS = ['chargeId', 'deliveryId', 'transferId', 'refundId', 'batchId', 'sessionId'] as const;

/** The public id a timer acts on, from its payload (job ids are internal). */
function subjectOf(timer: DueTimer): string {
  const p = (typeof timer.payload === 'object' && timer.payload !== null ? timer.payload : {}) as Record<
    string,
    unknown
  >;
  for (const key of SUBJECT_KEYS) {
    const value = p[key];
    if (typeof value === 'string') return value;
  }
  return '';
}
