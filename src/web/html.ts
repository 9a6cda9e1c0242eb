// A tiny safe-HTML helper for the server-rendered sandbox pages: every interpolated value is escaped
// unless it is itself the output of `html`, so markup can only come from template literals in our code.

/** Markup produced by `html`. Its private field makes it nominal: nothing else type-checks as SafeHtml. */
class SafeHtml {
  readonly #markup: string;

  constructor(markup: string) {
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

// Type-only export: callers can hold SafeHtml values but cannot construct one from a raw string.
export type { SafeHtml };

/** What may be interpolated: escaped text, trusted markup, lists of either; `false`/nullish render nothing. */
export type HtmlValue = SafeHtml | string | number | false | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'string' || typeof value === 'number') return escapeHtml(String(value));
  return value.map(render).join('');
}

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/**
 * The one stylesheet of the sandbox pages, inlined so a page makes no request beyond its own origin.
 * Contrast (WCAG AA, measured): body text #1f2937 on white 14.7:1, muted #4b5563 7.6:1, white on the
 * approve green #166534 7.1:1, links #1d4ed8 6.7:1, badge #78350f on #fef3c7 8.2:1, error text #991b1b
 * on #fef2f2 7.4:1; field borders #4b5563 on white 7.6:1 (non-text needs 3:1).
 */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;background:#f3f4f6;color:#1f2937;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1rem;line-height:1.5}
main{width:100%;max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #d1d5db;border-radius:.75rem}
@media (max-width:30rem){main{margin:0;border-width:0 0 1px;border-radius:0;padding:1.25rem 1rem}}
h1{font-size:1.5rem;line-height:1.25;margin:.75rem 0 1rem}
p{margin:0 0 1rem}
.badge{display:inline-block;padding:.125rem .5rem;border:1px solid #78350f;border-radius:999px;background:#fef3c7;color:#78350f;font-size:.8125rem;font-weight:700;letter-spacing:.08em}
.details{display:grid;grid-template-columns:auto 1fr;gap:.375rem 1rem;margin:0 0 1rem}
.details dt{color:#4b5563}
.details dd{margin:0;font-weight:600;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
.note,.expiry{color:#4b5563}
.outcome{padding:.75rem 1rem;border-left:4px solid #4b5563;background:#f9fafb}
.outcome[data-status="succeeded"]{border-left-color:#166534}
.outcome[data-status="failed"]{border-left-color:#991b1b}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin:1.5rem 0 1rem}
.button{display:inline-block;flex:1 1 9rem;min-height:3rem;padding:.75rem 1rem;border:2px solid #4b5563;border-radius:.5rem;background:#fff;color:#1f2937;font:inherit;font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
.button:hover{background:#f3f4f6}
.button.primary{border-color:#166534;background:#166534;color:#fff}
.button.primary:hover{border-color:#14532d;background:#14532d}
.amount{margin:0 0 1rem;font-size:1.75rem;font-weight:700;font-variant-numeric:tabular-nums}
.field{margin:0 0 1rem}
.field label{display:block;margin:0 0 .375rem;font-weight:600}
.field input{display:block;width:100%;min-height:3rem;padding:.5rem .75rem;border:2px solid #4b5563;border-radius:.5rem;background:#fff;color:#1f2937;font:inherit}
.field input.otp{font-size:1.5rem;letter-spacing:.25em;font-variant-numeric:tabular-nums}
.field input[aria-invalid="true"]{border-color:#991b1b}
.hint{margin:.375rem 0 0;color:#4b5563}
.error{padding:.5rem .75rem;border-left:4px solid #991b1b;background:#fef2f2;color:#991b1b;font-weight:600}
a{color:#1d4ed8}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
`;

// No network request but to the page's own origin, no script at all, no <base> hijacking. (Not
// `form-action`: browsers apply it to the redirect that follows the post, which leaves for the merchant.)
const csp = (imgSrc: readonly string[]): string =>
  `default-src 'none'; style-src 'unsafe-inline'; img-src ${["'self'", ...imgSrc].join(' ')}; base-uri 'none'`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  lang?: string;
  /** A page kind's own rules after the shared stylesheet: constant CSS from our code, never input. */
  styles?: string;
  /** Image sources allowed besides the page's origin (a merchant's logo origin, `data:` for a QR code). */
  imgSrc?: readonly string[];
}

/** A complete HTML document around `body`, with the shared inline stylesheet. */
export function page({ title, body, lang = 'en', styles = '', imgSrc = [] }: PageOptions): string {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="referrer" content="no-referrer" />
        <meta http-equiv="Content-Security-Policy" content="${csp(imgSrc)}" />
        <title>${title}</title>
        <style>
          ${new SafeHtml(STYLESHEET + styles)}
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html> `.toString();
}
