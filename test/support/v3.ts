/** What every v3 test sends: the secret-key header and a card charge body for a test card. */
import type { TestMerchant } from './gateway.js';

let n = 0;
/** A `tx_ref` no other test run uses. */
export const uniqueRef = (prefix = 'tx'): string =>
  `${prefix}-${(n++).toString(36)}-${Date.now().toString(36)}`;

export const v3Headers = (m: TestMerchant): Record<string, string> => ({
  authorization: `Bearer ${m.credentials.v3.secret_key}`,
});

/** A plain-JSON `POST /v3/charges?type=card` body (the dialect takes it as well as `client`). */
export const v3Card = (
  number: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { tx_ref: string } => ({
  card_number: number,
  cvv: '564',
  expiry_month: '09',
  expiry_year: '32',
  currency: 'NGN',
  amount: 100,
  email: 'ada@example.com',
  fullname: 'Ada Lovelace',
  tx_ref: uniqueRef(),
  redirect_url: 'https://merchant.example/back',
  ...extra,
});
