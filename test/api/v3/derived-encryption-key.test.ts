/**
 * Integrations that never read the encryption key from a dashboard compute it from the secret key
 * (Flutterwave's getKey) and encrypt the card with 3DES-24 in ECB mode. Such a client, knowing only
 * its secret key, is understood by POST /v3/charges.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateV3Keys } from '../../../src/flows/merchants/merchants.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { v3Card } from '../../support/v3.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('PHP Shop');
});
afterAll(() => gw.close());

/** The client's own key derivation: MD5's last 12 hex digits after the secret key's first 12 characters. */
function getKey(secretKey: string): string {
  const md5 = createHash('md5').update(secretKey).digest('hex');
  return secretKey.replace('FLWSECK-', '').slice(0, 12) + md5.slice(-12);
}

/** openssl_encrypt($data, 'DES-EDE3', $key, OPENSSL_RAW_DATA), base64: what the PHP SDKs send. */
function encrypt(key: string, data: string): string {
  const cipher = createCipheriv('des-ede3', Buffer.from(key, 'utf8'), null);
  return Buffer.concat([cipher.update(data, 'utf8'), cipher.final()]).toString('base64');
}

const chargeWith = (secretKey: string, payload: object) =>
  gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: { authorization: `Bearer ${secretKey}` },
    payload: { client: encrypt(getKey(secretKey), JSON.stringify(payload)) },
  });

describe('a v3 client that derives its encryption key from the secret key', () => {
  it('has its card payload decrypted and charged', async () => {
    const secretKey = m.credentials.v3.secret_key;
    const res = await chargeWith(secretKey, v3Card('5061460410120223210'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: { status: 'successful', card: { first_6digits: '506146', last_4digits: '3210' } },
    });
  });

  it('goes through the PIN and OTP steps the same way', async () => {
    const secretKey = m.credentials.v3.secret_key;
    const payload = v3Card('5531886652142950');
    const first = await chargeWith(secretKey, payload);
    expect(first.json().meta.authorization).toEqual({ mode: 'pin', fields: ['pin'] });
    const second = await chargeWith(secretKey, { ...payload, authorization: { mode: 'pin', pin: '3310' } });
    expect(second.json()).toMatchObject({ status: 'success', meta: { authorization: { mode: 'otp' } } });
  });
});

describe('keys rotated while the gateway runs (baobab merchants rotate-keys)', () => {
  it('are taken at once, though the old encryption key was cached a moment before', async () => {
    const shop = await gw.merchant('Rotating Shop');
    const before = shop.credentials.v3.secret_key;
    expect((await chargeWith(before, v3Card('5061460410120223210'))).statusCode).toBe(200);
    const rotated = await rotateV3Keys(gw.deps, shop.credentials.merchant_id);
    if (!rotated.ok) throw new Error(rotated.error.message);
    const after = rotated.value.v3.secret_key;
    expect(rotated.value.v3.encryption_key).toBe(getKey(after));
    const res = await chargeWith(after, v3Card('5061460410120223210'));
    expect(res.statusCode).toBe(200);
    expect(res.json().data.status).toBe('successful');
  });
});
