/**
 * Merchants: the tenants. Every object belongs to one merchant and no merchant can see another's.
 * A merchant holds two credential sets, one per dialect (v3 keys, v4 OAuth client), plus the
 * webhook secret hash. Secrets are never held in clear outside the moment they are created.
 */
export interface Merchant {
  readonly id: string;
  /** Numeric account id: v3 objects carry it as `account_id`. */
  readonly accountId: number;
  readonly name: string;
  readonly v3PublicKey: string;
  readonly v3SecretKeyPrefix: string;
  readonly v4ClientId: string;
  readonly v4ClientSecretPrefix: string;
  readonly createdAt: Date;
}

/** What a merchant is told once, when its credentials are made; the same shape as sandbox-credentials.json. */
export interface MerchantCredentials {
  readonly merchant_id: string;
  readonly v3: { readonly public_key: string; readonly secret_key: string; readonly encryption_key: string };
  readonly v4: {
    readonly client_id: string;
    readonly client_secret: string;
    readonly encryption_key: string;
  };
  readonly webhook_secret_hash: string;
}
