/**
 * What kind of credential a string looks like, by its shape alone: merchants hold six (v3 public,
 * secret and encryption keys; v4 client id, client secret and encryption key) and each API route takes
 * one, so sending the wrong one is a common first mistake. Dialects use this to say which credential
 * was sent and which the route takes, instead of a bare "invalid". Shapes are those Flutterwave issues
 * (v3 spec §1.1: `FLWSECK_TEST-…-X`, `FLWPUBK_TEST-…-X`, `FLWSECK_TEST` + 12 hex; v4: a UUID client
 * id, Keycloak JWT access tokens) and Baobab's own (v4 client secrets: 32 letters and digits; v4
 * encryption keys: base64 of 32 bytes). Nothing is looked up: a shape only names what was probably meant.
 */
export type CredentialKind =
  | 'v3_secret_key'
  | 'v3_public_key'
  | 'v3_encryption_key'
  | 'v4_access_token'
  | 'v4_client_id'
  | 'v4_client_secret'
  | 'v4_encryption_key';

const SHAPES: readonly (readonly [CredentialKind, RegExp])[] = [
  ['v3_secret_key', /^FLWSECK(_TEST)?-\S+$/],
  ['v3_public_key', /^FLWPUBK(_TEST)?-\S+$/],
  // Derived from the secret key (crypto/credentials.ts): `FLWSECK_TEST` + 12 hex, or 24 characters live.
  ['v3_encryption_key', /^FLWSECK_TEST[0-9a-f]{12}$/],
  ['v4_access_token', /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/],
  ['v4_client_id', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ['v4_client_secret', /^[A-Za-z0-9]{32}$/],
  ['v4_encryption_key', /^[A-Za-z0-9+/]{43}=$/],
];

export function credentialKind(token: string): CredentialKind | undefined {
  return SHAPES.find(([, shape]) => shape.test(token))?.[0];
}

/** How each kind is named in an error message. */
export const CREDENTIAL_NAMES: Readonly<Record<CredentialKind, string>> = {
  v3_secret_key: 'a v3 secret key (FLWSECK…)',
  v3_public_key: 'a v3 public key (FLWPUBK…)',
  v3_encryption_key: 'a v3 encryption key',
  v4_access_token: 'a v4 access token',
  v4_client_id: 'a v4 client_id',
  v4_client_secret: 'a v4 client_secret',
  v4_encryption_key: 'a v4 encryption key',
};
