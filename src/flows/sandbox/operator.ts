/**
 * What the operator of a gateway does from its terminal (`baobab sandbox …`, through the admin API):
 * act in a customer's place on a charge or a virtual account named by any of its ids, for whichever
 * merchant owns it. Each reuses the flow the merchant's own sandbox route or sandbox page runs:
 * a charge waiting for the customer away from the merchant gets the sandbox control's answer
 * (`authorizeCharge`), one waiting on a sandbox page gets the page's (`completeRedirect`), and money
 * arriving in an account is the sandbox transfer (`receiveTransfer`).
 */
import { appError, invalid } from '../../domain/errors.js';
import { parseAmount } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { VirtualAccount } from '../../domain/virtual-account.js';
import { findCharge, findChargeLocations, type ChargeLocation } from '../../store/charges.js';
import { findVirtualAccount, findVirtualAccountLocations } from '../../store/virtual-accounts.js';
import { receiveTransfer, type TransferReceipt } from '../charges/bank-transfers.js';
import type { ChargeResult } from '../charges/create-charge.js';
import { authorizeCharge, completeRedirect } from '../charges/update-charge.js';
import type { Deps } from '../deps.js';

const several = (what: string, name: string) =>
  err(
    invalid([
      { field: 'merchant_id', message: `${name} names ${what} of several merchants: name the merchant` },
    ]),
  );

/** The one charge `name` (chg_ id, v3 numeric id, flw_ref or tx_ref) names, of `merchantId` if given. */
export async function locateCharge(
  deps: Pick<Deps, 'db'>,
  name: string,
  merchantId?: string,
): Promise<Result<ChargeLocation>> {
  const found = await findChargeLocations(deps.db, name, merchantId);
  const [first] = found;
  if (!first) return err(appError('CHARGE_NOT_FOUND', `No charge has the id or reference ${name}`));
  if (found.some((f) => f.merchantId !== first.merchantId)) return several('charges', name);
  return ok(first);
}

export interface Decision {
  readonly approved: boolean;
  /** A decline's issuer answer (domain/issuers.ts DECLINE_ISSUERS); 05 when absent. */
  readonly issuer?: string;
}

/** Approves or declines, as the customer, the charge `name` names: on its sandbox page if it waits on one. */
export async function decideCharge(
  deps: Deps,
  name: string,
  decision: Decision,
  merchantId?: string,
): Promise<Result<ChargeResult>> {
  const located = await locateCharge(deps, name, merchantId);
  if (!located.ok) return located;
  const owner = located.value.merchantId;
  const current = await findCharge(deps.db, owner, located.value.chargeId);
  if (!current) return err(appError('CHARGE_NOT_FOUND', `No charge has the id or reference ${name}`));
  const { charge } = current;
  if (charge.nextAction?.type === 'redirect_url') {
    const link = { merchantId: owner, chargeId: charge.id, version: charge.version };
    const done = await completeRedirect(deps, link, decision.approved, 'sandbox_control');
    if (done.ok) return done;
    return err(
      done.error === 'used'
        ? appError('RESOURCE_CONFLICT', `Charge ${charge.id} moved on meanwhile; look at it again`)
        : done.error,
    );
  }
  return authorizeCharge(
    deps,
    owner,
    charge.id,
    {
      authorization: {
        type: 'approval',
        approved: decision.approved,
        ...(!decision.approved && decision.issuer !== undefined && { issuer: decision.issuer }),
      },
    },
    'sandbox_control',
  );
}

/** The one virtual account `name` (its id or account number) names, of `merchantId` if given. */
export async function locateVirtualAccount(
  deps: Pick<Deps, 'db'>,
  name: string,
  merchantId?: string,
): Promise<Result<VirtualAccount>> {
  const found = await findVirtualAccountLocations(deps.db, name, merchantId);
  const [first] = found;
  const missing = appError('VIRTUAL_ACCOUNT_NOT_FOUND', `No virtual account has the id or number ${name}`);
  if (!first) return err(missing);
  if (found.some((f) => f.merchantId !== first.merchantId)) return several('virtual accounts', name);
  const account = await findVirtualAccount(deps.db, first.merchantId, first.id);
  return account ? ok(account) : err(missing);
}

/** A bank transfer of `amount` (major units, in the account's currency) arrives in the account `name` names. */
export async function transferIn(
  deps: Deps,
  name: string,
  amount: unknown,
  merchantId?: string,
): Promise<Result<TransferReceipt>> {
  const account = await locateVirtualAccount(deps, name, merchantId);
  if (!account.ok) return account;
  const minor = parseAmount(amount, account.value.currency, 'amount');
  if (!minor.ok) return minor;
  return receiveTransfer(
    deps,
    account.value.merchantId,
    { accountNumber: account.value.accountNumber, amount: minor.value },
    'sandbox_transfer',
  );
}
