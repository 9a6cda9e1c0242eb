/** Transfer senders: saved, read, listed, deleted. */
import { appError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  deleteSender,
  findSender,
  insertSender,
  listSenders,
  type Sender,
} from '../../store/transfer-senders.js';
import type { Deps } from '../deps.js';

export type { Sender };

export async function saveSender(
  deps: Deps,
  merchantId: string,
  details: Readonly<Record<string, unknown>>,
): Promise<Sender> {
  const sender: Sender = { id: newId('sender'), merchantId, details, createdAt: deps.clock.now() };
  await insertSender(deps.db, sender);
  return sender;
}

export async function getSender(deps: Deps, merchantId: string, id: string): Promise<Result<Sender>> {
  const found = await findSender(deps.db, merchantId, id);
  return found ? ok(found) : err(appError('RESOURCE_NOT_FOUND', `Sender ${id} was not found`));
}

export async function removeSender(deps: Deps, merchantId: string, id: string): Promise<Result<void>> {
  return (await deleteSender(deps.db, merchantId, id, deps.clock.now()))
    ? ok(undefined)
    : err(appError('RESOURCE_NOT_FOUND', `Sender ${id} was not found`));
}

export const pageOfSenders = (deps: Deps, merchantId: string, page: PageRequest): Promise<Page<Sender>> =>
  listSenders(deps.db, merchantId, page);
