/** Assertions on the sandbox pages' HTML: what a document may contain, what a reader sees. */
import { expect } from 'vitest';

export const XSS = '<script>alert(1)</script>';
export const QUOTES = `"'&`;

export const unescape = (s: string): string =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

/** Every tag of the document, without the doctype. */
export const tags = (doc: string): string[] =>
  (doc.match(/<[^>]*>/g) ?? []).filter((t) => !t.startsWith('<!'));

/** Element content without tags, whitespace collapsed: roughly what a reader hears. */
export const text = (markup: string): string =>
  unescape(markup.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ')).trim();

export const ALLOWED_TAGS = new Set(
  'html head meta title style body main span h1 p strong dl dt dd form label input div button time a'.split(
    ' ',
  ),
);
// A tag whose attribute values are all double-quoted and free of `"`, `<` and `>`.
const WELL_FORMED_TAG = /^<\/?([a-z][a-z0-9]*)(?:\s+[a-z-]+(?:="[^"<>]*")?)*\s*\/?>$/;

/** Asserts the document holds only our own, well-formed tags: no injected element or broken attribute. */
export function expectOnlyOwnMarkup(doc: string): void {
  for (const tag of tags(doc)) {
    const m = WELL_FORMED_TAG.exec(tag);
    expect(m, tag).not.toBeNull();
    expect(ALLOWED_TAGS.has(m?.[1] ?? ''), tag).toBe(true);
  }
}

/** The value of `attr` on the single tag matching `tagPattern`, unescaped. */
export function attr(doc: string, tagPattern: RegExp, name: string): string | undefined {
  const found = tags(doc).filter((t) => tagPattern.test(t));
  expect(found).toHaveLength(1);
  const value = new RegExp(`\\s${name}="([^"]*)"`).exec(found[0] ?? '')?.[1];
  return value === undefined ? undefined : unescape(value);
}

export function expectSelfContainedDocument(doc: string): void {
  expect(doc.startsWith('<!doctype html>')).toBe(true);
  expect(doc).toMatch(/<html lang="en">/);
  expect(doc).toMatch(/<meta charset="utf-8"\s*\/?>/);
  expect(doc).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"\s*\/?>/);
  expect(doc).toMatch(/<meta name="robots" content="noindex"\s*\/?>/);
  expect(doc.match(/<h1[\s>]/g)).toHaveLength(1);
  expect(doc.match(/<main[\s>]/g)).toHaveLength(1);
  expect(doc.match(/<title>[^<]+<\/title>/g)).toHaveLength(1);
  expect(doc).not.toMatch(/<script/i);
  expect(doc).not.toMatch(/<link[\s>]/i);
  // Attributes and CSS only: the hostile fixtures put `src=` and `onerror=` in (escaped) text on purpose.
  const markup = [...tags(doc), /<style>([^<]*)<\/style>/.exec(doc)?.[1] ?? ''].join('\n');
  expect(markup).not.toMatch(/\s(?:src|srcset|poster|data|formaction)=|\son[a-z]+=/i);
  expect(markup).not.toMatch(/url\(|@import|https?:\/\//i);
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, '$&$&') : hex;
    const [r = 0, g = 0, bl = 0] = [1, 3, 5].map((i) => {
      const c = parseInt(full.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
