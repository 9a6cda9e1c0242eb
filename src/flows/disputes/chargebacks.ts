/**
 * Disputes: opening a chargeback on a successful charge (v4 `POST /chargebacks`, the sandbox's stand-in
 * for the issuer), the merchant's answer (accept, or decline with evidence), and the outcome (the
 * sandbox control: won or lost). Each is one transaction whose write is one guarded statement
 * (store/chargebacks.ts) moving the held money with the status. Every step records an event.
 */
import {
  DEFAULT_DUE_HOURS,
  TRANSITIONS,
  type Chargeback,
  type ChargebackDetails,
  type ChargebackStage,
  type ChargebackType,
  type Step,
} from '../../domain/chargeback.js';
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import { formatMoney, type AmountIn, type Currency } from '../../domain/money.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge, type ChargeKey } from '../../store/charges.js';
import {
  findChargeback,
  insertChargeback,
  listChargebacks,
  lockDisputable,
  stepChargeback,
  type ChargebackFilter,
  type ChargebackKey,
} from '../../store/chargebacks.js';
import { replyInsert, type ReplyRow } from '../../store/idempotency.js';
import { isInsufficientBalance, openWallet } from '../../store/ledger.js';
import type { Deps } from '../deps.js';
import { execute, inTransaction, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export type { ChargebackFilter, ChargebackKey };

export interface OpenChargeback {
  readonly merchantId: string;
  readonly charge: string | ChargeKey;
  /** The amount as the dialect read it, in the charge's currency; omitted = what is left to dispute. */
  readonly amount?: AmountIn;
  readonly stage?: ChargebackStage;
  readonly status?: 'pending' | 'initiated';
  readonly type?: ChargebackType;
  /** Hours the merchant has to answer; the type's default when omitted. */
  readonly expiryHours?: number;
  readonly details: ChargebackDetails;
}

const HOUR = 3_600_000;
const MAX_EXPIRY_HOURS = 24 * 365;

export function openChargeback(
  deps: Deps,
  req: OpenChargeback,
  rendering: Rendering<Chargeback>,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    const found = await findCharge(deps.db, req.merchantId, req.charge);
    if (!found) return err(appError('CHARGE_NOT_FOUND', 'Charge not found'));
    const { charge } = found;
    if (charge.status !== 'succeeded') {
      return err(appError('CHARGEBACK_CREATION_FAILED', `The charge is ${charge.status}, not succeeded`));
    }
    const currency = charge.currency as Currency;
    const amount =
      req.amount === undefined ? ok(charge.amount - charge.amountRefunded) : req.amount(currency);
    if (!amount.ok) return amount;
    if (amount.value <= 0) return err(appError('CHARGEBACK_AMOUNT_INVALID', 'Nothing is left to dispute'));
    const hours = req.expiryHours ?? DEFAULT_DUE_HOURS[req.type ?? 'local'];
    if (!Number.isInteger(hours) || hours < 1 || hours > MAX_EXPIRY_HOURS) {
      return err(
        appError('REQUEST_NOT_VALID', `expiry must be a whole number of hours, 1 to ${MAX_EXPIRY_HOURS}`, [
          { field: 'expiry', message: `expiry must be a whole number of hours, 1 to ${MAX_EXPIRY_HOURS}` },
        ]),
      );
    }
    const now = deps.clock.now();
    const chargeback: Chargeback = {
      id: newId('chargeback'),
      numId: await deps.numericIds.next(),
      merchantId: req.merchantId,
      chargeId: charge.id,
      charge: { txId: charge.txId, flwRef: charge.flwRef, reference: charge.reference },
      amount: amount.value,
      currency: charge.currency,
      status: req.status ?? 'pending',
      stage: req.stage ?? 'new',
      type: req.type ?? 'local',
      details: req.details,
      dueAt: new Date(now.getTime() + hours * HOUR),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    return prepared(chargeback, (reply) =>
      inTransaction(deps, async (tx) => {
        const disputable = await lockDisputable(tx, req.merchantId, charge.id);
        if (disputable?.status !== 'succeeded') return err(appError('CHARGEBACK_CREATION_FAILED'));
        if (chargeback.amount > disputable.left) {
          const left = formatMoney(Math.max(0, disputable.left), currency);
          return err(appError('CHARGEBACK_AMOUNT_INVALID', `At most ${left} of this charge can be disputed`));
        }
        await openWallet(tx, req.merchantId, charge.currency, now);
        try {
          await insertChargeback(tx, chargeback, { id: newId('webhookEvent'), type: 'chargeback.created' });
        } catch (error) {
          if (isInsufficientBalance(error)) return err(appError('INSUFFICIENT_BALANCE'));
          throw error;
        }
        if (reply) await writeReply(tx, reply);
        return ok(undefined);
      }),
    );
  });
}

async function writeReply(tx: Parameters<Parameters<typeof inTransaction>[1]>[0], reply: ReplyRow) {
  const s = replyInsert(reply);
  await tx.query(s.sql, [...s.params]);
}

/** The merchant's answer, or the outcome, with what they said; answers the chargeback after it. */
export async function stepOf(
  deps: Deps,
  merchantId: string,
  key: ChargebackKey,
  step: Step,
  said: { readonly details?: ChargebackDetails; readonly dueAt?: Date } = {},
): Promise<Result<Chargeback>> {
  const current = await findChargeback(deps.db, merchantId, key);
  if (!current) return err(appError('CHARGEBACK_NOT_FOUND'));
  const t = TRANSITIONS[step];
  if (!(t.from as readonly string[]).includes(current.status)) return err(refusal(current, step));
  const details = { ...current.details, ...said.details };
  const given = said.details ?? {};
  if (step === 'decline' && !given.comment && !given.uploadedProof && !given.proofData) {
    return err(
      appError('REQUEST_NOT_VALID', 'Declining a chargeback needs evidence: comment or uploaded_proof', [
        { field: 'comment', message: 'comment or uploaded_proof is required to decline a chargeback' },
      ]),
    );
  }
  const now = deps.clock.now();
  const next: Chargeback = {
    ...current,
    status: t.to,
    details,
    dueAt: said.dueAt ?? current.dueAt,
    version: current.version + 1,
    updatedAt: now,
  };
  const moved = await inTransaction(deps, async (tx) =>
    ok(
      await stepChargeback(tx, next, t.from, t.movement, {
        id: newId('webhookEvent'),
        type: 'chargeback.updated',
      }),
    ),
  );
  if (!moved.ok) return moved;
  if (moved.value) return ok(next);
  const fresh = await findChargeback(deps.db, merchantId, key);
  return err(fresh ? refusal(fresh, step) : appError('CHARGEBACK_NOT_FOUND'));
}

function refusal(c: Chargeback, step: Step) {
  const verb = { accept: 'accepted', decline: 'declined', win: 'won', lose: 'lost' }[step];
  return appError('CHARGEBACK_NOT_UPDATABLE', `The chargeback is ${c.status}; it cannot be ${verb} now`);
}

export async function getChargeback(
  deps: Deps,
  merchantId: string,
  key: ChargebackKey,
): Promise<Result<Chargeback>> {
  const found = await findChargeback(deps.db, merchantId, key);
  return found ? ok(found) : err(appError('CHARGEBACK_NOT_FOUND'));
}

export function pageOfChargebacks(
  deps: Deps,
  merchantId: string,
  filter: ChargebackFilter,
  page: PageRequest,
): Promise<Page<Chargeback>> {
  return listChargebacks(deps.db, merchantId, filter, page);
}
