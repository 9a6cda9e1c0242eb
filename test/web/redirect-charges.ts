/**
 * Charges waiting at a redirect step, for the sandbox-page tests: created through the direct-charge
 * flow (as the v4 orchestrator and the v3 charge endpoints do), so every payment method and both
 * origins can be had whatever the dialects support yet, then read and driven through the public API
 * (`GET /charges/{id}` for the link and the state, the page itself for the answers).
 */
import { expect } from 'vitest';
import type { ChargeOrigin } from '../../src/domain/charge.js';
import type { PlainDetails } from '../../src/flows/charges/payment-methods.js';
import { writeDirectCharge as directCharge } from '../../src/flows/charges/direct-charge.js';
import { parseScenarioKey } from '../../src/domain/scenario.js';
import type { TestGateway, TestMerchant } from '../support/gateway.js';
import { uniqueRef } from '../support/v3.js';

export const RETURN_URL = 'https://merchant.example/back?order=42';

export const METHODS = {
  mobileMoney: {
    type: 'mobile_money',
    mobileMoney: { network: 'MTN', countryCode: '233', phoneNumber: '0547099292' },
  },
  payWithBank: { type: 'bank_account', bankAccount: { scheme: 'pay_with_bank', country: 'NG' } },
  openBanking: { type: 'bank_account', bankAccount: { scheme: 'open_banking', country: 'GB' } },
  ach: { type: 'bank_account', bankAccount: { scheme: 'ach', country: 'US' } },
  applepay: { type: 'applepay', cardHolderName: 'Ada Lovelace' },
  googlepay: { type: 'googlepay' },
  opay: { type: 'opay' },
  enaira: { type: 'enaira' },
} as const satisfies Record<string, PlainDetails>;

export interface RedirectChargeOptions {
  readonly origin?: ChargeOrigin;
  readonly scenario?: string;
  /** Omit the merchant's redirect_url: the page then shows the outcome. */
  readonly noRedirectUrl?: boolean;
  /** Instead of RETURN_URL. */
  readonly redirectUrl?: string;
  readonly amount?: number;
  readonly currency?: string;
}

export interface RedirectCharge {
  readonly id: string;
  readonly reference: string;
  /** The page link, as `GET /charges/{id}` shows it. */
  readonly url: string;
  readonly token: string;
  /** The link as a path on the gateway, for `inject`. */
  readonly path: string;
}

export const getCharge = (gw: TestGateway, m: TestMerchant, id: string) =>
  gw.app.inject({ method: 'GET', url: `/charges/${id}`, headers: m.headers });

/** A charge paid with `details`, waiting for the customer on its sandbox page. */
export async function redirectCharge(
  gw: TestGateway,
  m: TestMerchant,
  details: PlainDetails,
  options: RedirectChargeOptions = {},
): Promise<RedirectCharge> {
  const reference = uniqueRef('page');
  let id = '';
  const executed = await directCharge(
    gw.deps,
    {
      merchantId: m.credentials.merchant_id,
      customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Lovelace' }, meta: {} },
      paymentMethod: { meta: {}, details },
      amount: options.amount ?? 150_000,
      currency: options.currency ?? (details.type === 'mobile_money' ? 'GHS' : 'NGN'),
      reference,
      ...(options.noRedirectUrl ? {} : { redirectUrl: options.redirectUrl ?? RETURN_URL }),
      meta: {},
      recurring: false,
      origin: options.origin ?? 'v4',
      scenario: parseScenarioKey(options.scenario),
      flow: 'auth_redirect',
    },
    {
      idempotency: undefined,
      render: (r) => {
        id = r.charge.id;
        return { status: 201, body: '{}' };
      },
    },
    'test',
  );
  if (!executed.ok) throw new Error(`charge not created: ${JSON.stringify(executed.error)}`);
  const shown = (await getCharge(gw, m, id)).json().data;
  expect(shown.next_action.type).toBe('redirect_url');
  const url: string = shown.next_action.redirect_url.url;
  const parsed = new URL(url);
  return {
    id,
    reference,
    url,
    token: parsed.searchParams.get('token') ?? '',
    path: parsed.pathname + parsed.search,
  };
}

/** Posts a page form as a browser would. */
export const post = (gw: TestGateway, fields: Record<string, string>) =>
  gw.app.inject({
    method: 'POST',
    url: '/sandbox/redirects',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

/** The value of the hidden `attempts` field of a page, if it has one. */
export const attemptsField = (body: string): string | undefined =>
  /<input type="hidden" name="attempts" value="([^"]*)"/.exec(body)?.[1];
