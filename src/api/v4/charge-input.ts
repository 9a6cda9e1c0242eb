/** Wire → domain for what POST /charges and the orchestrator share: money, reference, scenario, authorisation. */
import type { FastifyRequest } from 'fastify';
import type { Authorization } from '../../domain/charge.js';
import { pick, type Meta } from '../../domain/customer.js';
import { appError } from '../../domain/errors.js';
import { parseAmount, type Currency } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import { isHttpUrl } from '../http/fields.js';
import { decryptAuthorization } from './encrypted-input.js';
import type { ChargeRequest } from '../../flows/charges/charging.js';
import type { AuthorizationIn } from './payment-schemas.js';
import { contextOf } from '../http/request-context.js';

/** The parts of a charge request that come from the wire as such; the route adds whose and what. */
export type ChargeFields = Omit<ChargeRequest, 'merchantId' | 'customerId' | 'paymentMethod'> & {
  readonly currency: Currency;
};

interface ChargeFieldsIn {
  readonly amount: number | string;
  readonly currency: Currency;
  readonly reference: string;
  readonly redirect_url?: string;
  readonly meta?: Meta;
  readonly recurring?: boolean;
  readonly authorization?: AuthorizationIn;
}

export function chargeFields(
  req: FastifyRequest,
  body: ChargeFieldsIn,
  encryptionKey: string,
): Result<ChargeFields> {
  const amount = parseAmount(body.amount, body.currency, 'amount');
  if (!amount.ok) return amount;
  if (body.redirect_url !== undefined && !isHttpUrl(body.redirect_url)) {
    return err(
      appError('REDIRECT_URL_INVALID', undefined, [
        { field: 'redirect_url', message: 'redirect_url must be an absolute http or https URL' },
      ]),
    );
  }
  const scenario = contextOf(req).scenario();
  if (!scenario.ok) return scenario;
  let authorization: Authorization | undefined;
  if (body.authorization) {
    const decrypted = decryptAuthorization(encryptionKey, body.authorization, 'authorization');
    if (!decrypted.ok) return decrypted;
    authorization = decrypted.value;
  }
  return ok({
    amount: amount.value,
    currency: body.currency,
    reference: body.reference,
    ...pick('redirectUrl', body.redirect_url),
    meta: body.meta ?? {},
    recurring: body.recurring ?? false,
    origin: 'v4',
    scenario: scenario.value,
    ...pick('authorization', authorization),
  });
}
