/**
 * v4 field-level encryption at the edge (spec §7): card fields and PINs arrive AES-256-GCM encrypted
 * under the merchant's key with the request's `nonce`. Decrypted values live only in memory for the
 * length of the request; errors name the field, never its content.
 */
import { decryptField } from '../../crypto/field-encryption.js';
import type { CardInput } from '../../domain/card.js';
import type { Authorization } from '../../domain/charge.js';
import { pick } from '../../domain/customer.js';
import { appError, type FieldError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { CardMethodRequest } from '../../flows/charges/payment-methods.js';
import type { AuthorizationIn, CardIn } from './payment-schemas.js';
import { toAddress } from './schemas.js';

/** Decrypts a card object found at `path` (`card`, `payment_method.card`). */
export function decryptCard(key: string, card: CardIn, path: string): Result<CardMethodRequest> {
  const failed: FieldError[] = [];
  const open = (name: keyof CardIn, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const plain = decryptField(key, card.nonce, value);
    if (plain === undefined) {
      failed.push({
        field: `${path}.${name}`,
        message: `${path}.${name} cannot be decrypted with your encryption key and nonce`,
      });
    }
    return plain;
  };
  const number = open('encrypted_card_number', card.encrypted_card_number);
  const expiryMonth = open('encrypted_expiry_month', card.encrypted_expiry_month);
  const expiryYear = open('encrypted_expiry_year', card.encrypted_expiry_year);
  const cvv = open('encrypted_cvv', card.encrypted_cvv);
  if (failed.length > 0 || number === undefined || expiryMonth === undefined || expiryYear === undefined) {
    return err(appError('CLIENT_ENCRYPTION_ERROR', undefined, failed));
  }
  const input: CardInput = { number, expiryMonth, expiryYear, ...pick('cvv', cvv) };
  return ok({
    card: input,
    fields: {
      number: `${path}.encrypted_card_number`,
      expiryMonth: `${path}.encrypted_expiry_month`,
      expiryYear: `${path}.encrypted_expiry_year`,
      cvv: `${path}.encrypted_cvv`,
    },
    ...pick('cardHolderName', card.card_holder_name),
    ...pick('billingAddress', card.billing_address && toAddress(card.billing_address)),
    ...pick(
      'cof',
      card.cof && {
        enabled: card.cof.enabled,
        ...pick('agreementId', card.cof.agreement_id),
        ...pick('traceId', card.cof.trace_id),
      },
    ),
  });
}

const PIN = /^\d{4,6}$/;

/** The authorisation as the rails take it; the schema has already required the variant's object. */
export function decryptAuthorization(key: string, a: AuthorizationIn, path: string): Result<Authorization> {
  const missing = () =>
    err(
      appError('REQUEST_NOT_VALID', undefined, [
        { field: `${path}.${a.type}`, message: `${path}.${a.type} is required` },
      ]),
    );
  switch (a.type) {
    case 'pin': {
      if (!a.pin) return missing();
      const pin = decryptField(key, a.pin.nonce, a.pin.encrypted_pin);
      if (pin === undefined || !PIN.test(pin)) {
        const field = `${path}.pin.encrypted_pin`;
        return err(
          appError('INVALID_AUTHORIZATION', 'Invalid authorization', [
            {
              field,
              message:
                pin === undefined
                  ? `${field} cannot be decrypted with your encryption key and nonce`
                  : `${field} must decrypt to a PIN of 4 to 6 digits`,
            },
          ]),
        );
      }
      return ok({ type: 'pin', pin });
    }
    case 'otp':
      return a.otp ? ok({ type: 'otp', code: a.otp.code }) : missing();
    case 'avs':
      return a.avs ? ok({ type: 'avs', address: toAddress(a.avs.address) }) : missing();
    case 'external_3ds':
      return a.external_3ds
        ? ok({
            type: 'external_3ds',
            transactionStatus: a.external_3ds.transaction_status,
            eci: a.external_3ds.eci,
            version: a.external_3ds.version,
          })
        : missing();
  }
}
