/**
 * A merchant's sandbox clock (docs/sandbox.md "Time"): the merchant's time is real time plus an
 * offset, or, while frozen, the instant it was frozen at. Pure rules; the store keeps the setting
 * (migration 0020) and flows/sandbox/clocks.ts applies them. The clock never moves backwards.
 */
import { invalid } from './errors.js';
import { err, ok, type Result } from './result.js';
import type { Clock } from './clock.js';

export interface ClockSetting {
  /** Merchant time minus real time while running (ms). */
  readonly offsetMs: number;
  /** Set while frozen: the merchant's time, standing still. */
  readonly frozenAt?: Date;
}

/** A merchant without a setting runs on real time. */
export const REAL_TIME: ClockSetting = { offsetMs: 0 };

/** The merchant's time at the real instant `real`. */
export const merchantNow = (s: ClockSetting, real: Date): Date =>
  s.frozenAt ?? new Date(real.getTime() + s.offsetMs);

/** Frozen where it stands now. Freezing a frozen clock changes nothing. */
export const frozen = (s: ClockSetting, real: Date): ClockSetting =>
  s.frozenAt ? s : { offsetMs: s.offsetMs, frozenAt: merchantNow(s, real) };

/** Running again from the instant it was frozen at: time resumes, it does not jump. */
export const unfrozen = (s: ClockSetting, real: Date): ClockSetting =>
  s.frozenAt ? { offsetMs: s.frozenAt.getTime() - real.getTime() } : s;

/** Moved forward to `to` (merchant time), frozen or running as it was; never backwards. */
export function movedTo(s: ClockSetting, real: Date, to: Date): ClockSetting {
  const now = merchantNow(s, real);
  const target = to.getTime() > now.getTime() ? to : now;
  return s.frozenAt
    ? { offsetMs: s.offsetMs, frozenAt: target }
    : { offsetMs: target.getTime() - real.getTime() };
}

/** A clock that reads `setting` against `real`: what a merchant's flows and timers see. */
export interface MerchantClock extends Clock {
  readonly merchantId: string;
  readonly setting: ClockSetting;
  /** The real time it is read against (what the job queue's `run_at` is in). */
  real(): Date;
}

export function merchantClock(merchantId: string, setting: ClockSetting, real: Clock): MerchantClock {
  return {
    merchantId,
    setting,
    now: () => merchantNow(setting, real.now()),
    real: () => real.now(),
  };
}

export const isMerchantClock = (clock: Clock): clock is MerchantClock =>
  'real' in clock && typeof clock.real === 'function' && 'merchantId' in clock;

/** The real time behind a clock: a merchant clock's real time, or the clock itself. */
export const realNow = (clock: Clock): Date => (isMerchantClock(clock) ? clock.real() : clock.now());

/** The longest step an advance takes: 100 years. */
export const MAX_ADVANCE_SECONDS = 100 * 366 * 86_400;

export interface AdvanceRequest {
  readonly seconds?: number;
  readonly to?: string;
}

/**
 * Where an advance takes the clock that reads `now`: `seconds` forward, or to the instant `to`
 * (ISO 8601 with a time zone) — exactly one, never backwards. Errors name the field.
 */
export function advanceTarget(body: AdvanceRequest, now: Date): Result<Date> {
  const fail = (field: string, message: string) => err(invalid([{ field, message }], message));
  if (body.seconds !== undefined && body.to !== undefined) {
    return fail('to', 'Send either seconds or to, not both');
  }
  if (body.seconds !== undefined) {
    const s = body.seconds;
    if (!Number.isFinite(s) || s < 0)
      return fail('seconds', 'seconds must be a number of seconds, 0 or more');
    if (s > MAX_ADVANCE_SECONDS) {
      return fail('seconds', `seconds must be at most ${String(MAX_ADVANCE_SECONDS)} (100 years)`);
    }
    return ok(new Date(now.getTime() + Math.round(s * 1000)));
  }
  if (body.to !== undefined) {
    const to = parseInstant(body.to);
    if (to === undefined) {
      return fail('to', 'to must be an ISO 8601 date-time with a time zone, e.g. 2026-01-16T09:00:00Z');
    }
    if (to.getTime() < now.getTime()) {
      return fail(
        'to',
        `to is before the clock's time (${now.toISOString()}): the clock never moves backwards`,
      );
    }
    if (to.getTime() - now.getTime() > MAX_ADVANCE_SECONDS * 1000) {
      return fail('to', 'to must be at most 100 years ahead of the clock');
    }
    return ok(to);
  }
  return fail('seconds', 'Send seconds (how far to move the clock) or to (the time to move it to)');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

function parseInstant(text: string): Date | undefined {
  if (!ISO_INSTANT.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
