/**
 * The virtual-account store on both adapters: round trips, the two uniqueness rules (reference per
 * merchant, account number per instance), merchant scoping, version-guarded updates, the account
 * number sequence, and list pages with their filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/domain/customer.js';
import { newId } from '../../src/domain/ids.js';
import { parseScenarioKey } from '../../src/domain/scenario.js';
import { accountNumberOf, isNuban, type VirtualAccount } from '../../src/domain/virtual-account.js';
import { customerInsert } from '../../src/store/customers.js';
import { isUniqueViolation } from '../../src/store/db.js';
import { writeAll } from '../../src/store/statement.js';
import {
  findVirtualAccount,
  findVirtualAccountByNumber,
  listVirtualAccounts,
  nextAccountSerial,
  updateVirtualAccount,
  VIRTUAL_ACCOUNT_REFERENCE_CONSTRAINT,
  virtualAccountInsert,
} from '../../src/store/virtual-accounts.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { STORES } from '../support/stores.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
let numbered = 0;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`virtual-account store on ${kind.name}`, () => {
    let gw: TestGateway;
    let alice: string;
    let bob: string;
    let aliceCustomer: string;
    let bobCustomer: string;

    const insertCustomer = async (merchantId: string) => {
      const c: Customer = {
        id: newId('customer'),
        numId: 900_000_000 + ++numbered,
        merchantId,
        email: 'ada@example.com',
        meta: {},
        createdAt: T0,
        updatedAt: T0,
      };
      await writeAll(gw.deps.db, [customerInsert(c)]);
      return c.id;
    };

    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = (await gw.merchant('Alice')).credentials.merchant_id;
      bob = (await gw.merchant('Bob')).credentials.merchant_id;
      aliceCustomer = await insertCustomer(alice);
      bobCustomer = await insertCustomer(bob);
    });
    afterAll(() => gw.close());

    const account = async (extra: Partial<VirtualAccount> = {}): Promise<VirtualAccount> => ({
      id: newId('virtualAccount'),
      merchantId: alice,
      customerId: aliceCustomer,
      reference: `ref-${newId('charge')}`.replace('_', ''),
      currency: 'NGN',
      accountType: 'dynamic',
      amount: 150_000,
      accountNumber: accountNumberOf(await nextAccountSerial(gw.deps.db), '035'),
      bankName: 'WEMA BANK',
      note: 'Please make a bank transfer to Alice',
      identity: {},
      meta: {},
      scenario: parseScenarioKey(undefined),
      origin: 'v4',
      expiresAt: new Date(T0.getTime() + 3_600_000),
      version: 1,
      createdAt: T0,
      updatedAt: T0,
      ...extra,
    });
    const insert = (va: VirtualAccount) => writeAll(gw.deps.db, [virtualAccountInsert(va)]);
    const failure = async (work: Promise<unknown>): Promise<unknown> => {
      try {
        await work;
      } catch (error) {
        return error;
      }
      throw new Error('expected the write to fail');
    };

    it('reads back every field it wrote, optional ones included', async () => {
      const full = await account({
        accountType: 'static',
        amount: 0,
        narration: 'Ada Wallet',
        identity: { bvn: 'f'.repeat(64) },
        customerAccountNumber: '0123456789',
        meta: { order: '42' },
        merchantVatAmount: 750,
        scenario: parseScenarioKey('issuer:failed'),
        origin: 'v3',
        chargeId: 'chg_0000000000',
        inactiveReason: 'deactivated',
      });
      const bare = await account();
      await insert(full);
      await insert(bare);
      expect(await findVirtualAccount(gw.deps.db, alice, full.id)).toEqual(full);
      expect(await findVirtualAccount(gw.deps.db, alice, bare.id)).toEqual(bare);
      expect(await findVirtualAccountByNumber(gw.deps.db, alice, full.accountNumber)).toEqual(full);
    });

    it('finds an account only for its own merchant, by id or by number', async () => {
      const va = await account();
      await insert(va);
      expect(await findVirtualAccount(gw.deps.db, bob, va.id)).toBeUndefined();
      expect(await findVirtualAccountByNumber(gw.deps.db, bob, va.accountNumber)).toBeUndefined();
    });

    it('refuses a merchant’s reference twice, but not another merchant’s', async () => {
      const first = await account();
      await insert(first);
      const again = await account({ reference: first.reference });
      const error = await failure(insert(again));
      expect(isUniqueViolation(error, VIRTUAL_ACCOUNT_REFERENCE_CONSTRAINT)).toBe(true);
      await insert(await account({ reference: first.reference, merchantId: bob, customerId: bobCustomer }));
    });

    it('refuses an account number already handed out, whoever holds it', async () => {
      const first = await account();
      await insert(first);
      const error = await failure(
        insert(
          await account({ accountNumber: first.accountNumber, merchantId: bob, customerId: bobCustomer }),
        ),
      );
      expect(isUniqueViolation(error, 'virtual_accounts_account_number_unique')).toBe(true);
    });

    it('draws distinct serials that make distinct, valid NUBAN account numbers', async () => {
      const serials = await Promise.all(Array.from({ length: 20 }, () => nextAccountSerial(gw.deps.db)));
      expect(new Set(serials).size).toBe(20);
      const numbers = serials.map((s) => accountNumberOf(s, '035'));
      expect(new Set(numbers).size).toBe(20);
      for (const n of numbers) expect(isNuban(n, '035')).toBe(true);
    });

    it('updates an account only from the version it was read at', async () => {
      const va = await account();
      await insert(va);
      const next: VirtualAccount = {
        ...va,
        inactiveReason: 'used',
        meta: { paid: 'yes' },
        identity: { bvn: 'a'.repeat(64) },
        version: 2,
        updatedAt: new Date(T0.getTime() + 1000),
      };
      expect(await updateVirtualAccount(gw.deps.db, next, 1)).toBe(true);
      expect(await findVirtualAccount(gw.deps.db, alice, va.id)).toEqual(next);
      expect(
        await updateVirtualAccount(gw.deps.db, { ...next, inactiveReason: 'deactivated', version: 3 }, 1),
      ).toBe(false);
      expect((await findVirtualAccount(gw.deps.db, alice, va.id))?.inactiveReason).toBe('used');
      expect(await updateVirtualAccount(gw.deps.db, { ...next, merchantId: bob, version: 3 }, 2)).toBe(false);
    });

    it('lists one merchant’s accounts most recent first, filtered by reference and creation time', async () => {
      const carol = (await gw.merchant('Carol')).credentials.merchant_id;
      const customer = await insertCustomer(carol);
      const made: VirtualAccount[] = [];
      for (let i = 0; i < 3; i++) {
        const at = new Date(T0.getTime() + i * 60_000);
        const va = await account({ merchantId: carol, customerId: customer, createdAt: at, updatedAt: at });
        await insert(va);
        made.push(va);
      }
      const [a, b, c] = made as [VirtualAccount, VirtualAccount, VirtualAccount];
      const page = await listVirtualAccounts(gw.deps.db, carol, {}, { page: 1, size: 10 });
      expect(page.total).toBe(3);
      expect(page.items.map((v) => v.id)).toEqual([c.id, b.id, a.id]);
      const second = await listVirtualAccounts(gw.deps.db, carol, {}, { page: 2, size: 2 });
      expect(second.items.map((v) => v.id)).toEqual([a.id]);
      const byRef = await listVirtualAccounts(
        gw.deps.db,
        carol,
        { reference: b.reference },
        { page: 1, size: 10 },
      );
      expect(byRef.items.map((v) => v.id)).toEqual([b.id]);
      const window = await listVirtualAccounts(
        gw.deps.db,
        carol,
        { from: b.createdAt, to: c.createdAt },
        { page: 1, size: 10 },
      );
      expect(window.items.map((v) => v.id)).toEqual([c.id, b.id]);
      const none = await listVirtualAccounts(
        gw.deps.db,
        carol,
        { reference: 'nothing-here' },
        { page: 1, size: 10 },
      );
      expect(none).toMatchObject({ total: 0, items: [] });
    });
  });
}
