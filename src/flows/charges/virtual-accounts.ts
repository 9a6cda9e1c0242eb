/**
 * Virtual accounts (v4 /virtual-accounts): open one for a customer, read them, deactivate one or
 * update its BVN. Money arriving in an account is flows/bank-transfers.ts.
 */
import { keyedHash } from '../../crypto/hashing.js';
import type { ChargeOrigin, Scenario } from '../../domain/charge.js';
import { pick, type Meta } from '../../domain/customer.js';
import { appError, invalid, type FieldError } from '../../domain/errors.js';
import { newId } from '../../domain/ids.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  accountNumberOf,
  describeInactive,
  expiryOf,
  inactiveReasonAt,
  MAX_EXPIRY_SECONDS,
  MIN_EXPIRY_SECONDS,
  NEEDS_CUSTOMER_ACCOUNT,
  PARTNER_BANKS,
  transferNote,
  type IdentityFingerprints,
  type VirtualAccount,
  type VirtualAccountCurrency,
  type VirtualAccountType,
} from '../../domain/virtual-account.js';
import { isUniqueViolation } from '../../store/db.js';
import { findCustomer } from '../../store/customers.js';
import { replyInsert } from '../../store/idempotency.js';
import { writeAll } from '../../store/statement.js';
import {
  findVirtualAccount,
  findVirtualAccountByNumber,
  listVirtualAccounts,
  nextAccountSerial,
  updateVirtualAccount,
  VIRTUAL_ACCOUNT_REFERENCE_CONSTRAINT,
  virtualAccountInsert,
  type VirtualAccountFilter,
} from '../../store/virtual-accounts.js';
import type { Deps } from '../deps.js';
import { merchantDeps, merchantTimeOf } from '../sandbox/clocks.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export type { VirtualAccountFilter };

/** What the account is opened with besides who and how much; shared with v3 bank-transfer charges. */
export interface AccountOpening {
  readonly merchantId: string;
  readonly customerId: string;
  readonly reference: string;
  readonly currency: VirtualAccountCurrency;
  readonly accountType: VirtualAccountType;
  /** Minor units. */
  readonly amount: number;
  readonly expiresInSeconds?: number;
  readonly narration?: string;
  readonly identity: IdentityFingerprints;
  readonly customerAccountNumber?: string;
  readonly meta: Meta;
  readonly merchantVatAmount?: number;
  readonly scenario: Scenario;
  readonly origin: ChargeOrigin;
  readonly chargeId?: string;
}

/**
 * A new account, decided in memory: its number is drawn from the instance-wide sequence, its bank is
 * the currency's sandbox partner, and its note names the narration or else the merchant.
 */
export async function newVirtualAccount(
  deps: Deps,
  opening: AccountOpening,
  id = newId('virtualAccount'),
): Promise<VirtualAccount> {
  // Dated, and expiring, on the merchant's sandbox clock (docs/sandbox.md "Time").
  const now = await merchantTimeOf(deps, opening.merchantId);
  const bank = PARTNER_BANKS[opening.currency];
  const [serial, profile] = await Promise.all([
    nextAccountSerial(deps.db),
    opening.narration === undefined ? deps.profiles.get(opening.merchantId) : undefined,
  ]);
  return {
    id,
    merchantId: opening.merchantId,
    customerId: opening.customerId,
    reference: opening.reference,
    currency: opening.currency,
    accountType: opening.accountType,
    amount: opening.amount,
    accountNumber: accountNumberOf(serial, bank.code),
    bankName: bank.name,
    ...pick('narration', opening.narration),
    note: transferNote(opening.narration ?? profile?.name ?? 'the merchant'),
    identity: opening.identity,
    ...pick('customerAccountNumber', opening.customerAccountNumber),
    meta: opening.meta,
    ...pick('merchantVatAmount', opening.merchantVatAmount),
    scenario: opening.scenario,
    origin: opening.origin,
    ...pick('chargeId', opening.chargeId),
    expiresAt: expiryOf(opening.accountType, now, opening.expiresInSeconds),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** A BVN or NIN as the store keeps it: a keyed fingerprint, never the number. */
const fingerprint = (deps: Deps, kind: 'bvn' | 'nin', value: string): string =>
  keyedHash(deps.keys.hashKey, `${kind}:${value}`);

export interface VirtualAccountRequest {
  readonly merchantId: string;
  readonly customerId: string;
  readonly reference: string;
  readonly currency: VirtualAccountCurrency;
  readonly accountType: VirtualAccountType;
  /** Minor units: 0 for a static account. */
  readonly amount: number;
  readonly expirySeconds?: number;
  readonly narration?: string;
  readonly bvn?: string;
  readonly nin?: string;
  readonly customerAccountNumber?: string;
  readonly meta: Meta;
  /** Minor units. */
  readonly merchantVatAmount?: number;
  readonly scenario: Scenario;
}

/** The rules of spec §8.7 the schema cannot say, each naming its field. */
function checkRequest(req: VirtualAccountRequest): FieldError[] {
  const problems: FieldError[] = [];
  if (req.accountType === 'static') {
    if (req.amount !== 0) {
      problems.push({ field: 'amount', message: 'amount must be 0 for a static account' });
    }
    if (req.expirySeconds !== undefined) {
      problems.push({
        field: 'expiry',
        message: 'expiry applies to dynamic accounts only: a static account never expires',
      });
    }
    if (req.currency === 'NGN' && req.bvn === undefined && req.nin === undefined) {
      problems.push({ field: 'bvn', message: 'bvn or nin is required for a static NGN account' });
    }
  } else {
    if (req.amount <= 0) {
      problems.push({ field: 'amount', message: 'amount must be greater than 0 for a dynamic account' });
    }
    if (
      req.expirySeconds !== undefined &&
      (req.expirySeconds < MIN_EXPIRY_SECONDS || req.expirySeconds > MAX_EXPIRY_SECONDS)
    ) {
      problems.push({
        field: 'expiry',
        message: `expiry must be between ${MIN_EXPIRY_SECONDS} and ${MAX_EXPIRY_SECONDS} seconds`,
      });
    }
  }
  if (NEEDS_CUSTOMER_ACCOUNT.includes(req.currency) && req.customerAccountNumber === undefined) {
    problems.push({
      field: 'customer_account_number',
      message: `customer_account_number is required for ${req.currency} accounts`,
    });
  }
  return problems;
}

export async function createVirtualAccount(
  real: Deps,
  req: VirtualAccountRequest,
  rendering: Rendering<VirtualAccount>,
): Promise<Result<Executed>> {
  // Dated and expiring on the merchant's sandbox clock (docs/sandbox.md "Time").
  const deps = await merchantDeps(real, req.merchantId);
  return execute(deps, req.merchantId, rendering, async () => {
    const problems = checkRequest(req);
    if (problems.length > 0) return err(invalid(problems));
    if (!(await findCustomer(deps.db, req.merchantId, req.customerId))) {
      return err(
        invalid([{ field: 'customer_id', message: 'customer_id does not name one of your customers' }]),
      );
    }
    const account = await newVirtualAccount(deps, {
      ...req,
      ...pick('expiresInSeconds', req.expirySeconds),
      identity: {
        ...pick('bvn', req.bvn === undefined ? undefined : fingerprint(deps, 'bvn', req.bvn)),
        ...pick('nin', req.nin === undefined ? undefined : fingerprint(deps, 'nin', req.nin)),
      },
      origin: 'v4',
    });
    return prepared(account, async (reply) => {
      try {
        await writeAll(deps.db, [virtualAccountInsert(account), reply && replyInsert(reply)]);
      } catch (error) {
        if (isUniqueViolation(error, VIRTUAL_ACCOUNT_REFERENCE_CONSTRAINT)) {
          return err(
            appError(
              'VIRTUAL_ACCOUNT_REFERENCE_ALREADY_EXISTS',
              `A virtual account with reference ${req.reference} already exists`,
            ),
          );
        }
        throw error;
      }
      return ok(undefined);
    });
  });
}

const notFound = (id: string) => appError('VIRTUAL_ACCOUNT_NOT_FOUND', `Virtual account ${id} was not found`);

export async function getVirtualAccount(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<VirtualAccount>> {
  const account = await findVirtualAccount(deps.db, merchantId, id);
  return account ? ok(account) : err(notFound(id));
}

export function pageOfVirtualAccounts(
  deps: Deps,
  merchantId: string,
  filter: VirtualAccountFilter,
  page: PageRequest,
): Promise<Page<VirtualAccount>> {
  return listVirtualAccounts(deps.db, merchantId, filter, page);
}

export type VirtualAccountUpdate =
  | { readonly action: 'update_status'; readonly status: 'inactive'; readonly meta?: Meta }
  | { readonly action: 'update_bvn'; readonly bvn: string; readonly meta?: Meta };

const ATTEMPTS = 3;

/**
 * PUT /virtual-accounts/{id}: deactivate it, or replace its BVN (an active account only); `meta`,
 * when sent, replaces the stored meta. Guarded by version: decided again if another request won.
 */
export async function changeVirtualAccount(
  real: Deps,
  merchantId: string,
  id: string,
  update: VirtualAccountUpdate,
): Promise<Result<VirtualAccount>> {
  const deps = await merchantDeps(real, merchantId);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await findVirtualAccount(deps.db, merchantId, id);
    if (!current) return err(notFound(id));
    const now = deps.clock.now();
    const reason = inactiveReasonAt(current, now);
    if (reason !== undefined) {
      return err(
        appError(
          'VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE',
          `${describeInactive(current, reason)}; it is already inactive`,
        ),
      );
    }
    const next: VirtualAccount = {
      ...current,
      ...(update.action === 'update_status'
        ? { inactiveReason: 'deactivated' as const }
        : { identity: { ...current.identity, bvn: fingerprint(deps, 'bvn', update.bvn) } }),
      meta: update.meta ?? current.meta,
      version: current.version + 1,
      updatedAt: now,
    };
    if (await updateVirtualAccount(deps.db, next, current.version)) return ok(next);
  }
  return err(
    appError('RESOURCE_CONFLICT', `Virtual account ${id} is being changed by another request; try again`),
  );
}

/** The merchant's account with this number, as a bank transfer names it. */
export async function getVirtualAccountByNumber(
  deps: Deps,
  merchantId: string,
  accountNumber: string,
): Promise<Result<VirtualAccount>> {
  const account = await findVirtualAccountByNumber(deps.db, merchantId, accountNumber);
  return account
    ? ok(account)
    : err(appError('VIRTUAL_ACCOUNT_NOT_FOUND', `No virtual account has the number ${accountNumber}`));
}
