/**
 * Settlements: a merchant's collections in one currency, batched by UTC day (docs/sandbox.md
 * "Settlements"). What a settlement sums are the movements collections made on the wallet's
 * `available` account — each successful charge's credit net of its fees, refunds, dispute holds and
 * their releases — so its totals are the ledger's, to the minor unit. Settling moves no money: the
 * wallet was credited as each charge succeeded, so the destination is always the wallet.
 *
 * Schedule: every day at SETTLEMENT_HOUR_UTC the run settles every movement made before that UTC day
 * began (the previous day's, and any left from earlier days). A day whose movements do not add up to
 * a positive amount with at least one charge — only refunds, or more refunded than collected — is not
 * settled on its own: its movements carry into the next day that settles, as the real API deducts
 * refunds from the next settlement.
 */

/** The kinds of ledger movement a settlement takes. */
export type SettlementItemKind = 'charge' | 'refund' | 'dispute_hold' | 'dispute_release';

/** One movement still to settle, as the ledger recorded it. Amounts in minor units. */
export interface SettlementItem {
  readonly kind: SettlementItemKind;
  /** The charge, refund or chargeback that caused it. */
  readonly sourceId: string;
  readonly chargeId: string;
  readonly currency: string;
  /** What it moved on `available`: a charge's credit (> 0), a refund's or hold's debit (< 0)… */
  readonly amount: number;
  /** A charge's amount and fees (0 for the other kinds). */
  readonly gross: number;
  readonly fee: number;
  readonly at: Date;
}

export interface SettlementTotals {
  readonly gross: number;
  readonly fee: number;
  readonly refund: number;
  /** Dispute holds less releases. */
  readonly chargeback: number;
  readonly net: number;
  readonly chargeCount: number;
}

export interface Settlement extends SettlementTotals {
  readonly id: string;
  readonly numId: number;
  readonly merchantId: string;
  readonly currency: string;
  /** The UTC day (midnight) of the latest movement it settles. */
  readonly day: Date;
  readonly status: 'completed';
  readonly destination: 'wallet';
  readonly dueAt: Date;
  readonly createdAt: Date;
}

/** A batch decided, before it has an id. */
export interface SettlementBatch {
  readonly currency: string;
  readonly day: Date;
  readonly totals: SettlementTotals;
  readonly items: readonly SettlementItem[];
}

/** The daily run's hour (UTC): at 01:00 the previous UTC day is settled. */
export const SETTLEMENT_HOUR_UTC = 1;

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `at` falls in. */
export const dayOf = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** When the daily run after `now` is due: the next SETTLEMENT_HOUR_UTC o'clock, strictly later. */
export function nextRunAfter(now: Date): Date {
  const today = dayOf(now).getTime() + SETTLEMENT_HOUR_UTC * 3_600_000;
  return new Date(today > now.getTime() ? today : today + DAY_MS);
}

/** The daily run at `runAt` settles what was moved before its UTC day began. */
export const cutoffOf = (runAt: Date): Date => dayOf(runAt);

export function totalsOf(items: readonly SettlementItem[]): SettlementTotals {
  let gross = 0;
  let fee = 0;
  let refund = 0;
  let chargeback = 0;
  let net = 0;
  let chargeCount = 0;
  for (const i of items) {
    net += i.amount;
    switch (i.kind) {
      case 'charge':
        gross += i.gross;
        fee += i.fee;
        chargeCount += 1;
        break;
      case 'refund':
        refund -= i.amount;
        break;
      case 'dispute_hold':
      case 'dispute_release':
        chargeback -= i.amount;
        break;
    }
  }
  return { gross, fee, refund, chargeback, net, chargeCount };
}

/**
 * The batches of one merchant's unsettled movements: per currency, per UTC day in order, each day's
 * movements together with those carried from earlier days that did not settle. A batch is made once
 * it holds a charge and adds up to more than zero; what is left at the end stays unsettled.
 */
export function batchesOf(items: readonly SettlementItem[]): SettlementBatch[] {
  const byCurrency = new Map<string, SettlementItem[]>();
  for (const i of [...items].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const list = byCurrency.get(i.currency) ?? [];
    list.push(i);
    byCurrency.set(i.currency, list);
  }
  const batches: SettlementBatch[] = [];
  for (const [currency, list] of [...byCurrency].sort(([a], [b]) => a.localeCompare(b))) {
    let carried: SettlementItem[] = [];
    for (let k = 0; k < list.length;) {
      const day = dayOf((list[k] as SettlementItem).at).getTime();
      while (k < list.length && dayOf((list[k] as SettlementItem).at).getTime() === day) {
        carried.push(list[k] as SettlementItem);
        k += 1;
      }
      const totals = totalsOf(carried);
      if (totals.chargeCount > 0 && totals.net > 0 && totals.gross > 0) {
        batches.push({ currency, day: new Date(day), totals, items: carried });
        carried = [];
      }
    }
  }
  return batches;
}
