/** Merchants and their credentials (hashed and sealed columns only; see 0001_foundation.sql). */
import type { Merchant } from '../domain/merchant.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';

export interface MerchantRecord {
  readonly id: string;
  readonly name: string;
  readonly v3PublicKey: string;
  readonly v3SecretKeyHash: string;
  readonly v3SecretKeyPrefix: string;
  readonly v3EncryptionKeySealed: string;
  readonly v4ClientId: string;
  readonly v4ClientSecretHash: string;
  readonly v4ClientSecretPrefix: string;
  readonly v4EncryptionKeySealed: string;
  readonly webhookSecretHashSealed: string;
  readonly sandboxSeed: boolean;
  readonly createdAt: Date;
}

const COLUMNS = `id, account_id, name, v3_public_key, v3_secret_key_prefix, v4_client_id, v4_client_secret_prefix, created_at`;

type MerchantRow = {
  id: string;
  account_id: unknown;
  name: string;
  v3_public_key: string;
  v3_secret_key_prefix: string;
  v4_client_id: string;
  v4_client_secret_prefix: string;
  created_at: Date;
};

const toMerchant = (row: MerchantRow): Merchant => ({
  id: row.id,
  accountId: toNumber(row.account_id),
  name: row.name,
  v3PublicKey: row.v3_public_key,
  v3SecretKeyPrefix: row.v3_secret_key_prefix,
  v4ClientId: row.v4_client_id,
  v4ClientSecretPrefix: row.v4_client_secret_prefix,
  createdAt: row.created_at,
});

export async function insertMerchant(q: Queryable, m: MerchantRecord): Promise<Merchant> {
  const { rows } = await q.query<MerchantRow>(
    `INSERT INTO merchants (id, name, v3_public_key, v3_secret_key_hash, v3_secret_key_prefix, v3_encryption_key_sealed,
       v4_client_id, v4_client_secret_hash, v4_client_secret_prefix, v4_encryption_key_sealed,
       webhook_secret_hash_sealed, sandbox_seed, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING ${COLUMNS}`,
    [
      m.id,
      m.name,
      m.v3PublicKey,
      m.v3SecretKeyHash,
      m.v3SecretKeyPrefix,
      m.v3EncryptionKeySealed,
      m.v4ClientId,
      m.v4ClientSecretHash,
      m.v4ClientSecretPrefix,
      m.v4EncryptionKeySealed,
      m.webhookSecretHashSealed,
      m.sandboxSeed,
      m.createdAt,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return toMerchant(row);
}

export async function findMerchantByClientId(
  q: Queryable,
  clientId: string,
): Promise<{ merchant: Merchant; clientSecretHash: string } | undefined> {
  const { rows } = await q.query<MerchantRow & { v4_client_secret_hash: string }>(
    `SELECT ${COLUMNS}, v4_client_secret_hash FROM merchants WHERE v4_client_id = $1`,
    [clientId],
  );
  const row = rows[0];
  return row && { merchant: toMerchant(row), clientSecretHash: row.v4_client_secret_hash };
}

export async function findMerchantBySecretKeyHash(q: Queryable, hash: string): Promise<Merchant | undefined> {
  const { rows } = await q.query<MerchantRow>(
    `SELECT ${COLUMNS} FROM merchants WHERE v3_secret_key_hash = $1`,
    [hash],
  );
  return rows[0] && toMerchant(rows[0]);
}

export async function listMerchants(q: Queryable): Promise<Merchant[]> {
  const { rows } = await q.query<MerchantRow>(`SELECT ${COLUMNS} FROM merchants ORDER BY account_id`);
  return rows.map(toMerchant);
}

export async function countMerchants(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: unknown }>('SELECT count(*) AS n FROM merchants');
  return toNumber(rows[0]?.n ?? 0);
}

export interface MerchantSecrets {
  readonly name: string;
  readonly accountId: number;
  readonly v3PublicKey: string;
  readonly v4ClientId: string;
  readonly v3EncryptionKeySealed: string;
  readonly v4EncryptionKeySealed: string;
  readonly webhookSecretHashSealed: string;
}

export async function findMerchantSecrets(
  q: Queryable,
  merchantId: string,
): Promise<MerchantSecrets | undefined> {
  const { rows } = await q.query<{
    name: string;
    account_id: unknown;
    v3_public_key: string;
    v4_client_id: string;
    v3_encryption_key_sealed: string;
    v4_encryption_key_sealed: string;
    webhook_secret_hash_sealed: string;
  }>(
    `SELECT name, account_id, v3_public_key, v4_client_id, v3_encryption_key_sealed, v4_encryption_key_sealed,
       webhook_secret_hash_sealed
     FROM merchants WHERE id = $1`,
    [merchantId],
  );
  const row = rows[0];
  return (
    row && {
      name: row.name,
      accountId: toNumber(row.account_id),
      v3PublicKey: row.v3_public_key,
      v4ClientId: row.v4_client_id,
      v3EncryptionKeySealed: row.v3_encryption_key_sealed,
      v4EncryptionKeySealed: row.v4_encryption_key_sealed,
      webhookSecretHashSealed: row.webhook_secret_hash_sealed,
    }
  );
}

/** Replaces the merchant's v3 webhook secret hash (sealed); false when there is no such merchant. */
export async function setWebhookSecretHash(
  q: Queryable,
  merchantId: string,
  sealed: string,
): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE merchants SET webhook_secret_hash_sealed = $2 WHERE id = $1', [
    merchantId,
    sealed,
  ]);
  return rowCount > 0;
}

/** The merchant seeded on first boot, if this store has one. */
export async function findSandboxMerchantId(q: Queryable): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM merchants WHERE sandbox_seed');
  return rows[0]?.id;
}

export interface V3SecretKeyRecord {
  readonly v3SecretKeyHash: string;
  readonly v3SecretKeyPrefix: string;
  readonly v3EncryptionKeySealed: string;
}

/**
 * Replaces the merchant's v3 secret key (hashed) and encryption key (sealed) together; the merchant
 * as it is now, and whether it is the sandbox merchant, or undefined when there is no such merchant.
 */
export async function replaceV3SecretKey(
  q: Queryable,
  merchantId: string,
  keys: V3SecretKeyRecord,
): Promise<{ merchant: Merchant; sandboxSeed: boolean } | undefined> {
  const { rows } = await q.query<MerchantRow & { sandbox_seed: boolean }>(
    `UPDATE merchants SET v3_secret_key_hash = $2, v3_secret_key_prefix = $3, v3_encryption_key_sealed = $4
     WHERE id = $1 RETURNING ${COLUMNS}, sandbox_seed`,
    [merchantId, keys.v3SecretKeyHash, keys.v3SecretKeyPrefix, keys.v3EncryptionKeySealed],
  );
  const row = rows[0];
  return row && { merchant: toMerchant(row), sandboxSeed: row.sandbox_seed };
}
