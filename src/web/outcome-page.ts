/**
 * The page that ends a journey on Baobab's own pages — approved, failed, expired, used or invalid —
 * shared by the sandbox redirect pages and hosted checkout, and the one way they send an HTML page.
 */
import type { FastifyReply } from 'fastify';
import { html, page, type SafeHtml } from './html.js';
import { badge } from './page-parts.js';

/** Sends a page: HTML, never cached, never framed. */
export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .send(body);
}

export type OutcomeStatus = 'succeeded' | 'failed' | 'expired' | 'used' | 'invalid';

export interface OutcomeView {
  title: string;
  message: string;
  status: OutcomeStatus;
  reference?: string;
  returnUrl?: string;
}

const OUTCOME_COPY: Readonly<Record<OutcomeStatus, { title: string; message: string }>> = {
  succeeded: { title: 'Payment approved', message: 'The payment went through. You can close this page.' },
  failed: { title: 'Payment not completed', message: 'The payment failed. No money was taken.' },
  expired: {
    title: 'This link has expired',
    message:
      'The time allowed to confirm this payment has passed. Start the payment again from the merchant.',
  },
  used: {
    title: 'This payment was already completed',
    message: 'This link has already been used, so it cannot be used again.',
  },
  invalid: {
    title: 'This link is not valid',
    message: 'The link is incomplete or unknown. Check that you opened the whole link.',
  },
};

/** A non-empty string, or the fallback: the view may come from anywhere, so nothing here may throw. */
function textOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() !== '' ? value : fallback;
}

/** The URL normalised, when it is an absolute http(s) URL; otherwise nothing (never `javascript:` etc.). */
function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

export function renderOutcome(o: OutcomeView): string {
  const status: OutcomeStatus = Object.hasOwn(OUTCOME_COPY, o.status) ? o.status : 'invalid';
  const copy = OUTCOME_COPY[status];
  const title = textOr(o.title, copy.title);
  const message = textOr(o.message, copy.message);
  const reference = textOr(o.reference, '');
  const returnUrl = httpUrl(o.returnUrl);
  const body: SafeHtml = html`<main>
    ${badge}
    <h1>${title}</h1>
    <div class="outcome" data-status="${status}" role="status">
      <p>${message}</p>
      ${reference && html`<p>Reference: <strong>${reference}</strong></p>`}
    </div>
    ${returnUrl !== undefined && html`<p><a class="button" href="${returnUrl}">Return to the merchant</a></p>`}
  </main>`;
  return page({ title, body });
}
