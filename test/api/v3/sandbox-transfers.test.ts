/**
 * v3 pay-with-bank-transfer, on both stores: `openBankTransferCharge` (the flow behind
 * `POST /v3/charges?type=bank_transfer`) opens a pending charge with its own account, and
 * `POST /v3/sandbox/transfers` pays it — or, with nobody paying, the sandbox timer completes it. The
 * same endpoint takes money into v4 virtual accounts. Charges are read back through the v3 API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDetails } from '../../../src/domain/customer.js';
import { parseScenarioKey } from '../../../src/domain/scenario.js';
import {
  openBankTransferCharge,
  type BankTransferChargeRequest,
  type BankTransferChargeResult,
} from '../../../src/flows/charges/bank-transfers.js';
import type { IdempotencyClaim } from '../../../src/flows/unit-of-work.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { uniqueRef, v3Headers } from '../../support/v3.js';

const CUSTOMER: CustomerDetails = { email: 'ada@example.com', meta: {} };

/** What a test sees of the opened charge: ids and the account the customer must pay into. */
interface Opened {
  readonly chargeId: string;
  readonly txId: number;
  readonly status: string;
  readonly nextAction: string | undefined;
  readonly accountNumber: string;
  readonly bankName: string;
  readonly accountType: string;
  readonly expiresAt: string;
  readonly virtualAccountId: string;
  readonly customerId: string;
}

const summary = (r: BankTransferChargeResult): Opened => ({
  chargeId: r.charge.id,
  txId: r.charge.txId,
  status: r.charge.status,
  nextAction: r.charge.nextAction?.type,
  accountNumber: r.virtualAccount.accountNumber,
  bankName: r.virtualAccount.bankName,
  accountType: r.virtualAccount.accountType,
  expiresAt: r.virtualAccount.expiresAt.toISOString(),
  virtualAccountId: r.virtualAccount.id,
  customerId: r.customer.id,
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 bank transfers on ${kind.name}`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Shop');
      bob = await gw.merchant('Bob Shop');
    });
    afterAll(() => gw.close());

    const open = async (
      extra: Partial<BankTransferChargeRequest> = {},
      idempotency?: IdempotencyClaim,
      m: TestMerchant = alice,
    ) => {
      const executed = await openBankTransferCharge(
        gw.deps,
        {
          merchantId: m.credentials.merchant_id,
          customer: CUSTOMER,
          reuseCustomerByEmail: true,
          amount: 150_000,
          currency: 'NGN',
          reference: uniqueRef('bt'),
          meta: {},
          origin: 'v3',
          scenario: parseScenarioKey(undefined),
          ...extra,
        },
        {
          idempotency,
          render: (r) => ({ status: 200, body: JSON.stringify(summary(r)) }),
        },
        'v3',
      );
      return executed;
    };
    const opened = async (extra: Partial<BankTransferChargeRequest> = {}) => {
      const executed = await open(extra);
      if (!executed.ok) throw new Error(JSON.stringify(executed.error));
      return JSON.parse(executed.value.reply.body) as Opened;
    };
    const transfer = (payload: object, m: TestMerchant = alice) =>
      gw.app.inject({ method: 'POST', url: '/v3/sandbox/transfers', headers: v3Headers(m), payload });
    const verify = async (txId: number) =>
      (
        await gw.app.inject({
          method: 'GET',
          url: `/v3/transactions/${txId}/verify`,
          headers: v3Headers(alice),
        })
      ).json().data;

    describe('openBankTransferCharge', () => {
      it('opens a pending charge that waits for a transfer to its own dynamic account', async () => {
        const charge = await opened({ expiresInSeconds: 1800 });
        expect(charge).toMatchObject({
          status: 'pending',
          nextAction: 'requires_bank_transfer',
          bankName: 'WEMA BANK',
          accountType: 'dynamic',
          expiresAt: new Date(gw.clock.now().getTime() + 1_800_000).toISOString(),
        });
        expect(charge.accountNumber).toMatch(/^\d{10}$/);
        const verified = await verify(charge.txId);
        expect(verified).toMatchObject({ status: 'pending', amount: 1500, currency: 'NGN' });
        // The account is a virtual account like any other, visible to the v4 API with the charge's flw_ref.
        const account = await gw.app.inject({
          method: 'GET',
          url: `/virtual-accounts/${charge.virtualAccountId}`,
          headers: alice.headers,
        });
        expect(account.json().data).toMatchObject({
          amount: 1500,
          account_number: charge.accountNumber,
          reference: verified.flw_ref,
          status: 'active',
        });
      });

      it('is completed by a transfer of the amount due into its account', async () => {
        const charge = await opened();
        const res = await transfer({
          account_number: charge.accountNumber,
          amount: 1500,
          originator_name: 'Ada Obi',
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          status: 'success',
          message: 'Transfer received',
          data: { id: charge.txId, status: 'successful', amount: 1500, currency: 'NGN' },
        });
        expect((await verify(charge.txId)).status).toBe('successful');
        const { rows } = await gw.deps.db.query('SELECT type FROM events WHERE charge_id = $1', [
          charge.chargeId,
        ]);
        expect(rows).toEqual([{ type: 'charge.completed' }]);
        // Its account was for this charge only.
        const account = await gw.app.inject({
          method: 'GET',
          url: `/virtual-accounts/${charge.virtualAccountId}`,
          headers: alice.headers,
        });
        expect(account.json().data.status).toBe('inactive');
        const again = await transfer({ account_number: charge.accountNumber, amount: 1500 });
        expect(again.statusCode).toBe(400);
        expect(again.json()).toEqual({
          status: 'error',
          message: `Virtual account ${charge.virtualAccountId} was dynamic and has already been paid: it takes no more transfers`,
          data: null,
        });
      });

      it('fails the charge when the transfer falls short', async () => {
        const charge = await opened();
        const res = await transfer({ account_number: charge.accountNumber, amount: '1000.00' });
        expect(res.json().data).toMatchObject({ id: charge.txId, status: 'failed' });
        const events = await gw.app.inject({
          method: 'GET',
          url: `/v3/transactions/${charge.txId}/events`,
          headers: v3Headers(alice),
        });
        expect(events.json().data.map((e: { note: string }) => e.note)).toContain(
          'Received NGN 1,000.00 of the NGN 1,500.00 due: underpaid, returned to the sender',
        );
        // The account belonged to that charge: a second try is refused, and the charge stays failed.
        const retry = await transfer({ account_number: charge.accountNumber, amount: 1500 });
        expect(retry.statusCode).toBe(400);
        expect(retry.json().message).toBe(
          `Virtual account ${charge.virtualAccountId} was opened for charge ${charge.chargeId}, which is already complete: it takes no more transfers`,
        );
        expect((await verify(charge.txId)).status).toBe('failed');
      });

      it('is completed by the sandbox timer when nobody pays', async () => {
        const charge = await opened();
        gw.clock.advance(9_999);
        await gw.runJobs();
        expect((await verify(charge.txId)).status).toBe('pending');
        gw.clock.advance(1);
        expect(await gw.runJobs()).toBeGreaterThanOrEqual(1);
        expect((await verify(charge.txId)).status).toBe('successful');
      });

      it('follows the scenario bound to the charge', async () => {
        const charge = await opened({ scenario: parseScenarioKey('issuer:failed') });
        const res = await transfer({ account_number: charge.accountNumber, amount: 1500 });
        expect(res.json().data.status).toBe('failed');
        expect(res.json().data.processor_response).toMatch(/do not honou?r/i);
      });

      it('keeps a permanent account taking transfers once its charge is paid, each a new charge', async () => {
        const charge = await opened({ permanent: true });
        expect(charge.accountType).toBe('static');
        const first = await transfer({ account_number: charge.accountNumber, amount: 1500 });
        expect(first.json().data.id).toBe(charge.txId);
        const second = await transfer({ account_number: charge.accountNumber, amount: 250 });
        expect(second.json().data).toMatchObject({ status: 'successful', amount: 250 });
        expect(second.json().data.id).not.toBe(charge.txId);
        const listed = await gw.app.inject({
          method: 'GET',
          url: `/charges?virtual_account_id=${charge.virtualAccountId}`,
          headers: alice.headers,
        });
        expect(listed.json().meta.page_info.total).toBe(2);
      });

      it('reuses the merchant’s customer with the same email', async () => {
        const a = await opened();
        const b = await opened();
        expect(b.customerId).toBe(a.customerId);
      });

      it('replays the first reply under the same idempotency key, creating one charge', async () => {
        const claim: IdempotencyClaim = {
          key: `bt-key-${uniqueRef()}`,
          scope: 'POST /v3/charges',
          fingerprint: 'same',
        };
        const reference = uniqueRef('bt');
        const first = await open({ reference }, claim);
        const second = await open({ reference }, claim);
        if (!first.ok || !second.ok) throw new Error('expected both to succeed');
        expect(second.value.replayed).toBe(true);
        expect(second.value.reply.body).toBe(first.value.reply.body);
      });

      it('refuses a reused tx_ref, an unsupported currency, too small an amount and a bad expiry', async () => {
        const reference = uniqueRef('bt');
        await opened({ reference });
        const cases: [Partial<BankTransferChargeRequest>, string][] = [
          [{ reference }, 'CHARGE_ALREADY_EXISTS'],
          [{ currency: 'USD' }, 'CURRENCY_NOT_SUPPORTED'],
          [{ currency: 'KES' }, 'CURRENCY_NOT_SUPPORTED'],
          [{ amount: 5_000 }, 'AMOUNT_BELOW_MINIMUM'],
          [{ expiresInSeconds: 0 }, 'REQUEST_NOT_VALID'],
          [{ expiresInSeconds: 31_536_001 }, 'REQUEST_NOT_VALID'],
        ];
        for (const [extra, type] of cases) {
          const executed = await open(extra);
          expect(executed.ok, JSON.stringify(extra)).toBe(false);
          if (!executed.ok) expect(executed.error.type).toBe(type);
        }
        const expiry = await open({ expiresInSeconds: 0 });
        if (!expiry.ok) expect(expiry.error.fields.map((f) => f.field)).toEqual(['expires']);
      });
    });

    describe('POST /v3/sandbox/transfers', () => {
      it('turns money into a v4 static account into a new transaction', async () => {
        const customer = (
          await gw.app.inject({
            method: 'POST',
            url: '/customers',
            headers: alice.headers,
            payload: { email: 'static@example.com' },
          })
        ).json().data.id;
        const account = (
          await gw.app.inject({
            method: 'POST',
            url: '/virtual-accounts',
            headers: alice.headers,
            payload: {
              reference: uniqueRef('va'),
              customer_id: customer,
              amount: 0,
              currency: 'GHS',
              account_type: 'static',
            },
          })
        ).json().data;
        const res = await transfer({ account_number: account.account_number, amount: 75.5 });
        expect(res.statusCode).toBe(200);
        expect(res.json().data).toMatchObject({
          status: 'successful',
          amount: 75.5,
          currency: 'GHS',
          customer: { email: 'static@example.com' },
        });
      });

      it('refuses money once the charge’s account has expired', async () => {
        const charge = await opened({ expiresInSeconds: 5 });
        gw.clock.advance(5_000);
        const res = await transfer({ account_number: charge.accountNumber, amount: 1500 });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(/expired at .*: it takes no more transfers/);
      });

      it('names a bad amount or account number in the v3 envelope', async () => {
        const charge = await opened();
        const cases: [object, RegExp][] = [
          [{ account_number: charge.accountNumber, amount: 0 }, /amount must be greater than 0/],
          [{ account_number: charge.accountNumber, amount: 'lots' }, /amount must be a number/],
          [{ account_number: charge.accountNumber, amount: 10.001 }, /amount must have at most 2 decimal/],
          [{ account_number: '12345', amount: 10 }, /account_number/],
          [{ amount: 10 }, /account_number/],
        ];
        for (const [payload, message] of cases) {
          const res = await transfer(payload);
          expect(res.statusCode, JSON.stringify(payload)).toBe(400);
          expect(res.json()).toEqual({
            status: 'error',
            message: expect.stringMatching(message),
            data: null,
          });
        }
        expect((await verify(charge.txId)).status).toBe('pending');
      });

      it('answers 404 for an unknown account number and another merchant’s', async () => {
        const charge = await opened();
        const unknown = await transfer({ account_number: '0000000000', amount: 1500 });
        expect(unknown.statusCode).toBe(404);
        expect(unknown.json()).toMatchObject({ status: 'error', data: null });
        const foreign = await transfer({ account_number: charge.accountNumber, amount: 1500 }, bob);
        expect(foreign.statusCode).toBe(404);
        expect((await verify(charge.txId)).status).toBe('pending');
      });
    });
  });
}
