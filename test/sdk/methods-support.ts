/**
 * Shared setup of the flutterwave-node-v3-methods-*.test.ts files: every payment method but card through the
 * official Node SDK, `flutterwave-node-v3@1.4.1`, unchanged, against an in-process Baobab on a loopback port
 * (v3 spec §5, §10; the gateway setup is in ./support.ts). Each SDK method is called with the payload of the
 * SDK's own documentation (documentation/collections.md), its reply checked as the server sends it, and the
 * charge taken to a final state the way a merchant's tester does (docs/sandbox.md): the sandbox page behind the
 * redirect link (the mobile-money OTP is 123456), the sandbox controls `POST /v3/sandbox/charges/{id}/approve`
 * and `/decline`, or a transfer into the charge's account (`POST /v3/sandbox/transfers`); then
 * `flw.Transaction.verify` says how it ended. Every method is driven to success and to failure.
 *
 * The SDK cannot send custom headers, so `X-Scenario-Key` is out of its reach: failures come
 * from the customer (a page's cancel button, the decline control) or from a short transfer.
 *
 * Importing this module starts one SDK gateway for the importing test file (its beforeAll/afterAll).
 */
import { expect } from 'vitest';
import { useSdkGateway, type MethodChargeRequest, type V3Reply, type V3Transaction } from './support.js';

export const sdk = useSdkGateway('SDK Methods Shop');

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

export let n = 0;
/** A fresh tx_ref after the docs' sample one (the docs reuse theirs across methods). */
export const ref = (sample: string) => `${sample}-${(n++).toString(36)}-${Date.now().toString(36)}`;

/** A sandbox page link: the public URL, the page kind, a signed token. */
export const PAGE_LINK = /^http:\/\/baobab\.test\/sandbox\/redirects\?\w+&token=[\w-]+\.[\w-]+\.[\w-]+$/;

export type Decision = 'approve' | 'decline';
export type Charge = (payload: MethodChargeRequest) => Promise<V3Reply<V3Transaction>>;

/** A v3 call of the tester's own, outside the SDK (the sandbox extensions), with the v3 secret key. */
export async function tester(path: string, body?: object): Promise<V3Reply<V3Transaction>> {
  const res = await fetch(new URL(path, sdk.baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${sdk.m.credentials.v3.secret_key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const reply = (await res.json()) as V3Reply<V3Transaction>;
  expect(res.status, JSON.stringify(reply)).toBe(200);
  return reply;
}

/** The customer answers a charge waiting for them away from the merchant (docs/sandbox.md). */
export const control = (key: number | string, decision: Decision, body?: { issuer: string }) =>
  tester(`v3/sandbox/charges/${key}/${decision}`, body);

/** The customer's bank transfer arrives at `account_number`. */
export const transfer = (account_number: string, amount: number) =>
  tester('v3/sandbox/transfers', { account_number, amount });

/** A charge found by its tx_ref, for replies that carry no `data`: it must be pending. */
export async function pendingByRef(txRef: string): Promise<V3Transaction> {
  const found = await sdk.flw.Transaction.verify_by_tx({ tx_ref: txRef });
  expect(found).toMatchObject({ status: 'success', data: { tx_ref: txRef, status: 'pending' } });
  return found.data as V3Transaction;
}

/**
 * Where the page sent the browser once answered: back to the merchant's `redirect_url` with the
 * charge as legacy JSON in `response` (v3 spec §2.2), or, without a `redirect_url`, the page's own
 * outcome.
 */
export async function expectOutcome(
  res: Response,
  payload: MethodChargeRequest,
  status: 'successful' | 'failed',
): Promise<void> {
  const redirectUrl = payload['redirect_url'];
  if (typeof redirectUrl !== 'string') {
    expect(res.status).toBe(200);
    const shown = status === 'successful' ? 'succeeded' : 'failed';
    expect(await res.text()).toContain(`<div class="outcome" data-status="${shown}" role="status">`);
    return;
  }
  expect(res.status).toBe(303);
  const back = new URL(res.headers.get('location') ?? '');
  const expected = new URL(redirectUrl);
  expect(`${back.origin}${back.pathname}`).toBe(`${expected.origin}${expected.pathname}`);
  expect(JSON.parse(back.searchParams.get('response') ?? '{}')).toMatchObject({
    txRef: payload.tx_ref,
    status,
    chargeResponseCode: status === 'successful' ? '00' : '05',
  });
}

/** `flw.Transaction.verify` of a charge that ended: the documented fields, as the charge was made. */
export async function expectVerified(
  id: number,
  payload: MethodChargeRequest,
  expected: { status: 'successful' | 'failed'; processorResponse: string; paymentType: string },
): Promise<void> {
  const amount = Number(payload.amount);
  expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
    status: 'success',
    message: 'Transaction fetched successfully',
    data: {
      id,
      tx_ref: payload.tx_ref,
      flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
      status: expected.status,
      processor_response: expected.processorResponse,
      amount,
      charged_amount: amount,
      currency: payload.currency,
      payment_type: expected.paymentType,
      customer: { id: expect.any(Number), email: payload.email },
    },
  });
}
