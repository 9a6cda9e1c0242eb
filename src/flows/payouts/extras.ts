/** Retries and duplicates of transfers, FX quotes and the sandbox's account resolution. */
import type { Scenario } from '../../domain/charge.js';
import { appError, invalid } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { Currency } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import { convert, hasFx, rateOf, type Transfer } from '../../domain/transfer.js';
import { findRate, insertRate, type RateQuote } from '../../store/transfer-rates.js';
import { findTransfer, type TransferKey } from '../../store/transfers.js';
import type { Deps } from '../deps.js';
import type { Executed, Rendering } from '../unit-of-work.js';
import { createTransfer } from './transfers.js';

export type { RateQuote };

/** How long a quote holds (docs/payouts.md). */
export const RATE_QUOTE_TTL_MS = 10 * 60_000;

export interface RetryRequest {
  readonly merchantId: string;
  readonly parent: TransferKey;
  readonly action: 'retry' | 'duplicate';
  readonly reference?: string;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly callbackUrl?: string;
  readonly scenario: Scenario;
}

/** A new transfer like `parent`: `retry` only of a FAILED one; `duplicate` of any. */
export async function retryTransfer(
  deps: Deps,
  req: RetryRequest,
  rendering: Rendering<Transfer>,
): Promise<Result<Executed>> {
  const parent = await findTransfer(deps.db, req.merchantId, req.parent);
  if (!parent) return err(appError('TRANSFER_NOT_FOUND'));
  if (req.action === 'retry' && parent.status !== 'FAILED') {
    return err(
      appError(
        'TRANSFER_NOT_UPDATABLE',
        `Only a failed transfer can be retried; this one is ${parent.status}`,
      ),
    );
  }
  const attempt = await deps.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM transfers WHERE merchant_id = $1 AND parent_id = $2',
    [req.merchantId, parent.id],
  );
  const n = (attempt.rows[0]?.n ?? 0) + 1;
  return createTransfer(
    deps,
    {
      merchantId: req.merchantId,
      origin: parent.origin,
      action: 'instant',
      reference: req.reference ?? `${parent.reference.slice(0, 30)}-RETRY-${String(n)}`,
      ...(parent.narration === undefined ? {} : { narration: parent.narration }),
      ...((req.callbackUrl ?? parent.callbackUrl)
        ? { callbackUrl: req.callbackUrl ?? parent.callbackUrl ?? '' }
        : {}),
      meta: req.meta ?? parent.meta,
      scenario: req.scenario,
      destination: parent.destination,
      ...(parent.recipientId === undefined ? {} : { recipientId: parent.recipientId }),
      ...(parent.sender === undefined ? {} : { sender: parent.sender }),
      sourceCurrency: parent.sourceCurrency,
      destinationCurrency: parent.destinationCurrency,
      amount: parent.amount,
      appliesTo: parent.appliesTo,
      parent: { id: parent.id, action: req.action },
    },
    rendering,
  );
}

/** A quote for `amount` (minor units of the destination) from the sandbox FX table. */
export async function quoteRate(
  deps: Deps,
  merchantId: string,
  source: Currency,
  destination: Currency,
  destinationAmount: number,
): Promise<Result<RateQuote>> {
  if (!hasFx(source) || !hasFx(destination)) {
    return err(
      invalid([
        { field: 'source.currency', message: `The sandbox has no rate from ${source} to ${destination}` },
      ]),
    );
  }
  const now = deps.clock.now();
  const quote: RateQuote = {
    id: newId('rate'),
    merchantId,
    sourceCurrency: source,
    destinationCurrency: destination,
    sourceAmount: convert(destinationAmount, destination, source, true),
    destinationAmount,
    rate: rateOf(source, destination),
    expiresAt: new Date(now.getTime() + RATE_QUOTE_TTL_MS),
    createdAt: now,
  };
  await insertRate(deps.db, quote);
  return ok(quote);
}

export async function getRate(deps: Deps, merchantId: string, id: string): Promise<Result<RateQuote>> {
  const found = await findRate(deps.db, merchantId, id, deps.clock.now());
  return found ? ok(found) : err(appError('RESOURCE_NOT_FOUND', 'Rate not found, or its quote has expired'));
}

/**
 * The sandbox's account resolution: every well-formed account resolves to a name derived from its
 * digits, except the documented ones that do not exist (docs/sandbox.md).
 */
export const UNRESOLVABLE_ACCOUNTS: readonly string[] = ['0000000000', '0690000041'];

export function resolveAccount(number: string): Result<{ name: string }> {
  if (UNRESOLVABLE_ACCOUNTS.includes(number)) {
    return err(appError('RESOURCE_NOT_FOUND', 'Sorry, recipient account could not be validated'));
  }
  const names = ['Ada Obi', 'Kwame Mensah', 'Amina Bello', 'Jomo Otieno', 'Thandi Nkosi', 'Chinedu Eze'];
  let sum = 0;
  for (let i = 0; i < number.length; i++) sum += number.charCodeAt(i);
  return ok({ name: (names[sum % names.length] ?? 'Ada Obi').toUpperCase() });
}
