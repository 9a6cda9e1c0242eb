/**
 * What the v4 tests of the payment methods other than card share: request bodies as the docs show
 * them, the sandbox controls, the charge's events, and reading a QR code image back to its text.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { TestGateway, TestMerchant } from '../../support/gateway.js';

type Answer = Promise<LightMyRequestResponse>;

let seq = 0;
/** A reference no other test run uses (6–42 letters, digits, dashes). */
export const ref = (prefix = 'alt'): string => `${prefix}-${(seq++).toString(36)}-${Date.now().toString(36)}`;

/** The payment-method objects of spec §8.2, one per v4 type. */
export const METHODS = {
  ghana: {
    type: 'mobile_money',
    mobile_money: { country_code: '233', network: 'MTN', phone_number: '241234567' },
  },
  mpesa: {
    type: 'mobile_money',
    mobile_money: { country_code: '254', network: 'MPESA', phone_number: '712345678' },
  },
  ghanaQr: {
    type: 'mobile_money',
    mobile_money: { country_code: '233', network: 'VODAFONE', phone_number: '201234567', use_qr: true },
  },
  ussd: { type: 'ussd', ussd: { account_bank: '058' } },
  opay: { type: 'opay' },
  applepay: { type: 'applepay', applepay: { card_holder_name: 'Ada Lovelace' } },
  googlepay: { type: 'googlepay' },
  bank_account: { type: 'bank_account', bank_account: {} },
} as const;

/** A currency and amount each method takes. */
export const MONEY: Record<keyof typeof METHODS, { amount: number; currency: string }> = {
  ghana: { amount: 200, currency: 'GHS' },
  mpesa: { amount: 1500, currency: 'KES' },
  ghanaQr: { amount: 75.5, currency: 'GHS' },
  ussd: { amount: 2500, currency: 'NGN' },
  opay: { amount: 2500, currency: 'NGN' },
  applepay: { amount: 49.99, currency: 'USD' },
  googlepay: { amount: 49.99, currency: 'USD' },
  bank_account: { amount: 2500, currency: 'NGN' },
};

export function directBody(method: keyof typeof METHODS, extra: Record<string, unknown> = {}) {
  return {
    ...MONEY[method],
    reference: ref(method.replace('_', '-')),
    customer: { email: 'ama@example.com', name: { first: 'Ama', last: 'Mensah' } },
    payment_method: METHODS[method],
    redirect_url: 'https://merchant.example/return',
    ...extra,
  };
}

export interface Driver {
  direct(body: object, scenario?: string): Answer;
  get(id: string, who?: TestMerchant): Answer;
  control(id: string, decision: 'approve' | 'decline', body?: object, who?: TestMerchant): Answer;
  /** Answers the charge's redirect step the way the sandbox page does, by `PUT /redirect-sessions/charges`. */
  redirect(url: string, decision?: 'approve' | 'decline'): Answer;
  /** The types of the charge's events, oldest first. */
  events(chargeId: string): Promise<string[]>;
}

export function driver(gw: TestGateway, m: () => TestMerchant): Driver {
  return {
    direct: (body, scenario) =>
      gw.app.inject({
        method: 'POST',
        url: '/orchestration/direct-charges',
        headers: { ...m().headers, ...(scenario ? { 'x-scenario-key': scenario } : {}) },
        payload: body,
      }),
    get: (id, who = m()) => gw.app.inject({ method: 'GET', url: `/charges/${id}`, headers: who.headers }),
    control: (id, decision, body, who = m()) =>
      gw.app.inject({
        method: 'POST',
        url: `/sandbox/charges/${id}/${decision}`,
        headers: who.headers,
        ...(body ? { payload: body } : {}),
      }),
    redirect: (url, decision = 'approve') =>
      gw.app.inject({
        method: 'PUT',
        url: '/redirect-sessions/charges',
        headers: { 'x-redirect-session-token': new URL(url).searchParams.get('token') ?? '' },
        payload: decision === 'decline' ? { decision } : {},
      }),
    async events(chargeId) {
      const { rows } = await gw.deps.db.query<{ type: string }>(
        'SELECT type FROM events WHERE charge_id = $1 ORDER BY seq',
        [chargeId],
      );
      return rows.map((r) => r.type);
    },
  };
}
