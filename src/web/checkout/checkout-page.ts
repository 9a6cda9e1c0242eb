// The hosted checkout page: a pure renderer from a view model to a complete HTML document. Every
// state of the page shares one frame — the merchant (logo, title, description), the amount, the
// payer, the sandbox values panel, Cancel and the footer — around what the customer does now: pick a
// method and fill its form, give a PIN, an OTP or an address, transfer to an account, dial a code,
// scan a QR code, or read that the session expired. No script: forms post to the page itself, the
// methods are an exclusive <details> group, and the transfer countdown is CSS.
import { CHECKOUT_STYLES } from './checkout-style.js';
import { html, page, type SafeHtml } from '../html.js';
import { assertSameOriginPath, badge, details } from '../page-parts.js';
import { field, fields, form, formErrors, hidden, primary } from './checkout-fields.js';
import { icon } from './checkout-icons.js';
import type { CheckoutFrame, CheckoutView, PanelSection } from './checkout-model.js';

export type {
  CheckoutFrame,
  CheckoutView,
  FieldSpec,
  FormError,
  IconName,
  MethodChoice,
  PanelSection,
} from './checkout-model.js';

/** "14:05 UTC" for an ISO time. */
function utcClock(iso: string): string {
  const t = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return Number.isNaN(t.getTime()) ? iso : `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())} UTC`;
}

const monogram = (title: string): string =>
  title
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w))
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('') || '•';

function header(f: CheckoutFrame): SafeHtml {
  const mark =
    f.logo === undefined
      ? html`<span class="monogram" aria-hidden="true">${monogram(f.title)}</span>`
      : html`<img class="logo" src="${f.logo}" alt="" width="48" height="48" referrerpolicy="no-referrer" />`;
  return html`<header class="head">
      ${mark}
      <div class="merchant">
        <p class="merchant-name">${f.title}</p>
        ${f.description !== undefined && html`<p class="merchant-description">${f.description}</p>`}
      </div>
      ${badge}
    </header>
    <section class="summary" aria-label="Payment summary">
      <p class="label">Amount to pay</p>
      <p class="amount">${f.amount}</p>
      <p class="payer">${f.email} · Ref ${f.reference}</p>
    </section>`;
}

function choose(f: CheckoutFrame, v: Extract<CheckoutView, { kind: 'choose' }>): SafeHtml {
  const errors = v.errors ?? [];
  const values = v.values ?? {};
  return html`<h1>Choose how to pay</h1>
    ${
      v.notice !== undefined &&
      html`<div class="notice" role="alert">
        <p><strong>${v.notice[0]}</strong></p>
        ${v.notice.slice(1).map((line) => html`<p>${line}</p>`)}
      </div>`
    }
    ${v.methods.map(
      (m) =>
        html`<details class="method" name="method" ${(v.open ?? v.methods[0]?.id) === m.id && html`open`}>
          <summary>
            ${icon(m.icon)}
            <span>
              <span class="method-name">${m.label}</span>
              <span class="method-hint">${m.hint}</span>
            </span>
          </summary>
          ${form(
            f,
            'pay',
            html`${hidden('method', m.id)} ${v.open === m.id && formErrors(errors)}
            ${fields(
              m.id,
              m.fields,
              v.open === m.id ? values : {},
              v.open === m.id ? errors : [],
              (v.open ?? v.methods[0]?.id) === m.id,
            )}
            ${primary(m.submit)}`,
          )}
        </details>`,
    )}`;
}

function transfer(f: CheckoutFrame, v: Extract<CheckoutView, { kind: 'transfer' }>): SafeHtml {
  return html`<h1>Pay by bank transfer</h1>
    <p class="lead">Transfer exactly ${f.amount} to this account from your bank app or internet banking.</p>
    <div class="account">
      ${details([
        ['Bank', v.bank],
        ['Account number', html`<span class="big">${v.accountNumber}</span>`],
        ['Account name', v.accountName],
        ['Amount', f.amount],
      ])}
    </div>
    <div class="timer">
      <span>This account expires at <time datetime="${v.expiresAt}">${utcClock(v.expiresAt)}</time>.</span>
      <span class="clock" style="--from: ${Math.max(0, Math.floor(v.secondsLeft))}" aria-hidden="true"></span>
    </div>
    ${form(f, 'check', primary('I’ve sent the money'))}
    <p class="hint">We confirm the payment as soon as the transfer arrives.</p>`;
}

function stepContent(f: CheckoutFrame, v: CheckoutView): SafeHtml {
  switch (v.kind) {
    case 'choose':
      return choose(f, v);
    case 'pin':
      return html`<h1>Enter your card PIN</h1>
        <p class="lead">To authorise ${f.amount} on ${v.card}.</p>
        ${form(
          f,
          'pin',
          html`${field(
            'step',
            {
              name: 'pin',
              label: 'Card PIN',
              type: 'password',
              inputmode: 'numeric',
              pattern: '[0-9]{4,6}',
              maxlength: 6,
              code: true,
            },
            undefined,
            v.error,
            true,
          )}
          ${primary('Continue')}`,
        )}`;
    case 'otp':
      return html`<h1>Enter the OTP</h1>
        <p class="lead">Your bank sent a one-time password to the phone number linked to ${v.card}.</p>
        ${form(
          f,
          'otp',
          html`${field(
            'step',
            {
              name: 'otp',
              label: 'One-time password',
              inputmode: 'numeric',
              autocomplete: 'one-time-code',
              pattern: '[0-9 ]{4,9}',
              maxlength: 9,
              code: true,
            },
            undefined,
            v.error,
            true,
          )}
          ${primary(`Pay ${f.amount}`)}`,
        )}`;
    case 'address':
      return html`<h1>Confirm your billing address</h1>
        <p class="lead">Your bank checks the address on file for ${v.card}.</p>
        ${form(
          f,
          'address',
          html`${formErrors(v.errors ?? [])} ${fields('step', v.fields, v.values ?? {}, v.errors ?? [], true)}
          ${primary('Continue')}`,
        )}`;
    case 'redirect':
      return html`<h1>Verify your payment</h1>
        <p class="lead">${v.what}</p>
        <p><a class="button primary block" href="${v.href}">Continue to verification</a></p>`;
    case 'transfer':
      return transfer(f, v);
    case 'instruction':
      return html`<h1>${v.heading}</h1>
        ${v.code !== undefined && html`<p class="code">${v.code}</p>`}
        <p class="lead">${v.note}</p>
        ${form(f, 'check', primary('I’ve completed the payment'))}`;
    case 'qr':
      return html`<h1>Scan to pay</h1>
        <img class="qr" src="${v.image}" alt="QR code to pay ${f.amount}" width="240" height="240" />
        <p class="lead">${v.note}</p>
        ${form(f, 'check', primary('I’ve completed the payment'))}`;
    case 'requery':
      return html`<h1>Confirming your payment</h1>
        <p class="lead">Your bank has not answered yet. Check again in a moment.</p>
        ${form(f, 'check', primary('Check payment status'))}`;
    case 'expired':
      return html`<h1>This payment link has expired</h1>
        <p class="lead">The time allowed to pay has passed. No money was taken.</p>
        <p><a class="button primary block" href="${v.returnUrl}">Return to ${f.merchantName}</a></p>`;
  }
}

/** The test values; open on a step, where they are the ones that step needs (checkout-sandbox.ts). */
function panel(sections: readonly PanelSection[], open: boolean): SafeHtml | false {
  return (
    sections.length > 0 &&
    html`<details class="panel" ${open && html`open`}>
      <summary>Sandbox test values</summary>
      <div class="panel-body">
        ${sections.map(
          (s) =>
            html`<h2>${s.heading}</h2>
              <ul>
                ${s.lines.map((line) => html`<li>${line}</li>`)}
              </ul>`,
        )}
      </div>
    </details>`
  );
}

const STEP_TITLES: Readonly<Record<CheckoutView['kind'], string>> = {
  choose: 'Pay',
  pin: 'Card PIN',
  otp: 'One-time password',
  address: 'Billing address',
  redirect: 'Verify your payment',
  transfer: 'Bank transfer',
  instruction: 'Complete your payment',
  qr: 'Scan to pay',
  requery: 'Confirming your payment',
  expired: 'Link expired',
};

/** The origin of the logo, when it is one a page policy can name safely (letters, digits, dots, a port). */
export function logoOrigin(logo: string | undefined): string | undefined {
  if (logo === undefined || !URL.canParse(logo)) return undefined;
  const { origin } = new URL(logo);
  return /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(origin) ? origin : undefined;
}

export function renderCheckout(f: CheckoutFrame, v: CheckoutView): string {
  assertSameOriginPath(f.action);
  const origin = logoOrigin(f.logo);
  const { logo: _unsafe, ...rest } = f;
  const frame: CheckoutFrame = origin === undefined ? rest : f;
  const body = html`<main class="checkout">
    ${header(frame)}
    <div class="content">
      ${
        frame.checkedAt !== undefined &&
        html`<div class="notice" role="status">
          <p><strong>Not received yet.</strong></p>
          <p>
            We checked at <time datetime="${frame.checkedAt}">${utcClock(frame.checkedAt)}</time> and the
            payment has not arrived. It can take a few minutes: check again soon.
          </p>
        </div>`
      }
      ${stepContent(frame, v)} ${panel(frame.sandbox, v.kind !== 'choose' && v.kind !== 'expired')}
      ${
        frame.cancellable &&
        html`<form class="cancel" method="post" action="${frame.action}">
          ${hidden('action', 'cancel')}
          <button type="submit" class="link-button">Cancel payment</button>
        </form>`
      }
    </div>
    <footer class="foot">
      <p>Secured by Baobab</p>
      <p>Sandbox: no real money moves</p>
    </footer>
  </main>`;
  return page({
    title: `${STEP_TITLES[v.kind]} – ${frame.title}`,
    body,
    styles: CHECKOUT_STYLES,
    imgSrc: [...(origin === undefined ? [] : [origin]), ...(v.kind === 'qr' ? ['data:'] : [])],
  });
}
