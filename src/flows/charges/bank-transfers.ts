/**
 * Pay with bank transfer, both ways money meets an account number the gateway handed out:
 * - `openBankTransferCharge` (v3 `POST /v3/charges?type=bank_transfer`): customer, a virtual account
 *   holding the charge's amount, and a pending charge on the bank-transfer rail — one statement,
 *   idempotent like a direct charge;
 * - `receiveTransfer` (the sandbox's inbound transfers): money arriving in an account. Into a v3
 *   charge's account it pays that charge; otherwise every transfer is a new charge of the account's
 *   customer, decided by the rail against what the account expects (a dynamic account's amount, or
 *   for a static one whatever arrived), with the account's scenario.
 */
import { appError, invalid } from '../../domain/errors.js';
import type { Authorization } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import { randomBase62 } from '../../domain/ids.js';
import { isCurrency } from '../../domain/money.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  describeInactive,
  inactiveReasonAt,
  isVirtualAccountCurrency,
  MAX_EXPIRY_SECONDS,
  type VirtualAccount,
} from '../../domain/virtual-account.js';
import { bankTransfer } from '../../methods/bank-transfer.js';
import { checkMethodCharge } from '../../methods/method.js';
import { chargeInsert } from '../../store/charges.js';
import { customerInsert } from '../../store/customers.js';
import { eventInsert } from '../../store/events.js';
import { paymentMethodInsert } from '../../store/payment-methods.js';
import { writeAll } from '../../store/statement.js';
import {
  findVirtualAccount,
  findVirtualAccountByNumber,
  updateVirtualAccount,
  virtualAccountInsert,
  virtualAccountUpdate,
} from '../../store/virtual-accounts.js';
import { autoCompleteTimer } from './auto-complete.js';
import { openCharge, reportOutcome, type ChargeChange } from './charging.js';
import { commitCharge, type ChargeResult } from './create-charge.js';
import type { Deps } from '../deps.js';
import { merchantDeps } from '../sandbox/clocks.js';
import { chargedCustomer, type DirectChargeRequest, type DirectChargeResult } from './direct-charge.js';
import { buildPaymentMethod } from './payment-methods.js';
import { getCharge } from './read-charges.js';
import { execute, inTransaction, prepared, type Executed, type Rendering } from '../unit-of-work.js';
import { authorizeCharge } from './update-charge.js';
import { newVirtualAccount } from './virtual-accounts.js';

/** The account a transfer must reach, as the bank-transfer rail shows it. */
const accountOf = (va: VirtualAccount) => ({
  number: va.accountNumber,
  bankName: va.bankName,
  expiresAt: va.expiresAt.toISOString(),
});

// ---------------------------------------------------------------------------------------------------
// v3: a charge paid by bank transfer to an account opened for it

export interface BankTransferChargeRequest extends Omit<
  DirectChargeRequest,
  'paymentMethod' | 'instrument' | 'virtualAccountId' | 'authorization' | 'recurring' | 'preauthorize'
> {
  /** How long the account takes the transfer (v3 `expires`), 1…31 536 000 s; 3600 by default. */
  readonly expiresInSeconds?: number;
  /** A permanent account (v3 `is_permanent`): once the charge is settled it keeps taking transfers. */
  readonly permanent?: boolean;
  /** The name the customer's bank shows for the account; the merchant's name by default. */
  readonly narration?: string;
}

export interface BankTransferChargeResult extends DirectChargeResult {
  readonly virtualAccount: VirtualAccount;
}

/**
 * Opens a v3 bank-transfer charge: the customer (reused by email when asked), a virtual account
 * holding the charge's amount — dynamic, or static when permanent; its reference is the charge's
 * flw_ref — a bank-transfer payment method for that account, and the charge, pending with a
 * `requires_bank_transfer` next action and its sandbox auto-completion timer. One statement, all or
 * nothing, idempotent under X-Idempotency-Key. Errors name the v3 fields (`currency`, `expires`).
 */
export function openBankTransferCharge(
  deps: Deps,
  req: BankTransferChargeRequest,
  rendering: Rendering<BankTransferChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  return execute(deps, req.merchantId, rendering, async () => {
    const { currency } = req;
    if (!isCurrency(currency) || !isVirtualAccountCurrency(currency)) {
      const message = `Currency ${currency} is not supported for ${bankTransfer.name}: use ${bankTransfer.currencies.join(', ')}`;
      return err(appError('CURRENCY_NOT_SUPPORTED', message, [{ field: 'currency', message }]));
    }
    const allowed = checkMethodCharge(bankTransfer, { amount: req.amount, currency });
    if (!allowed.ok) {
      const field = allowed.error.type === 'AMOUNT_BELOW_MINIMUM' ? 'amount' : 'currency';
      return err({ ...allowed.error, fields: [{ field, message: allowed.error.message }] });
    }
    const expires = req.expiresInSeconds;
    if (
      expires !== undefined &&
      (!Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRY_SECONDS)
    ) {
      return err(
        invalid([
          {
            field: 'expires',
            message: `expires must be a whole number of seconds from 1 to ${MAX_EXPIRY_SECONDS}`,
          },
        ]),
      );
    }

    const now = deps.clock.now();
    const { customer, isNew } = await chargedCustomer(deps, req, now);
    const accountType = req.permanent === true ? 'static' : 'dynamic';
    // The account is decided before the charge (the rail shows its number), and names the charge after.
    const draft = await newVirtualAccount(deps, {
      merchantId: req.merchantId,
      customerId: customer.id,
      reference: '',
      currency,
      accountType,
      amount: req.amount,
      ...pick('expiresInSeconds', expires),
      ...pick('narration', req.narration),
      identity: {},
      meta: req.meta,
      scenario: req.scenario,
      origin: req.origin,
    });
    const paymentMethod = buildPaymentMethod(deps, {
      merchantId: req.merchantId,
      customerId: customer.id,
      meta: {},
      details: {
        type: 'bank_transfer',
        bankTransfer: { accountType, accountNumber: draft.accountNumber, bankName: draft.bankName },
      },
    });
    if (!paymentMethod.ok) return paymentMethod;
    const opened = await openCharge(deps, {
      ...req,
      customerId: customer.id,
      paymentMethod: paymentMethod.value,
      recurring: false,
      instrument: { account: accountOf(draft) },
      virtualAccountId: draft.id,
    });
    if (!opened.ok) return opened;
    const { charge } = opened.value;
    const virtualAccount: VirtualAccount = { ...draft, reference: charge.flwRef, chargeId: charge.id };
    const result: BankTransferChargeResult = {
      ...opened.value,
      paymentMethod: paymentMethod.value,
      customer,
      virtualAccount,
    };
    return prepared(result, (reply) =>
      commitCharge(
        deps,
        result,
        [
          isNew ? customerInsert(customer) : undefined,
          virtualAccountInsert(virtualAccount),
          paymentMethodInsert(paymentMethod.value),
        ],
        reply,
        channel,
      ),
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Money arriving

export interface Originator {
  readonly name?: string;
  readonly accountNumber?: string;
  readonly bankName?: string;
}

/** An inbound transfer: to an account named by number (as a bank does) or by id. */
export type InboundTransfer = ({ readonly accountNumber: string } | { readonly virtualAccountId: string }) & {
  /** Minor units of the account's currency; > 0. */
  readonly amount: number;
  readonly originator?: Originator;
};

/** The charge the transfer created or completed, and the account as it now is. */
export interface TransferReceipt extends ChargeResult {
  readonly virtualAccount: VirtualAccount;
}

const ATTEMPTS = 3;

const findAccount = (deps: Deps, merchantId: string, to: InboundTransfer) =>
  'accountNumber' in to
    ? findVirtualAccountByNumber(deps.db, merchantId, to.accountNumber)
    : findVirtualAccount(deps.db, merchantId, to.virtualAccountId);

const describeTarget = (to: InboundTransfer): string =>
  'accountNumber' in to ? `with account number ${to.accountNumber}` : to.virtualAccountId;

function inactive(va: VirtualAccount, now: Date): Result<never> | undefined {
  const reason = inactiveReasonAt(va, now);
  return reason === undefined
    ? undefined
    : err(
        appError(
          'VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE',
          `${describeInactive(va, reason)}: it takes no more transfers`,
        ),
      );
}

/**
 * Money arrives in an account. A deactivated, expired or used-up account refuses it. Into a v3
 * charge's account while that charge is pending, it pays the charge; into any other active account
 * (or a permanent one whose charge is settled) it becomes a new charge, written with its event and —
 * for a dynamic account paid in full — the account's retirement, in one statement.
 */
export async function receiveTransfer(
  real: Deps,
  merchantId: string,
  transfer: InboundTransfer,
  channel: string,
): Promise<Result<TransferReceipt>> {
  // Read and dated on the merchant's sandbox clock, as the account's expiry was (docs/sandbox.md "Time").
  const deps = await merchantDeps(real, merchantId);
  if (!Number.isSafeInteger(transfer.amount) || transfer.amount <= 0) {
    return err(invalid([{ field: 'amount', message: 'amount must be greater than 0' }]));
  }
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const account = await findAccount(deps, merchantId, transfer);
    if (!account) {
      return err(
        appError('VIRTUAL_ACCOUNT_NOT_FOUND', `Virtual account ${describeTarget(transfer)} was not found`),
      );
    }
    const refused = inactive(account, deps.clock.now());
    if (refused) return refused;

    if (account.chargeId !== undefined) {
      const paid = await payBoundCharge(deps, account, account.chargeId, transfer, channel);
      if (paid !== 'settled') return paid;
      if (account.accountType === 'dynamic') {
        return err(
          appError(
            'VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE',
            `Virtual account ${account.id} was opened for charge ${account.chargeId}, which is already complete: it takes no more transfers`,
          ),
        );
      }
    }

    const outcome = await chargeForTransfer(deps, account, transfer, channel);
    if (outcome !== 'moved') return outcome;
  }
  return err(
    appError('RESOURCE_CONFLICT', 'The virtual account is being changed by another request; try again'),
  );
}

/** Pays the pending v3 charge an account was opened for; `settled` when that charge is already final. */
async function payBoundCharge(
  deps: Deps,
  account: VirtualAccount,
  chargeId: string,
  transfer: InboundTransfer,
  channel: string,
): Promise<Result<TransferReceipt> | 'settled'> {
  const found = await getCharge(deps, account.merchantId, chargeId);
  if (!found.ok) return found;
  if (found.value.charge.status !== 'pending') return 'settled';
  const input: Authorization = { type: 'transfer', amount: transfer.amount };
  const paid = await authorizeCharge(deps, account.merchantId, chargeId, { authorization: input }, channel);
  if (!paid.ok) return paid.error.type === 'CHARGE_FINALIZED' ? 'settled' : paid;
  if (account.accountType === 'static' || paid.value.charge.status !== 'succeeded') {
    return ok({ ...paid.value, virtualAccount: account });
  }
  // The account shows it is used up. A second write, after the charge's: were it lost, transfers are
  // still refused (the account's charge is complete), only the account would read active until it expires.
  const retired: VirtualAccount = {
    ...account,
    inactiveReason: 'used',
    version: account.version + 1,
    updatedAt: deps.clock.now(),
  };
  const written = await updateVirtualAccount(deps.db, retired, account.version);
  return ok({ ...paid.value, virtualAccount: written ? retired : account });
}

/**
 * A new charge for the transfer, on the account as read. Written under a lock on the account, and
 * only if the account is still at the version the charge was decided from: `moved` otherwise.
 */
async function chargeForTransfer(
  deps: Deps,
  account: VirtualAccount,
  transfer: InboundTransfer,
  channel: string,
): Promise<Result<TransferReceipt> | 'moved'> {
  const now = deps.clock.now();
  const { originator } = transfer;
  const paymentMethod = buildPaymentMethod(deps, {
    merchantId: account.merchantId,
    customerId: account.customerId,
    meta: {},
    details: {
      type: 'bank_transfer',
      bankTransfer: {
        accountType: account.accountType,
        accountNumber: account.accountNumber,
        bankName: account.bankName,
        ...pick('originatorName', originator?.name),
        ...pick('originatorAccountNumber', originator?.accountNumber),
        ...pick('originatorBankName', originator?.bankName),
      },
    },
  });
  if (!paymentMethod.ok) return paymentMethod;
  const opened = await openTransferCharge(deps, account, paymentMethod.value, transfer.amount);
  if (!opened.ok) return opened;
  const change = opened.value;
  // A dynamic account is for one payment: once a transfer into it succeeds, it is used up.
  const retired: VirtualAccount | undefined =
    account.accountType === 'dynamic' && change.charge.status === 'succeeded'
      ? { ...account, inactiveReason: 'used', version: account.version + 1, updatedAt: now }
      : undefined;

  const written = await inTransaction(deps, async (tx) => {
    const locked = await findVirtualAccount(tx, account.merchantId, account.id, { forUpdate: true });
    if (!locked || locked.version !== account.version) return ok(false);
    await writeAll(tx, [
      paymentMethodInsert(paymentMethod.value),
      chargeInsert(change.charge),
      change.event && eventInsert(change.event),
      autoCompleteTimer(change, deps.clock),
      retired && virtualAccountUpdate(retired, account.version),
    ]);
    return ok(true);
  });
  if (!written.ok) return written;
  if (!written.value) return 'moved';
  const result: TransferReceipt = {
    ...change,
    paymentMethod: paymentMethod.value,
    virtualAccount: retired ?? account,
  };
  reportOutcome(deps, result, paymentMethod.value, channel);
  return ok(result);
}

/**
 * Opens the charge with the transfer applied up front. A scenario the rail cannot read leaves the
 * charge pending for a requery, as the sandbox does for unreadable keys, rather than losing the money.
 */
async function openTransferCharge(
  deps: Deps,
  account: VirtualAccount,
  paymentMethod: PaymentMethod,
  amount: number,
): Promise<Result<ChargeChange>> {
  const request = {
    merchantId: account.merchantId,
    customerId: account.customerId,
    paymentMethod,
    // What the rail holds the transfer against: a dynamic account's amount, else what arrived.
    amount: account.accountType === 'dynamic' && account.amount > 0 ? account.amount : amount,
    currency: account.currency,
    reference: `BTR-${randomBase62(20)}`,
    meta: account.meta,
    recurring: false,
    origin: account.origin,
    scenario: account.scenario,
    instrument: { account: accountOf(account) },
    virtualAccountId: account.id,
  };
  const opened = await openCharge(deps, { ...request, authorization: { type: 'transfer', amount } });
  if (opened.ok || opened.error.type !== 'CHARGE_UPDATE_NOT_ALLOWED') return opened;
  return openCharge(deps, request);
}
