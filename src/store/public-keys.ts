/** The merchant a v3 public key belongs to (the key is public: it names a merchant, it proves nothing). */
import type { Queryable } from './db.js';

export async function findMerchantIdByPublicKey(
  q: Queryable,
  publicKey: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM merchants WHERE v3_public_key = $1', [
    publicKey,
  ]);
  return rows[0]?.id;
}
