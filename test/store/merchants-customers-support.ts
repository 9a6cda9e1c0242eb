/**
 * Shared setup of the merchants-customers-*.test.ts store suites: helpers, and `onEachStore`, which runs a
 * file's suites on every available store, each on a fresh one.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { keyringFrom, type Keyring } from '../../src/crypto/keyring.js';
import type { Customer, CustomerDetails } from '../../src/domain/customer.js';
import { newId } from '../../src/domain/ids.js';
import { createMerchant, type CreatedMerchant } from '../../src/flows/merchants/merchants.js';
import { type Db } from '../../src/store/db.js';
import { type StoredReply } from '../../src/store/idempotency.js';
import { ManualClock } from '../support/clock.js';
import { STORES, type StoreKind, type TestStore } from '../support/stores.js';

export const HOUR = 3_600_000;
/** The route every idempotency case here uses (scopes are tested in idempotency-scope.test.ts). */
export const SCOPE = 'POST /customers';

export const secretsOf = (created: CreatedMerchant): string[] => [
  created.credentials.v3.secret_key,
  created.credentials.v3.encryption_key,
  created.credentials.v4.client_secret,
  created.credentials.v4.encryption_key,
  created.credentials.webhook_secret_hash,
];

export const reply = (body: string, fingerprint = `fp-${body}`): StoredReply => ({
  fingerprint,
  status: 201,
  body,
});
export let numbered = 0;
export const customer = (merchantId: string, email: string, at: Date, extra: Partial<CustomerDetails> = {}) =>
  ({
    id: newId('customer'),
    numId: ++numbered,
    merchantId,
    email,
    meta: {},
    ...extra,
    createdAt: at,
    updatedAt: at,
  }) satisfies Customer;

export let store: TestStore;
export let db: Db;
export let keys: Keyring;
export let clock: ManualClock;
export const make = (name: string): Promise<CreatedMerchant> => createMerchant({ db, clock, keys }, name);

/**
 * Declares the suites of `body` once per available store (PGlite, and PostgreSQL when TEST_DATABASE_URL is set),
 * each run on a freshly opened store of that kind, which `store`, `db`, `keys`, `clock` and `make` act on; `body` gets the kind.
 */
export function onEachStore(body: (kind: StoreKind) => void): void {
  for (const kind of STORES) {
    describe.skipIf(!kind.available)(
      `merchant, customer, idempotency and settings stores on ${kind.name}`,
      () => {
        beforeAll(async () => {
          store = await kind.open();
          db = store.db;
          keys = keyringFrom(randomBytes(32));
          clock = new ManualClock();
        });
        afterAll(() => store.close());
        body(kind);
      },
    );
  }
}
