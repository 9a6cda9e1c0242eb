import { describe, expect, it } from 'vitest';
import { STYLESHEET, escapeHtml, html, page } from '../../src/web/html.js';
import { renderChallenge, type CardChallengeView } from '../../src/web/sandbox/redirect-page.js';
import { renderOutcome, type OutcomeStatus, type OutcomeView } from '../../src/web/outcome-page.js';
import {
  QUOTES,
  XSS,
  attr,
  contrast,
  expectOnlyOwnMarkup,
  expectSelfContainedDocument,
  text,
} from './markup.js';

const view = (over: Partial<CardChallengeView> = {}): CardChallengeView => ({
  merchantName: 'Ada Stores',
  amount: 'NGN 1,234.56',
  card: '4111 11•• •••• 1111',
  network: 'VISA',
  reference: 'ref-0001',
  token: 'tok_abc123',
  action: '/sandbox/redirects',
  kind: 'card',
  expiresAt: '2025-01-02T14:05:09.000Z',
  ...over,
});

const hostile = view({
  merchantName: `${XSS} ${QUOTES}`,
  amount: `NGN ${QUOTES}`,
  card: `<b>4111</b>`,
  network: `"><img src=x onerror=alert(1)>`,
  reference: `ref' onmouseover='alert(1)`,
  token: `"><script>steal()</script><input name="token" value="x`,
  action: `/sandbox/redirects?a="'&<b>`,
});

describe('html', () => {
  it('escapes every interpolated string, including quotes for attribute values', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p title="${QUOTES}">${XSS}</p>`.toString()).toBe(
      '<p title="&quot;&#39;&amp;">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('passes nested html through once, joins arrays, renders nothing for false and nullish', () => {
    const items = ['a&b', '<c>'].map((s) => html`<li>${s}</li>`);
    // prettier-ignore
    const out = html`<ul>${items}</ul>${false}${null}${undefined}${42}${html`<br>`}`.toString();
    expect(out).toBe('<ul><li>a&amp;b</li><li>&lt;c&gt;</li></ul>42<br>');
  });

  it('builds a complete document with an escaped title and the inline stylesheet only', () => {
    const doc = page({ title: XSS, body: html`<main><h1>Hi</h1></main>` });
    expectSelfContainedDocument(doc);
    expect(doc).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(/<style>([^<]*)<\/style>/.exec(doc)?.[1]?.trim()).toBe(STYLESHEET.trim());
    expect(page({ title: 't', body: html``, lang: 'fr"x' })).toContain('<html lang="fr&quot;x">');
  });

  it('styles for reading on a phone: 16px base, a 28rem card, visible focus, AA contrast on approve', () => {
    expect(STYLESHEET).toMatch(/body\{[^}]*font-size:1rem/);
    expect(STYLESHEET).toMatch(/main\{[^}]*max-width:28rem/);
    expect(STYLESHEET).toMatch(/:focus-visible\{outline:3px solid/);
    const primary = /\.button\.primary\{[^}]*background:(#[0-9a-f]{3,6});color:(#[0-9a-f]{3,6})/.exec(
      STYLESHEET,
    );
    expect(contrast(primary?.[1] ?? '', primary?.[2] ?? '')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('renderChallenge', () => {
  it('is a self-contained, accessible document', () => {
    const doc = renderChallenge(view());
    expectSelfContainedDocument(doc);
    expectOnlyOwnMarkup(doc);
    expect(doc).not.toMatch(/https?:\/\//);
    expect(doc).toContain('SANDBOX');
  });

  it('shows who asks, how much, which card and which reference, in plain text', () => {
    const body = text(renderChallenge(view()));
    expect(body).toContain('Verify your payment');
    expect(body).toContain('3-D Secure');
    expect(body).toContain('Merchant Ada Stores');
    expect(body).toContain('Amount NGN 1,234.56');
    expect(body).toContain('Card 4111 11•• •••• 1111 (VISA)');
    expect(body).toContain('Reference ref-0001');
    expect(body).toContain("This is Baobab's sandbox: no bank is contacted.");
  });

  it('posts one form to the action with the token and Approve before Decline', () => {
    const doc = renderChallenge(view());
    expect(doc.match(/<form[\s>]/g)).toHaveLength(1);
    expect(attr(doc, /^<form/, 'method')).toBe('post');
    expect(attr(doc, /^<form/, 'action')).toBe('/sandbox/redirects');
    expect(attr(doc, /^<input/, 'type')).toBe('hidden');
    expect(attr(doc, /^<input/, 'name')).toBe('token');
    expect(attr(doc, /^<input/, 'value')).toBe('tok_abc123');

    const form = /<form[^>]*>([\s\S]*)<\/form>/.exec(doc)?.[1] ?? '';
    const buttons = [...form.matchAll(/<button ([^>]*)>([^<]*)<\/button>/g)].map((m) => ({
      attrs: m[1] ?? '',
      label: m[2] ?? '',
    }));
    expect(buttons.map((b) => b.label)).toEqual(['Approve', 'Decline']);
    for (const [i, value] of ['approve', 'decline'].entries()) {
      expect(buttons[i]?.attrs).toMatch(/\btype="submit"/);
      expect(buttons[i]?.attrs).toMatch(/\bname="decision"/);
      expect(buttons[i]?.attrs).toMatch(new RegExp(`\\bvalue="${value}"`));
    }
  });

  it('tells when the link expires, in UTC, with a machine-readable time', () => {
    const doc = renderChallenge(view());
    expect(doc).toContain('<time datetime="2025-01-02T14:05:09.000Z">14:05 UTC</time>');
    expect(text(doc)).toContain('This link expires at 14:05 UTC');
    expect(text(renderChallenge(view({ expiresAt: 'soon<b>' })))).toContain('This link expires at soon<b>');
  });

  it('escapes every field, in text and in attribute values, so none becomes markup', () => {
    const doc = renderChallenge(hostile);
    expectSelfContainedDocument(doc);
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;&#39;&amp;');
    expect(doc).not.toContain('<b>');
    expect(doc.match(/<input[\s>]/g)).toHaveLength(1);
    expect(attr(doc, /^<input/, 'value')).toBe(hostile.token);
    expect(attr(doc, /^<form/, 'action')).toBe(hostile.action);
    expect(text(doc)).toContain(`Merchant ${hostile.merchantName}`);
    expect(text(doc)).toContain(`Reference ${hostile.reference}`);
  });

  it.each([
    'https://evil.example/steal',
    '//evil.example/steal',
    '/\\evil.example',
    'javascript:alert(1)',
    '',
  ])('refuses to post the token anywhere but a same-origin path: %j', (action) => {
    expect(() => renderChallenge(view({ action }))).toThrow(TypeError);
  });
});

describe('renderOutcome', () => {
  const headings: Record<OutcomeStatus, string> = {
    succeeded: 'Payment approved',
    failed: 'Payment not completed',
    expired: 'This link has expired',
    used: 'This payment was already completed',
    invalid: 'This link is not valid',
  };
  const statuses = Object.keys(headings) as OutcomeStatus[];

  it.each(statuses)('%s: a self-contained page with its own heading and a status message', (status) => {
    const doc = renderOutcome({ title: '', message: '', status });
    expectSelfContainedDocument(doc);
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain(`<h1>${headings[status]}</h1>`);
    expect(doc).toMatch(
      new RegExp(`<div class="outcome" data-status="${status}" role="status">\\s*<p>[^<]+</p>`),
    );
    expect(doc).not.toMatch(/https?:\/\/|<a[\s>]/);
  });

  it('uses the given title, message and reference, escaped', () => {
    const doc = renderOutcome({ title: XSS, message: QUOTES, status: 'failed', reference: `r<1>` });
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(doc).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(text(doc)).toContain(`${QUOTES} Reference: r<1>`);
  });

  it('links back to the merchant only for an http(s) URL, escaped in the href', () => {
    const doc = renderOutcome({
      title: 'Done',
      message: 'ok',
      status: 'succeeded',
      returnUrl: 'https://shop.example/return?a=1&b="2"',
    });
    expectOnlyOwnMarkup(doc);
    expect(doc.match(/<a[\s>]/g)).toHaveLength(1);
    expect(attr(doc, /^<a\s/, 'href')).toBe('https://shop.example/return?a=1&b=%222%22');
    expect(text(doc)).toContain('Return to the merchant');
    expect(
      renderOutcome({ title: 'x', message: 'y', status: 'failed', returnUrl: 'http://a.test/' }),
    ).toContain('href="http://a.test/"');
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '/relative/path',
    'not a url',
    '',
  ])('makes no link of %j', (returnUrl) => {
    const doc = renderOutcome({ title: 'Done', message: 'ok', status: 'succeeded', returnUrl });
    expectOnlyOwnMarkup(doc);
    expect(doc).not.toMatch(/<a[\s>]|href=/);
    expect(doc).not.toMatch(/javascript:|<script/i);
  });

  it('does not crash on odd input from untyped callers', () => {
    // Deliberately ill-typed: what a JavaScript caller could pass.
    const odd = { title: undefined, message: 7, status: 'weird', reference: null } as unknown as OutcomeView;
    const doc = renderOutcome(odd);
    expectOnlyOwnMarkup(doc);
    expect(doc).toContain('<h1>This link is not valid</h1>');
    expect(doc).toContain('data-status="invalid"');
    expect(doc).not.toContain('Reference');
  });
});
