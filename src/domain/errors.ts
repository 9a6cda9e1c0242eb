/**
 * The closed catalogue of error types Baobab can answer with.
 *
 * Glossary: an *error type* is the stable machine name (`REQUEST_NOT_VALID`), its *code* the string
 * Flutterwave puts in `error.code` (`"10400"`), `http` the status the v4 dialect answers with, and
 * `retryable` whether sending the same request again can succeed. Expected failures travel as
 * values (`AppError`); only a dialect turns them into a response, in its own envelope.
 * Every type here is documented in docs/errors.md (a test keeps the two in step).
 */
export const ERROR_CATALOGUE = {
  REQUEST_NOT_VALID: { code: '10400', http: 400, retryable: false, message: 'Request is not valid' },
  UNAUTHORIZED: { code: '10401', http: 401, retryable: false, message: 'Unauthorized' },
  FORBIDDEN: { code: '10403', http: 403, retryable: false, message: 'Forbidden' },
  RESOURCE_NOT_FOUND: { code: '10404', http: 404, retryable: false, message: 'Resource not found' },
  METHOD_NOT_ALLOWED: { code: '10405', http: 405, retryable: false, message: 'Method not allowed' },
  RESOURCE_CONFLICT: { code: '10409', http: 409, retryable: false, message: 'Resource conflict' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    code: '10409',
    http: 409,
    retryable: true,
    message: 'A request with this X-Idempotency-Key is still being processed; retry shortly',
  },
  PAYLOAD_TOO_LARGE: { code: '10413', http: 413, retryable: false, message: 'Request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: {
    code: '10415',
    http: 415,
    retryable: false,
    message: 'Unsupported Content-Type',
  },
  UNPROCESSABLE: { code: '10422', http: 422, retryable: false, message: 'Unprocessable entity' },
  TOO_MANY_REQUESTS: {
    code: '10429',
    http: 429,
    retryable: true,
    message: 'Too many requests; retry after the number of seconds in Retry-After',
  },
  INTERNAL_SERVER_ERROR: { code: '10500', http: 500, retryable: true, message: 'Internal server error' },
  BAD_GATEWAY: { code: '10502', http: 502, retryable: true, message: 'Bad gateway' },
  SERVICE_UNAVAILABLE: { code: '10503', http: 503, retryable: true, message: 'Service unavailable' },
  INVALID_PAGINATION_TYPE: {
    code: '701500',
    http: 400,
    retryable: false,
    message: 'Invalid pagination parameters',
  },
  // Card codes from the v4 error table; the last three digits are the HTTP status (spec §4, §7).
  INVALID_CARD_NUMBER: { code: '1118400', http: 400, retryable: false, message: 'Invalid card number' },
  CARD_EXPIRED: { code: '1134422', http: 422, retryable: false, message: 'Card has expired' },
  CARD_EXPIRY_YEAR_OUT_OF_RANGE: {
    code: '1135422',
    http: 422,
    retryable: false,
    message: 'Card expiry year is out of range',
  },
  CARD_EXPIRY_MONTH_OUT_OF_RANGE: {
    code: '1136422',
    http: 422,
    retryable: false,
    message: 'Card expiry month is out of range',
  },
  // The encryption guide shows HTTP 422 / code 11100 for this; we follow the error table (spec §4 [P]).
  CLIENT_ENCRYPTION_ERROR: {
    code: '1137400',
    http: 400,
    retryable: false,
    message: 'Unable to decrypt encrypted fields provided',
  },
  // Charge codes from the v4 error table (spec §4, §9).
  CHARGE_ALREADY_EXISTS: { code: '1100409', http: 409, retryable: false, message: 'Charge already exists' },
  CUSTOMER_NOT_FOUND_FOR_CHARGE: {
    code: '1101422',
    http: 422,
    retryable: false,
    message: 'Customer not found for charge',
  },
  PAYMENT_METHOD_NOT_FOUND_FOR_CHARGE: {
    code: '1102422',
    http: 422,
    retryable: false,
    message: 'Payment method not found for charge',
  },
  CHARGE_NOT_FOUND: { code: '1110404', http: 404, retryable: false, message: 'Charge not found' },
  // Orders share the charge codes (spec §4: "order analogues of the charge codes").
  ORDER_ALREADY_EXISTS: { code: '1100409', http: 409, retryable: false, message: 'Order already exists' },
  ORDER_NOT_FOUND: { code: '1110404', http: 404, retryable: false, message: 'Order not found' },
  CHARGE_FINALIZED: { code: '1111400', http: 400, retryable: false, message: 'Charge is already finalized' },
  CHARGE_UPDATE_NOT_ALLOWED: {
    code: '1112400',
    http: 400,
    retryable: false,
    message: 'Charge update not allowed',
  },
  INVALID_AUTHORIZATION: { code: '1121400', http: 400, retryable: false, message: 'Invalid authorization' },
  REDIRECT_URL_INVALID: { code: '1141400', http: 400, retryable: false, message: 'Redirect URL is invalid' },
  // Pre-authorisation and refund codes from the v4 error table (spec §4, §8.6, §8.8).
  CAPTURE_AMOUNT_INVALID: {
    code: '1143400',
    http: 400,
    retryable: false,
    message: 'Capture amount is more than the amount held',
  },
  CAPTURE_VOID_NOT_ALLOWED: {
    code: '1145400',
    http: 400,
    retryable: false,
    message: 'Only a charge holding pre-authorised funds can be captured or voided',
  },
  REFUND_NOT_FOUND: { code: '1401404', http: 404, retryable: false, message: 'Refund not found' },
  SETTLEMENT_NOT_FOUND: { code: '1500404', http: 404, retryable: false, message: 'Settlement not found' },
  // Chargebacks (docs/sandbox.md "Chargebacks").
  CHARGEBACK_NOT_FOUND: { code: '1700404', http: 404, retryable: false, message: 'Chargeback not found' },
  CHARGEBACK_CREATION_FAILED: {
    code: '1703400',
    http: 400,
    retryable: false,
    message: 'Only successful charges can be disputed',
  },
  CHARGEBACK_AMOUNT_INVALID: {
    code: '1704400',
    http: 400,
    retryable: false,
    message: 'Chargeback amount is more than can be disputed',
  },
  CHARGEBACK_NOT_UPDATABLE: {
    code: '1705400',
    http: 400,
    retryable: false,
    message: 'The chargeback cannot be changed in its current status',
  },
  // Payouts (docs/payouts.md).
  INSUFFICIENT_BALANCE: {
    code: '1501400',
    http: 400,
    retryable: false,
    message: 'Insufficient funds in customer wallet',
  },
  TRANSFER_ALREADY_EXISTS: {
    code: '1502409',
    http: 409,
    retryable: false,
    message: 'A transfer with this reference already exists',
  },
  TRANSFER_NOT_FOUND: { code: '1503404', http: 404, retryable: false, message: 'Transfer not found' },
  TRANSFER_NOT_UPDATABLE: {
    code: '1504409',
    http: 409,
    retryable: false,
    message: 'The transfer cannot be changed in its current status',
  },
  RECIPIENT_NOT_FOUND: { code: '1505404', http: 404, retryable: false, message: 'Recipient not found' },
  REFUND_AMOUNT_INVALID: {
    code: '1402400',
    http: 400,
    retryable: false,
    message: 'Refund amount is invalid',
  },
  REFUND_CREATION_FAILED: {
    code: '1403400',
    http: 400,
    retryable: false,
    message: 'Only successful transactions can be refunded',
  },
  REFUND_ALREADY_COMPLETED: {
    code: '1404400',
    http: 400,
    retryable: false,
    message: 'This transaction has already been fully refunded',
  },
  // Webhook endpoint codes from the v4 error table (spec §4, §8.11).
  WEBHOOK_URL_INVALID: {
    code: '1600400',
    http: 400,
    retryable: false,
    message: 'Webhook URL is invalid',
  },
  WEBHOOK_ENDPOINT_NOT_FOUND: {
    code: '1601404',
    http: 404,
    retryable: false,
    message: 'Webhook endpoint not found',
  },
  // What a payment method takes (src/methods): the message always says what is allowed.
  CURRENCY_NOT_SUPPORTED: {
    code: '1125400',
    http: 400,
    retryable: false,
    message: 'Currency not supported for this payment method',
  },
  MOBILE_MONEY_COUNTRY_CODE_NOT_SUPPORTED: {
    code: '1126400',
    http: 400,
    retryable: false,
    message: 'Mobile money country code not supported',
  },
  MOBILE_MONEY_NETWORK_NOT_SUPPORTED: {
    code: '1127400',
    http: 400,
    retryable: false,
    message: 'Mobile money network not supported',
  },
  AMOUNT_BELOW_MINIMUM: {
    code: '1130400',
    http: 400,
    retryable: false,
    message: 'Amount is below the minimum',
  },
  USSD_BANK_CODE_INVALID: {
    code: '1142400',
    http: 400,
    retryable: false,
    message: 'Bank code not supported for USSD',
  },
  INVALID_CHARGE: {
    code: '1150400',
    http: 400,
    retryable: false,
    message: 'Bank transfers are collected with the /virtual-accounts resource',
  },
  // Hosted checkout (v4 spec §4, §8.12).
  CHECKOUT_SESSION_NOT_FOUND: {
    code: '1800404',
    http: 404,
    retryable: false,
    message: 'Checkout session not found',
  },
  CHECKOUT_SESSION_ALREADY_EXISTS: {
    code: '1801409',
    http: 409,
    retryable: false,
    message: 'A checkout session with this reference already exists',
  },
  VIRTUAL_ACCOUNT_NOT_FOUND: {
    code: '1900404',
    http: 404,
    retryable: false,
    message: 'Virtual account not found',
  },
  VIRTUAL_ACCOUNT_REFERENCE_ALREADY_EXISTS: {
    code: '1900409',
    http: 409,
    retryable: false,
    message: 'A virtual account with this reference already exists',
  },
  VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE: {
    code: '19400',
    http: 400,
    retryable: false,
    message: 'Virtual account is already inactive',
  },
} as const satisfies Record<string, ErrorSpec>;

export interface ErrorSpec {
  readonly code: string;
  readonly http: number;
  readonly retryable: boolean;
  readonly message: string;
}

export type ErrorType = keyof typeof ERROR_CATALOGUE;

/** One failing input field, named by its dotted path from the request root (`customer.email`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface AppError {
  readonly type: ErrorType;
  readonly message: string;
  readonly fields: readonly FieldError[];
}

export function appError(type: ErrorType, message?: string, fields: readonly FieldError[] = []): AppError {
  return { type, message: message ?? ERROR_CATALOGUE[type].message, fields };
}

export function invalid(fields: readonly FieldError[], message?: string): AppError {
  return appError('REQUEST_NOT_VALID', message, fields);
}

export function notFound(what: string): AppError {
  return appError('RESOURCE_NOT_FOUND', `${what} not found`);
}

export function errorSpec(type: ErrorType): ErrorSpec {
  return ERROR_CATALOGUE[type];
}

/**
 * Thrown, not returned: the store could not be reached, or did not answer within its timeouts (a
 * dropped connection, a refused connect, a partition, a statement timeout). Nothing about the request
 * is wrong, and sending it again later can succeed, so the edge answers 503 `SERVICE_UNAVAILABLE`
 * with `Retry-After` in the caller's dialect. Adapters wrap their driver's faults in it.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  /** Seconds a client should wait before trying again. */
  readonly retryAfterSeconds: number;
  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
  }
}
