/** The customer store (the setup is in ./merchants-customers-support.ts). */
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../src/domain/customer.js';
import { newId } from '../../src/domain/ids.js';
import { customerInsert, findCustomer, listCustomers, updateCustomer } from '../../src/store/customers.js';
import { writeAll } from '../../src/store/statement.js';
import { customer, db, clock, make, onEachStore } from './merchants-customers-support.js';

onEachStore(() => {
  describe('customers', () => {
    it('reads back every field it stored, and leaves absent optional fields absent', async () => {
      const { merchant } = await make('Roundtrip');
      const full = customer(merchant.id, 'full@example.com', clock.now(), {
        name: { first: 'Ada', middle: 'King', last: 'Lovelace' },
        phone: { countryCode: '234', number: '8012345678' },
        address: {
          line1: '1 Marina',
          line2: 'Floor 2',
          city: 'Lagos',
          state: 'Lagos',
          country: 'NG',
          postalCode: '101001',
        },
        meta: { plan: 'gold', 'ref-id': '42' },
      });
      const bare = customer(merchant.id, 'bare@example.com', clock.now());
      await writeAll(db, [customerInsert(full)]);
      await writeAll(db, [customerInsert(bare)]);
      expect(await findCustomer(db, merchant.id, full.id)).toStrictEqual(full);
      expect(await findCustomer(db, merchant.id, bare.id)).toStrictEqual(bare);
      expect(
        await db.transaction((tx) => findCustomer(tx, merchant.id, bare.id, { forUpdate: true })),
      ).toEqual(bare);
    });

    it("does not find, update or list another merchant's customer", async () => {
      const alice = await make('Alice');
      const mallory = await make('Mallory');
      const c = customer(alice.merchant.id, 'private@example.com', clock.now(), {
        meta: { secret: 'yes' },
      });
      await writeAll(db, [customerInsert(c)]);
      expect(await findCustomer(db, mallory.merchant.id, c.id)).toBeUndefined();
      expect(
        await updateCustomer(
          db,
          mallory.merchant.id,
          c.id,
          { email: 'stolen@example.com', meta: {} },
          clock.now(),
        ),
      ).toBeUndefined();
      expect(await findCustomer(db, alice.merchant.id, c.id)).toStrictEqual(c);
      const page = await listCustomers(db, mallory.merchant.id, { page: 1, size: 10 });
      expect(page).toEqual({ items: [], total: 0, page: 1, size: 10 });
      expect(
        (
          await listCustomers(
            db,
            mallory.merchant.id,
            { page: 1, size: 10 },
            { email: 'private@example.com' },
          )
        ).total,
      ).toBe(0);
    });

    it('updates every detail of its own customer, dropping the ones left out, and keeps createdAt', async () => {
      const { merchant } = await make('Updater');
      const created = clock.now();
      const c = customer(merchant.id, 'before@example.com', created, {
        name: { first: 'Before' },
        phone: { countryCode: '254', number: '700000000' },
        meta: { a: '1' },
      });
      await writeAll(db, [customerInsert(c)]);
      const later = new Date(created.getTime() + 60_000);
      const updated = await updateCustomer(
        db,
        merchant.id,
        c.id,
        { email: 'after@example.com', name: { first: 'After', last: 'Wards' }, meta: { b: '2' } },
        later,
      );
      const expected: Customer = {
        id: c.id,
        numId: c.numId,
        merchantId: merchant.id,
        email: 'after@example.com',
        name: { first: 'After', last: 'Wards' },
        meta: { b: '2' },
        createdAt: created,
        updatedAt: later,
      };
      expect(updated).toStrictEqual(expected);
      expect(await findCustomer(db, merchant.id, c.id)).toStrictEqual(expected);
      expect(
        await updateCustomer(db, merchant.id, newId('customer'), { email: 'x@y.z', meta: {} }, later),
      ).toBe(undefined);
    });

    it('lists most recent first, ties in insertion order (last inserted first), counts and pages', async () => {
      const { merchant } = await make('Lister');
      const { merchant: neighbour } = await make('Neighbour');
      const t0 = clock.now().getTime();
      const at = (offsetMs: number) => new Date(t0 + offsetMs);
      const c1 = customer(merchant.id, 'c1@example.com', at(0));
      const c2 = customer(merchant.id, 'c2@example.com', at(0));
      const c3 = customer(merchant.id, 'c3@example.com', at(1000));
      const c4 = customer(merchant.id, 'c4@example.com', at(2000));
      const c0 = customer(merchant.id, 'c0@example.com', at(-1000));
      const c5 = customer(merchant.id, 'c5@example.com', at(0));
      // Inserted out of time order on purpose: the order comes from created_at, then insertion.
      for (const c of [c1, c3, c2, c0, c4, c5]) await writeAll(db, [customerInsert(c)]);
      await writeAll(db, [customerInsert(customer(neighbour.id, 'c9@example.com', at(5000)))]);

      const emails = async (page: number, size: number) => {
        const result = await listCustomers(db, merchant.id, { page, size });
        expect(result.total).toBe(6);
        expect(result.page).toBe(page);
        expect(result.size).toBe(size);
        return result.items.map((c) => c.email);
      };
      expect(await emails(1, 10)).toEqual([
        'c4@example.com',
        'c3@example.com',
        'c5@example.com',
        'c2@example.com',
        'c1@example.com',
        'c0@example.com',
      ]);
      expect(await emails(1, 4)).toEqual([
        'c4@example.com',
        'c3@example.com',
        'c5@example.com',
        'c2@example.com',
      ]);
      expect(await emails(2, 4)).toEqual(['c1@example.com', 'c0@example.com']);
      expect(await emails(3, 4)).toEqual([]);
      const first = (await listCustomers(db, merchant.id, { page: 1, size: 1 })).items[0];
      expect(first).toStrictEqual(c4);
    });

    it('filters by email case-insensitively and exactly, counting only the matches', async () => {
      const { merchant } = await make('Filterer');
      const t0 = clock.now().getTime();
      const mixed = customer(merchant.id, 'Ada@Example.com', new Date(t0));
      const lower = customer(merchant.id, 'ada@example.com', new Date(t0 + 1));
      const other = customer(merchant.id, 'bob@example.com', new Date(t0 + 2));
      const similar = customer(merchant.id, 'ada@example.co', new Date(t0 + 3));
      for (const c of [mixed, lower, other, similar]) await writeAll(db, [customerInsert(c)]);

      const found = await listCustomers(db, merchant.id, { page: 1, size: 10 }, { email: 'ADA@example.COM' });
      expect(found.total).toBe(2);
      expect(found.items.map((c) => c.id)).toEqual([lower.id, mixed.id]);
      const paged = await listCustomers(db, merchant.id, { page: 2, size: 1 }, { email: 'ada@example.com' });
      expect(paged.total).toBe(2);
      expect(paged.items.map((c) => c.id)).toEqual([mixed.id]);
      for (const pattern of ['%@example.com', 'ada@example.%', 'ada@example.co_', 'nobody@example.com']) {
        const none = await listCustomers(db, merchant.id, { page: 1, size: 10 }, { email: pattern });
        expect({ pattern, total: none.total, items: none.items }).toEqual({
          pattern,
          total: 0,
          items: [],
        });
      }
    });
  });
});
