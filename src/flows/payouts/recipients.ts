/** Saved transfer recipients: v4 recipients (bank, mobile money, wallet) and v3 beneficiaries. */
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import { withMobileMoneyCountry, type Destination } from '../../domain/transfer.js';
import {
  deleteRecipient,
  findRecipient,
  insertRecipient,
  listRecipients,
  type Recipient,
} from '../../store/transfer-recipients.js';
import type { Deps } from '../deps.js';

export type { Recipient };

const KIND = {
  bank: 'bankRecipient',
  mobile_money: 'mobileMoneyRecipient',
  wallet: 'walletRecipient',
} as const;

/**
 * Saves a recipient. A mobile money one must name the person (the official views require it) and its
 * country, unless its currency has one home. `at` prefixes the field names errors give.
 */
export async function saveRecipient(
  deps: Deps,
  merchantId: string,
  given: Destination,
  at = '',
): Promise<Result<Recipient>> {
  if (given.type === 'mobile_money' && given.name === undefined) {
    return err(
      appError('REQUEST_NOT_VALID', 'A mobile money recipient needs a name', [
        { field: `${at}name`, message: `${at}name is required for a mobile money recipient` },
      ]),
    );
  }
  const destination = withMobileMoneyCountry(given);
  if (destination === undefined) {
    const field = `${at}mobile_money.country`;
    return err(
      appError('REQUEST_NOT_VALID', `A ${given.currency} mobile money recipient needs its country`, [
        { field, message: `${field} is required for ${given.currency}` },
      ]),
    );
  }
  const recipient: Recipient = {
    id: newId(KIND[destination.type]),
    numId: await deps.numericIds.next(),
    merchantId,
    destination,
    createdAt: deps.clock.now(),
  };
  await insertRecipient(deps.db, recipient);
  return ok(recipient);
}

export async function getRecipient(
  deps: Deps,
  merchantId: string,
  key: string | number,
): Promise<Result<Recipient>> {
  const found = await findRecipient(
    deps.db,
    merchantId,
    typeof key === 'number' ? { numId: key } : { id: key },
  );
  return found ? ok(found) : err(appError('RECIPIENT_NOT_FOUND', `Recipient ${String(key)} was not found`));
}

export async function removeRecipient(
  deps: Deps,
  merchantId: string,
  key: string | number,
): Promise<Result<void>> {
  const done = await deleteRecipient(
    deps.db,
    merchantId,
    typeof key === 'number' ? { numId: key } : { id: key },
    deps.clock.now(),
  );
  return done
    ? ok(undefined)
    : err(appError('RECIPIENT_NOT_FOUND', `Recipient ${String(key)} was not found`));
}

export const pageOfRecipients = (
  deps: Deps,
  merchantId: string,
  page: PageRequest,
): Promise<Page<Recipient>> => listRecipients(deps.db, merchantId, page);
