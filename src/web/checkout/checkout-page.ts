// The hosted checkout page: a pure renderer from a view model to a complete HTML document. Every
// state of the page shares one frame — the merchant (logo, title, description), the amount, the
// payer, the sandbox values panel, Cancel and the footer — around what the customer does now: pick a
// method and fill its form, give a PIN, an OTP or an address, transfer to an account, dial a code,
// scan a QR code, or read that the session expired. No script: forms post to the page itself, the
// methods are an exclusive <details> group, and the transfer countdown is CSS.
import { CHECKOUT_STYLES } from './checkout-style.js';
import { html, page, type HtmlValue, type SafeHtml } from '../html.js';
import { assertSameOriginPath, badge, details } from '../page-parts.js';

export type IconName =
  'card' | 'bank' | 'transfer' | 'phone' | 'ussd' | 'qr' | 'wallet' | 'voucher' | 'store';

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'tel' | 'password';
  readonly inputmode?: 'numeric' | 'tel' | 'text';
  readonly autocomplete?: string;
  readonly pattern?: string;
  readonly maxlength?: number;
  readonly placeholder?: string;
  readonly hint?: string;
  /** A select of `[value, label]`, instead of a text input. */
  readonly options?: readonly (readonly [string, string])[];
  readonly optional?: boolean;
  /** Laid out beside the next half field (expiry and CVV). */
  readonly half?: boolean;
  /** Large, spaced digits (a PIN, an OTP). */
  readonly code?: boolean;
}

export interface MethodChoice {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly icon: IconName;
  readonly fields: readonly FieldSpec[];
  readonly submit: string;
}

/** A refusal to show: on a field (its name), or on the form as a whole. */
export interface FormError {
  readonly field?: string;
  readonly message: string;
}

export interface PanelSection {
  readonly heading: string;
  readonly lines: readonly HtmlValue[];
}

/** What every state of the page shows around its content. */
export interface CheckoutFrame {
  /** The page's own same-origin path: every form posts to it. */
  readonly action: string;
  readonly title: string;
  readonly merchantName: string;
  readonly description?: string;
  /** An absolute http(s) URL whose origin the page's policy allows for images. */
  readonly logo?: string;
  /** In the currency's own format: "₦1,500.00". */
  readonly amount: string;
  readonly email: string;
  readonly reference: string;
  /** The sandbox values that drive outcomes, in the collapsible panel. */
  readonly sandbox: readonly PanelSection[];
  /** False once the session is over (nothing to cancel). */
  readonly cancellable: boolean;
}

export type CheckoutView =
  | {
      readonly kind: 'choose';
      readonly methods: readonly MethodChoice[];
      readonly open?: string;
      readonly errors?: readonly FormError[];
      readonly values?: Readonly<Record<string, string>>;
      /** Why the last attempt failed, and what is left. */
      readonly notice?: readonly string[];
    }
  | { readonly kind: 'pin' | 'otp'; readonly card: string; readonly error?: string }
  | {
      readonly kind: 'address';
      readonly card: string;
      readonly fields: readonly FieldSpec[];
      readonly errors?: readonly FormError[];
      readonly values?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'redirect'; readonly href: string; readonly what: string }
  | {
      readonly kind: 'transfer';
      readonly bank: string;
      readonly accountNumber: string;
      readonly accountName: string;
      /** ISO 8601, and the seconds left then, for the countdown. */
      readonly expiresAt: string;
      readonly secondsLeft: number;
    }
  | { readonly kind: 'instruction'; readonly heading: string; readonly note: string; readonly code?: string }
  | { readonly kind: 'qr'; readonly image: string; readonly note: string }
  | { readonly kind: 'requery' }
  | { readonly kind: 'expired'; readonly returnUrl: string };

// Simple line icons, drawn here so the page loads nothing. Decorative: hidden from assistive technology.
const ICON_PATHS: Readonly<Record<IconName, SafeHtml>> = {
  card: html`<rect x="2.5" y="5" width="19" height="14" rx="2" /><path d="M2.5 10h19M6.5 15h4" />`,
  bank: html`<path d="M3 9.5 12 4l9 5.5M5 10v7M9.5 10v7M14.5 10v7M19 10v7M3 20h18" />`,
  transfer: html`<path d="M4 8h14l-3.5-3.5M20 16H6l3.5 3.5" />`,
  phone: html`<rect x="6.5" y="2.5" width="11" height="19" rx="2" /><path d="M11 18h2" />`,
  ussd: html`<path d="M9 4 7 20M17 4l-2 16M4.5 9h16M3.5 15h16" />`,
  qr: html`<rect x="3.5" y="3.5" width="6" height="6" rx="1" /><rect
      x="14.5"
      y="3.5"
      width="6"
      height="6"
      rx="1"
    /><rect x="3.5" y="14.5" width="6" height="6" rx="1" /><path
      d="M14.5 14.5h2.5v2.5M20.5 14.5v6h-6M17 20.5v-1"
    />`,
  wallet: html`<path
      d="M4 7.5h15a1.5 1.5 0 0 1 1.5 1.5v9a1.5 1.5 0 0 1-1.5 1.5H5A1.5 1.5 0 0 1 3.5 18V6A1.5 1.5 0 0 1 5 4.5h12"
    /><path d="M16 13.5h1.5" />`,
  voucher: html`<path
      d="M3.5 7.5a1 1 0 0 1 1-1h15a1 1 0 0 1 1 1V10a2 2 0 0 0 0 4v2.5a1 1 0 0 1-1 1h-15a1 1 0 0 1-1-1V14a2 2 0 0 0 0-4z"
    /><path d="M14 7v10" stroke-dasharray="2 2" />`,
  store: html`<path d="M4 9.5V20h16V9.5M3 9.5 5 4h14l2 5.5zM9.5 20v-5h5v5" />`,
};

const icon = (name: IconName): SafeHtml =>
  html`<span class="icon" aria-hidden="true"
    ><svg
      viewBox="0 0 24 24"
      width="22"
      height="22"
      fill="none"
      stroke="currentColor"
      stroke-width="1.75"
      stroke-linecap="round"
      stroke-linejoin="round"
      focusable="false"
    >
      ${ICON_PATHS[name]}
    </svg></span
  >`;

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

const fieldId = (scope: string, name: string): string => `${scope}-${name}`;

function field(
  scope: string,
  spec: FieldSpec,
  value: string | undefined,
  error: string | undefined,
): SafeHtml {
  const id = fieldId(scope, spec.name);
  const described = [error !== undefined && `${id}-error`, spec.hint !== undefined && `${id}-hint`]
    .filter((x): x is string => typeof x === 'string')
    .join(' ');
  const common = html`id="${id}" name="${spec.name}" ${!spec.optional && html`required`}
  ${described !== '' && html`aria-describedby="${described}"`}
  ${error !== undefined && html`aria-invalid="true"`}`;
  const control =
    spec.options === undefined
      ? html`<input
          ${common}
          type="${spec.type ?? 'text'}"
          ${spec.code && html`class="otp"`}
          ${spec.inputmode !== undefined && html`inputmode="${spec.inputmode}"`}
          autocomplete="${spec.autocomplete ?? 'off'}"
          ${spec.pattern !== undefined && html`pattern="${spec.pattern}"`}
          ${spec.maxlength !== undefined && html`maxlength="${spec.maxlength}"`}
          ${spec.placeholder !== undefined && html`placeholder="${spec.placeholder}"`}
          ${value !== undefined && html`value="${value}"`}
        />`
      : html`<select ${common}>
          ${spec.options.map(
            ([v, label]) => html`<option value="${v}" ${v === value && html`selected`}>${label}</option>`,
          )}
        </select>`;
  return html`<div class="field">
    <label for="${id}">${spec.label}${spec.optional && ' (optional)'}</label>
    ${control} ${spec.hint !== undefined && html`<p id="${id}-hint" class="hint">${spec.hint}</p>`}
    ${error !== undefined && html`<p id="${id}-error" class="field-error">${error}</p>`}
  </div>`;
}

/** The fields of a form, half-width ones paired in a row. */
function fields(
  scope: string,
  specs: readonly FieldSpec[],
  values: Readonly<Record<string, string>>,
  errors: readonly FormError[],
): SafeHtml[] {
  const errorOf = (name: string) => errors.find((e) => e.field === name)?.message;
  const out: SafeHtml[] = [];
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    if (!spec) continue;
    const next = specs[i + 1];
    if (spec.half && next?.half) {
      out.push(
        html`<div class="pair">
          ${field(scope, spec, values[spec.name], errorOf(spec.name))}
          ${field(scope, next, values[next.name], errorOf(next.name))}
        </div>`,
      );
      i++;
    } else {
      out.push(field(scope, spec, values[spec.name], errorOf(spec.name)));
    }
  }
  return out;
}

const hidden = (name: string, value: string): SafeHtml =>
  html`<input type="hidden" name="${name}" value="${value}" />`;

function form(f: CheckoutFrame, actionName: string, content: HtmlValue): SafeHtml {
  return html`<form method="post" action="${f.action}">${hidden('action', actionName)} ${content}</form>`;
}

const primary = (label: string): SafeHtml =>
  html`<button type="submit" class="button primary block">${label}</button>`;

/** Errors that belong to no field, above the form they came from. */
function formErrors(errors: readonly FormError[]): SafeHtml | false {
  const general = errors.filter((e) => e.field === undefined);
  return (
    general.length > 0 &&
    html`<div class="notice" role="alert">${general.map((e) => html`<p>${e.message}</p>`)}</div>`
  );
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
            ${fields(m.id, m.fields, v.open === m.id ? values : {}, v.open === m.id ? errors : [])}
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
          )}
          ${primary(`Pay ${f.amount}`)}`,
        )}`;
    case 'address':
      return html`<h1>Confirm your billing address</h1>
        <p class="lead">Your bank checks the address on file for ${v.card}.</p>
        ${form(
          f,
          'address',
          html`${formErrors(v.errors ?? [])} ${fields('step', v.fields, v.values ?? {}, v.errors ?? [])}
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

function panel(sections: readonly PanelSection[]): SafeHtml | false {
  return (
    sections.length > 0 &&
    html`<details class="panel">
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
      ${stepContent(frame, v)} ${panel(frame.sandbox)}
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
