/**
 * The checkout page's "Sandbox test values" panel: the values that drive outcomes for the methods the
 * page offers, and — while an attempt waits for the customer elsewhere — the sandbox control that
 * completes it, with the ids filled in. Built from the same tables the rails and docs use.
 */
import { TEST_CARDS, TEST_OTP, TEST_PIN } from '../../methods/card-test-cards.js';
import type { Charge } from '../../domain/charge.js';
import type { CheckoutSession } from '../../domain/checkout.js';
import { toMajor } from '../../domain/money.js';
import { TEST_VOUCHERS } from '../../domain/reference/test-vouchers.js';
import { describeScenario } from '../../domain/scenario.js';
import type { Method } from '../../methods/method.js';
import type { PanelSection } from './checkout-page.js';
import { html } from '../html.js';
import { SANDBOX_OTP } from '../../methods/sandbox-pages.js';

const CARD_SHOWN = [
  '5531886652142950',
  '5061460410120223210',
  '4242424242424242',
  '4556052704172643',
  '5258585922666506',
  '5143010522339965',
];

const grouped = (n: string): string => n.replace(/(\d{4})(?=\d)/g, '$1 ');

const OUTCOME: Readonly<Record<string, string>> = {
  noauth: 'no PIN or OTP',
  auth_pin: 'PIN, then OTP',
  auth_3ds: '3-D Secure page',
  auth_avs_3ds: 'billing address, then 3-D Secure',
};

function cardLines(): PanelSection {
  const lines = TEST_CARDS.filter((c) => CARD_SHOWN.includes(c.number)).map(
    (c) =>
      html`<code>${grouped(c.number)}</code> — ${OUTCOME[c.flow] ?? c.flow}:
        ${c.issuer === 'approved' ? 'approved' : html`declined (<code>${c.issuer}</code>)`}`,
  );
  return {
    heading: 'Cards',
    lines: [
      ...lines,
      html`PIN <code>${TEST_PIN}</code>, OTP <code>${TEST_OTP}</code>; any future expiry date and any CVV.`,
    ],
  };
}

/** The sandbox control that completes a waiting attempt, in the session's API. */
function control(session: CheckoutSession, attempt: Charge) {
  return session.origin === 'v3'
    ? html`<code>POST /v3/sandbox/charges/${attempt.txId}/approve</code> (or <code>/decline</code>) with your
        v3 secret key.`
    : html`<code>POST /sandbox/charges/${attempt.id}/approve</code> (or <code>/decline</code>) with a v4
        token.`;
}

function transferLine(session: CheckoutSession, attempt: Charge | undefined) {
  const amount = toMajor(session.amount, session.currency);
  if (attempt?.nextAction?.type !== 'requires_bank_transfer') {
    return html`Choose bank transfer, then send the money with <code>POST /v3/sandbox/transfers</code> (v3) or
      <code>POST /sandbox/virtual-accounts/{id}/transfers</code> (v4).`;
  }
  return session.origin === 'v3' || attempt.virtualAccountId === undefined
    ? html`<code>POST /v3/sandbox/transfers</code> with
        <code>{"account_number": "${attempt.nextAction.accountNumber}", "amount": ${amount}}</code> and your
        v3 secret key.`
    : html`<code>POST /sandbox/virtual-accounts/${attempt.virtualAccountId}/transfers</code> with
        <code>{"amount": ${amount}}</code> and a v4 token.`;
}

/**
 * The panel for a session offering `methods`; while an attempt waits for the customer, only what
 * completes that attempt's method.
 */
export function sandboxPanel(
  session: CheckoutSession,
  offered: readonly Method[],
  attempt: { readonly charge: Charge; readonly type: Method['type'] } | undefined,
  autoCompleteSeconds: number,
): PanelSection[] {
  const sections: PanelSection[] = [];
  const waiting = attempt?.charge.status === 'pending' ? attempt.charge : undefined;
  const methods = waiting ? offered.filter((m) => m.type === attempt?.type) : offered;
  const offers = (type: Method['type']) => methods.some((m) => m.type === type);
  if (session.scenario.key !== undefined) {
    sections.push({
      heading: 'This session’s scenario',
      lines: [
        html`<code>X-Scenario-Key: ${session.scenario.key}</code> — ${describeScenario(session.scenario)}.`,
        'It applies to every attempt: any valid card number, PIN and OTP are accepted.',
      ],
    });
  } else if (offers('card')) {
    sections.push(cardLines());
  }
  const elsewhere = waiting?.nextAction?.type;
  if (offers('bank_transfer')) {
    sections.push({ heading: 'Bank transfer', lines: [transferLine(session, waiting)] });
  }
  if (waiting && (elsewhere === 'payment_instruction' || elsewhere === 'qr_code')) {
    sections.push({ heading: 'Complete this payment', lines: [control(session, waiting)] });
  }
  if (offers('mobile_money')) {
    sections.push({
      heading: 'Mobile money',
      lines: [html`The wallet’s OTP page takes <code>${SANDBOX_OTP}</code>.`],
    });
  }
  if (offers('voucher')) {
    sections.push({
      heading: '1Voucher',
      lines: Object.entries(TEST_VOUCHERS).map(
        ([pin, balance]) =>
          html`<code>${grouped(pin)}</code> holds ZAR ${toMajor(balance, 'ZAR').toFixed(2)}`,
      ),
    });
  }
  // The test values a method lists itself (src/methods).
  for (const m of methods) if (m.sandboxValues) sections.push(m.sandboxValues);
  if (methods.some((m) => ['mobile_money', 'ussd', 'nqr', 'fawry', 'bank_transfer'].includes(m.type))) {
    sections.push({
      heading: 'Waiting payments',
      lines: [
        `A transfer, phone prompt, USSD code, QR code or Fawry reference nobody completes is completed by the sandbox after ${autoCompleteSeconds} seconds, with the scenario’s outcome.`,
      ],
    });
  }
  return sections;
}
