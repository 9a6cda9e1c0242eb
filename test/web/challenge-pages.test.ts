import { describe, expect, it } from 'vitest';
import type { PaymentMethodType } from '../../src/domain/payment-method.js';
import { STYLESHEET } from '../../src/web/html.js';
import { maskPhone } from '../../src/methods/sandbox-pages.js';
import { pageKindOf } from '../../src/methods/index.js';
import {
  checkOtp,
  MAX_OTP_ATTEMPTS,
  readAttempts,
  signAttempts,
} from '../../src/web/sandbox/otp-attempts.js';
import { SANDBOX_OTP } from '../../src/methods/sandbox-pages.js';
import {
  renderChallenge,
  type BankChallengeView,
  type ChallengeView,
  type MobileMoneyChallengeView,
  type WalletChallengeView,
} from '../../src/web/sandbox/redirect-page.js';
import {
  QUOTES,
  XSS,
  contrast,
  expectOnlyOwnMarkup,
  expectSelfContainedDocument,
  tags,
  text,
  unescape,
} from './markup.js';

const base = {
  merchantName: 'Ada Stores',
  amount: 'GHS 1,500.00',
  reference: 'ref-0001',
  token: 'tok_abc123',
  action: '/sandbox/redirects',
  expiresAt: '2025-01-02T14:05:09.000Z',
};

const mobileMoney = (over: Partial<MobileMoneyChallengeView> = {}): MobileMoneyChallengeView => ({
  ...base,
  kind: 'mobile_money',
  network: 'MTN',
  phone: '+233 ••••••9292',
  otpHint: '123456',
  ...over,
});
const bank = (over: Partial<BankChallengeView> = {}): BankChallengeView => ({
  ...base,
  kind: 'bank',
  scheme: 'pay_with_bank',
  country: 'NG',
  ...over,
});
const wallet = (over: Partial<WalletChallengeView> = {}): WalletChallengeView => ({
  ...base,
  kind: 'wallet',
  brand: 'Apple Pay',
  ...over,
});

const hostileBase = {
  merchantName: `${XSS} ${QUOTES}`,
  amount: `NGN ${QUOTES}`,
  reference: `ref' onmouseover='alert(1)`,
  token: `"><script>steal()</script><input name="token" value="x`,
  action: `/sandbox/redirects?a="'&<b>`,
  expiresAt: `<i>soon</i>`,
};

const hostile: readonly ChallengeView[] = [
  mobileMoney({
    ...hostileBase,
    network: `"><img src=x onerror=alert(1)>`,
    phone: `<b>+233</b>`,
    otpHint: `<i>1</i>`,
    error: `<em>bad</em> "x"`,
    attempts: `"><script>x()</script>`,
  }),
  bank({ ...hostileBase, country: `"><b>GB</b>` }),
  wallet({ ...hostileBase, holder: `<marquee>Ada</marquee>` }),
];

/** The forms of a page: each one's action and the name/value of every field it posts. */
function forms(doc: string): { action: string; fields: Record<string, string>; buttons: string[] }[] {
  return [...doc.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].map((f) => {
    const inner = f[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of inner.match(/<input[^>]*>/g) ?? []) {
      const name = /\sname="([^"]*)"/.exec(input)?.[1];
      if (name !== undefined) fields[unescape(name)] = unescape(/\svalue="([^"]*)"/.exec(input)?.[1] ?? '');
    }
    const buttons = [...inner.matchAll(/<button[^>]*value="([^"]*)"[^>]*>([^<]*)<\/button>/g)].map(
      (b) => `${b[1] ?? ''}:${(b[2] ?? '').trim()}`,
    );
    return { action: unescape(/\saction="([^"]*)"/.exec(f[1] ?? '')?.[1] ?? ''), fields, buttons };
  });
}

describe('the mobile-money page', () => {
  it('asks for the OTP sent to the masked wallet, with the sandbox OTP as a hint', () => {
    const doc = renderChallenge(mobileMoney());
    expectSelfContainedDocument(doc);
    expectOnlyOwnMarkup(doc);
    const body = text(doc);
    expect(body).toContain('Enter the OTP sent to MTN +233 ••••••9292');
    expect(body).toContain('Sandbox OTP: 123456');
    expect(body).toContain('Merchant Ada Stores');
    expect(body).toContain('Amount GHS 1,500.00');
    expect(body).toContain('Reference ref-0001');
    expect(body).toContain(`${MAX_OTP_ATTEMPTS} wrong ones`);
    // The field is labelled, and described by the hint.
    expect(doc).toMatch(/<label for="otp">/);
    const input = tags(doc).find((t) => /\sname="otp"/.test(t)) ?? '';
    expect(input).toMatch(/\sid="otp"/);
    expect(input).toMatch(/\sinputmode="numeric"/);
    expect(input).toMatch(/\sautocomplete="one-time-code"/);
    expect(input).toMatch(/\saria-describedby="otp-hint"/);
    expect(input).not.toMatch(/aria-invalid/);
    expect(doc).not.toContain('role="alert"');
  });

  it('confirms with the OTP in one form and cancels without one in another', () => {
    expect(forms(renderChallenge(mobileMoney()))).toEqual([
      {
        action: '/sandbox/redirects',
        fields: { token: 'tok_abc123', otp: '' },
        buttons: ['approve:Confirm payment'],
      },
      { action: '/sandbox/redirects', fields: { token: 'tok_abc123' }, buttons: ['decline:Cancel payment'] },
    ]);
  });

  it('after a refused OTP: the error is announced, tied to the field, and the count is posted back', () => {
    const doc = renderChallenge(mobileMoney({ error: 'That OTP is not correct.', attempts: '1.abc' }));
    expectOnlyOwnMarkup(doc);
    expect(doc).toMatch(/<p id="otp-error" class="error" role="alert">That OTP is not correct.<\/p>/);
    const input = tags(doc).find((t) => /\sname="otp"/.test(t)) ?? '';
    expect(input).toMatch(/\saria-invalid="true"/);
    expect(input).toMatch(/\saria-describedby="otp-error otp-hint"/);
    const [confirm, cancel] = forms(doc);
    expect(confirm?.fields).toEqual({ token: 'tok_abc123', attempts: '1.abc', otp: '' });
    expect(cancel?.fields).toEqual({ token: 'tok_abc123' });
  });
});

describe('the bank page', () => {
  it.each([
    ['pay_with_bank', 'Log in to your bank', 'Pay with Bank', 'approve:Log in and approve'],
    ['ach', 'Log in to your bank', 'Bank debit (ACH)', 'approve:Log in and approve'],
    ['open_banking', 'Authorise this payment', 'Open banking', 'approve:Authorise payment'],
  ] as const)('%s: "%s", the amount the merchant asks to take', (scheme, heading, method, approve) => {
    const doc = renderChallenge(bank({ scheme }));
    expectSelfContainedDocument(doc);
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain(`<h1>${heading}</h1>`);
    const body = text(doc);
    expect(body).toContain('Ada Stores asks to take GHS 1,500.00 from your bank account.');
    expect(body).toContain(`Method ${method}`);
    expect(body).toContain('Bank Baobab Sandbox Bank (NG)');
    expect(body).toContain("This is Baobab's sandbox bank");
    const [form] = forms(doc);
    // Whatever is typed in the login fields stays in the browser: only the token is posted.
    expect(form?.fields).toEqual({ token: 'tok_abc123' });
    expect(form?.buttons).toEqual([approve, 'decline:Decline']);
  });

  it('shows login fields, saying any credentials work, except for an open-banking consent', () => {
    const login = renderChallenge(bank());
    expect(login).toMatch(/<label for="bank-username">/);
    expect(login).toMatch(/<input id="bank-password" type="password"/);
    expect(text(login)).toContain('any username and password work, or none');
    const consent = renderChallenge(bank({ scheme: 'open_banking', country: 'GB' }));
    expect(consent).not.toMatch(/type="password"/);
    expect(text(consent)).toContain('will make a one-off payment of GHS 1,500.00 to Ada Stores');
  });
});

describe('the wallet page', () => {
  it.each(['Apple Pay', 'Google Pay', 'OPay', 'eNaira'] as const)('%s: a sheet in its name', (brand) => {
    const doc = renderChallenge(wallet({ brand }));
    expectSelfContainedDocument(doc);
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain(`<h1>Pay with ${brand}</h1>`);
    expect(doc).toContain('<p class="amount">GHS 1,500.00</p>');
    expect(text(doc)).toContain(`no ${brand} wallet is charged`);
    expect(forms(doc)).toEqual([
      {
        action: '/sandbox/redirects',
        fields: { token: 'tok_abc123' },
        buttons: ['approve:Pay GHS 1,500.00', 'decline:Cancel'],
      },
    ]);
  });

  it('shows the name on the wallet when there is one', () => {
    expect(text(renderChallenge(wallet({ holder: 'Ada Lovelace' })))).toContain('Name Ada Lovelace');
    expect(text(renderChallenge(wallet()))).not.toContain('Name ');
  });

  it('an unknown brand from an untyped caller reads as "your wallet"', () => {
    // Deliberately ill-typed: a brand no caller in TypeScript could pass.
    const doc = renderChallenge(wallet({ brand: '<b>Evil</b>' as unknown as WalletChallengeView['brand'] }));
    expect(doc).toContain('<h1>Pay with your wallet</h1>');
    expect(doc).not.toContain('Evil');
  });
});

describe('every page kind', () => {
  it.each(hostile.map((v) => [v.kind, v] as const))(
    '%s: escapes every field, in text and in attribute values',
    (_kind, view) => {
      const doc = renderChallenge(view);
      expectSelfContainedDocument(doc);
      expectOnlyOwnMarkup(doc);
      expect(doc).not.toMatch(/<(?:b|i|em|img|marquee|script)[\s>]/);
      expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp;');
      for (const form of forms(doc)) {
        expect(form.action).toBe(hostileBase.action);
        expect(form.fields['token']).toBe(hostileBase.token);
      }
      expect(text(doc)).toContain(hostileBase.merchantName);
    },
  );

  it.each([
    'https://evil.example/steal',
    '//evil.example/steal',
    '/\\evil.example',
    'javascript:alert(1)',
    '',
  ])('refuses to post the token anywhere but a same-origin path: %j', (action) => {
    for (const view of [mobileMoney({ action }), bank({ action }), wallet({ action })]) {
      expect(() => renderChallenge(view)).toThrow(TypeError);
    }
  });

  it('tells when the link expires, in UTC', () => {
    for (const view of [mobileMoney(), bank(), wallet()]) {
      const doc = renderChallenge(view);
      expect(doc).toContain('<time datetime="2025-01-02T14:05:09.000Z">14:05 UTC</time>');
    }
  });

  it('the error style keeps AA contrast', () => {
    const error = /\.error\{[^}]*background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})/.exec(STYLESHEET);
    expect(contrast(error?.[1] ?? '', error?.[2] ?? '')).toBeGreaterThanOrEqual(4.5);
  });
});

// A record, so the compiler insists on every type: a new payment method type must be placed here.
const EVERY_TYPE: Record<PaymentMethodType, true> = {
  card: true,
  mobile_money: true,
  bank_account: true,
  applepay: true,
  googlepay: true,
  opay: true,
  enaira: true,
  ussd: true,
  bank_transfer: true,
  nqr: true,
  voucher: true,
  fawry: true,
  paypal: true,
  account_debit: true,
};

describe('page kinds and masking', () => {
  it('maps every payment method type that redirects to its page, and no other', () => {
    const types = Object.keys(EVERY_TYPE) as PaymentMethodType[];
    const kinds = Object.fromEntries(types.map((t) => [t, pageKindOf(t)]));
    expect(kinds).toEqual({
      card: 'card',
      mobile_money: 'mobile_money',
      bank_account: 'bank',
      applepay: 'wallet',
      googlepay: 'wallet',
      opay: 'wallet',
      enaira: 'wallet',
      ussd: undefined,
      bank_transfer: undefined,
      nqr: undefined,
      voucher: undefined,
      fawry: undefined,
      paypal: 'wallet',
      account_debit: undefined,
    });
  });

  it.each([
    ['0547099292', '••••••9292'],
    ['54709929', '••••9929'],
    ['5470992', '•••••92'],
    ['12', '•2'],
    ['7', '•'],
    ['', ''],
  ])('masks %j as %j', (digits, masked) => {
    expect(maskPhone(digits)).toBe(masked);
  });
});

describe('the OTP and its attempts', () => {
  const key = Buffer.alloc(32, 7);

  it(`accepts ${SANDBOX_OTP}, spaces aside; counts anything else; the ${MAX_OTP_ATTEMPTS}rd wrong one ends it`, () => {
    expect(checkOtp(SANDBOX_OTP, 0)).toEqual({ result: 'right' });
    expect(checkOtp(' 123 456 ', 2)).toEqual({ result: 'right' });
    expect(checkOtp(undefined, 0)).toEqual({ result: 'missing' });
    expect(checkOtp('   ', 1)).toEqual({ result: 'missing' });
    expect(checkOtp('12345', 0)).toEqual({ result: 'wrong', failed: 1, left: 2 });
    expect(checkOtp('1234567', 1)).toEqual({ result: 'wrong', failed: 2, left: 1 });
    expect(checkOtp('abcdef', 2)).toEqual({ result: 'exhausted' });
  });

  it('reads back only counts it signed for the same link', () => {
    expect(readAttempts(key, 'tok', undefined)).toBe(0);
    expect(readAttempts(key, 'tok', '')).toBe(0);
    for (const n of [1, 2]) expect(readAttempts(key, 'tok', signAttempts(key, 'tok', n))).toBe(n);
    expect(readAttempts(key, 'other', signAttempts(key, 'tok', 1))).toBeUndefined();
    expect(readAttempts(Buffer.alloc(32, 8), 'tok', signAttempts(key, 'tok', 1))).toBeUndefined();
    const [, mac] = signAttempts(key, 'tok', 2).split('.');
    expect(readAttempts(key, 'tok', `1.${mac ?? ''}`)).toBeUndefined();
    expect(readAttempts(key, 'tok', signAttempts(key, 'tok', MAX_OTP_ATTEMPTS))).toBeUndefined();
    for (const junk of ['1', '1.', 'x.y', '0.' + 'A'.repeat(43), `01.${mac ?? ''}`, `1.${mac ?? ''}=`]) {
      expect(readAttempts(key, 'tok', junk), junk).toBeUndefined();
    }
  });
});
