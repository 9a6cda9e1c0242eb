/**
 * Wire fields and request readers every dialect shares: the email pattern of the official APIs, a
 * plain string enum, absolute http(s) URLs and who a sandbox transfer came
 * from. Dialects import these from here, never from each other.
 */
import { Type } from 'typebox';
import { pick } from '../../domain/customer.js';

export const EMAIL_PATTERN = '^[a-zA-Z0-9_+&*-]+(?:\\.[a-zA-Z0-9_+&*-]+)*@(?:[a-zA-Z0-9-]+\\.)+[a-zA-Z]{2,}$';

export const Email = Type.String({
  pattern: EMAIL_PATTERN,
  maxLength: 254,
  'x-message': 'must be a valid email address',
});

/** A string from a fixed list, as a plain JSON Schema `enum` (one clear error: "must be one of: …"). */
export const StringEnum = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol, hostname } = new URL(value);
  return (protocol === 'http:' || protocol === 'https:') && hostname !== '';
}

export const OriginatorFields = {
  originator_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  originator_account_number: Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9]{6,34}$', 'x-message': 'must be 6 to 34 letters or digits' }),
  ),
  originator_bank_name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};

export const originatorOf = (body: {
  readonly originator_name?: string;
  readonly originator_account_number?: string;
  readonly originator_bank_name?: string;
}) => ({
  ...pick('name', body.originator_name),
  ...pick('accountNumber', body.originator_account_number),
  ...pick('bankName', body.originator_bank_name),
});
