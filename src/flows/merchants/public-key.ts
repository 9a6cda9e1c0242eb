/**
 * Inline checkout and the HTML form-POST name the merchant by its v3 public key, the one credential
 * that may sit in a web page. It only ever opens a payment for that merchant: nothing authenticated
 * by it reads or changes anything else. A secret key is refused before any lookup, so a merchant who
 * pasted one into a page is told, and it is never used as a public key.
 */
import { credentialKind } from '../../domain/credential-kinds.js';
import { appError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findMerchantIdByPublicKey } from '../../store/public-keys.js';
import type { Deps } from '../deps.js';

export async function merchantByPublicKey(
  deps: Pick<Deps, 'db'>,
  publicKey: string,
): Promise<Result<string>> {
  const kind = credentialKind(publicKey);
  if (kind !== undefined && kind !== 'v3_public_key') {
    const secret = kind === 'v3_secret_key' || kind === 'v4_client_secret' || kind === 'v3_encryption_key';
    return err(
      appError(
        'UNAUTHORIZED',
        secret
          ? 'public_key is a secret key: never put it in a web page. Rotate it, and use your public key (FLWPUBK_TEST-…-X)'
          : 'public_key must be your v3 public key (FLWPUBK_TEST-…-X)',
      ),
    );
  }
  const merchantId = kind === undefined ? undefined : await findMerchantIdByPublicKey(deps.db, publicKey);
  return merchantId === undefined ? err(appError('UNAUTHORIZED', 'Invalid public key')) : ok(merchantId);
}
