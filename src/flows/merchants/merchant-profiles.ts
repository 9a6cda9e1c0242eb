/**
 * What the hot path needs to know about a merchant — its name and its encryption keys in clear —
 * cached in memory for a minute, so a charge does not pay a database read and an AES-GCM unseal.
 * v3 keys can be rotated (`baobab merchants rotate-keys`): a caller whose payload the cached key
 * cannot decrypt asks for a `fresh` read, so new keys work at once; the TTL bounds how long the old
 * encryption key is still accepted.
 */
import { unseal } from '../../crypto/sealed.js';
import type { Keyring } from '../../crypto/keyring.js';
import type { Clock } from '../../domain/clock.js';
import type { Db } from '../../store/db.js';
import { findMerchantSecrets } from '../../store/merchants.js';

export interface MerchantProfile {
  readonly id: string;
  readonly name: string;
  /** The numeric account id v3 objects carry (`account_id`). */
  readonly accountId: number;
  readonly v3PublicKey: string;
  readonly v4ClientId: string;
  /** base64 of the 32-byte AES key for v4 card and PIN fields. */
  readonly v4EncryptionKey: string;
  /** The 24-character 3DES key for v3 `client` payloads. */
  readonly v3EncryptionKey: string;
}

export interface MerchantProfiles {
  /** `fresh`: read the store even when a cached profile is still young (and cache what was read). */
  get(merchantId: string, fresh?: boolean): Promise<MerchantProfile | undefined>;
}

export function createMerchantProfiles(
  db: Db,
  keys: Keyring,
  clock: Clock,
  ttlMs = 60_000,
): MerchantProfiles {
  const cache = new Map<string, { profile: MerchantProfile; until: number }>();
  return {
    async get(merchantId, fresh = false) {
      const now = clock.now().getTime();
      const hit = cache.get(merchantId);
      if (hit && hit.until > now && !fresh) return hit.profile;
      const secrets = await findMerchantSecrets(db, merchantId);
      if (!secrets) return undefined;
      const profile: MerchantProfile = {
        id: merchantId,
        name: secrets.name,
        accountId: secrets.accountId,
        v3PublicKey: secrets.v3PublicKey,
        v4ClientId: secrets.v4ClientId,
        v4EncryptionKey: unseal(keys.sealKey, secrets.v4EncryptionKeySealed),
        v3EncryptionKey: unseal(keys.sealKey, secrets.v3EncryptionKeySealed),
      };
      cache.set(merchantId, { profile, until: now + ttlMs });
      return profile;
    },
  };
}
