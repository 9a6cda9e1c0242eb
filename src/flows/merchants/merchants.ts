/**
 * Creating merchants (the CLI, tests) and seeding the one sandbox merchant on first boot.
 * Credentials are generated here, shown once to the caller, and stored only hashed or sealed.
 */
import { generateCredentials, generateV3SecretKeys } from '../../crypto/credentials.js';
import { keyedHash, visiblePrefix } from '../../crypto/hashing.js';
import { seal } from '../../crypto/sealed.js';
import { newId } from '../../domain/ids.js';
import type { Merchant, MerchantCredentials } from '../../domain/merchant.js';
import type { Queryable } from '../../store/db.js';
import { notFound } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  countMerchants,
  insertMerchant,
  listMerchants as listStoredMerchants,
  replaceV3SecretKey,
} from '../../store/merchants.js';
import type { Deps } from '../deps.js';

export interface CreatedMerchant {
  readonly merchant: Merchant;
  readonly credentials: MerchantCredentials;
}

async function insertWithCredentials(
  deps: Pick<Deps, 'clock' | 'keys'>,
  tx: Queryable,
  name: string,
  sandboxSeed: boolean,
): Promise<CreatedMerchant> {
  const credentials = generateCredentials(newId('merchant'));
  const { keys } = deps;
  const merchant = await insertMerchant(tx, {
    id: credentials.merchant_id,
    name,
    v3PublicKey: credentials.v3.public_key,
    v3SecretKeyHash: keyedHash(keys.hashKey, credentials.v3.secret_key),
    v3SecretKeyPrefix: visiblePrefix(credentials.v3.secret_key),
    v3EncryptionKeySealed: seal(keys.sealKey, credentials.v3.encryption_key),
    v4ClientId: credentials.v4.client_id,
    v4ClientSecretHash: keyedHash(keys.hashKey, credentials.v4.client_secret),
    v4ClientSecretPrefix: visiblePrefix(credentials.v4.client_secret),
    v4EncryptionKeySealed: seal(keys.sealKey, credentials.v4.encryption_key),
    webhookSecretHashSealed: seal(keys.sealKey, credentials.webhook_secret_hash),
    sandboxSeed,
    createdAt: deps.clock.now(),
  });
  return { merchant, credentials };
}

export async function createMerchant(
  deps: Pick<Deps, 'db' | 'clock' | 'keys'>,
  name: string,
): Promise<CreatedMerchant> {
  return deps.db.transaction((tx) => insertWithCredentials(deps, tx, name, false));
}

/** On a store with no merchant at all, creates the sandbox merchant; otherwise does nothing. */
export async function seedSandboxMerchant(
  deps: Pick<Deps, 'db' | 'clock' | 'keys'>,
): Promise<CreatedMerchant | undefined> {
  return deps.db.transaction(async (tx) => {
    // Serialises seeding across nodes booting at once on an empty database.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('baobab:seed-sandbox-merchant', 0))`);
    if ((await countMerchants(tx)) > 0) return undefined;
    return insertWithCredentials(deps, tx, 'Sandbox Merchant', true);
  });
}

export function listMerchants(deps: Pick<Deps, 'db'>): Promise<Merchant[]> {
  return listStoredMerchants(deps.db);
}

/** What `rotate-keys` hands back once: the merchant's v3 keys, the public one unchanged. */
export interface RotatedV3Keys {
  readonly merchant: Merchant;
  readonly sandboxSeed: boolean;
  readonly v3: MerchantCredentials['v3'];
}

/**
 * Gives the merchant a new v3 secret key and the encryption key derived from it (an encryption key
 * derived from the secret key must change with it). The public key stays, since nothing derives
 * from it and front ends embed it; the v4 client and the webhook secret hash stay too. The old secret
 * key stops authenticating at once on this store (a running node may accept it for up to a minute,
 * the time it remembers a key it has checked).
 */
export async function rotateV3Keys(
  deps: Pick<Deps, 'db' | 'keys'>,
  merchantId: string,
): Promise<Result<RotatedV3Keys>> {
  const fresh = generateV3SecretKeys();
  const replaced = await replaceV3SecretKey(deps.db, merchantId, {
    v3SecretKeyHash: keyedHash(deps.keys.hashKey, fresh.secret_key),
    v3SecretKeyPrefix: visiblePrefix(fresh.secret_key),
    v3EncryptionKeySealed: seal(deps.keys.sealKey, fresh.encryption_key),
  });
  if (!replaced) return err(notFound(`Merchant ${merchantId}`));
  const { merchant, sandboxSeed } = replaced;
  return ok({ merchant, sandboxSeed, v3: { public_key: merchant.v3PublicKey, ...fresh } });
}
