import type { Clock } from '../../src/domain/clock.js';

/** A clock tests move by hand: nothing in a test sleeps to let time pass. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start = Date.parse('2026-01-15T09:00:00.000Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
