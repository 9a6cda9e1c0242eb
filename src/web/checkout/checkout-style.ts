/**
 * The checkout page's own rules, after the shared sandbox stylesheet (html.ts). Contrast (WCAG AA,
 * measured): muted text #4b5563 on the summary's #f0fdf4 7.1:1 and on #f9fafb 7.3:1, the brand green
 * #166534 on #f0fdf4 6.8:1, the sandbox panel's #78350f on #fffbeb 9.0:1, error text #991b1b on white
 * 8.3:1; selected method border #166534 on white 7.1:1 (non-text needs 3:1).
 *
 * The bank-transfer countdown ticks without script: a registered integer property animated from the
 * seconds left to 0, shown through CSS counters. Browsers without it still show the expiry time.
 */
export const CHECKOUT_STYLES = `
body{background:#e8efeb}
main.checkout{max-width:30rem;padding:0;overflow:hidden;box-shadow:0 1px 2px rgba(16,24,40,.06),0 8px 24px rgba(16,24,40,.08)}
.head{display:flex;align-items:center;gap:.875rem;padding:1.125rem 1.5rem;border-bottom:1px solid #e5e7eb}
.logo,.monogram{flex:none;width:3rem;height:3rem;border-radius:.625rem}
.logo{object-fit:contain;border:1px solid #e5e7eb;background:#fff}
.monogram{display:grid;place-items:center;background:#14532d;color:#fff;font-size:1.25rem;font-weight:700}
.merchant{flex:1;min-width:0}
.merchant-name{margin:0;font-size:1.0625rem;font-weight:700;line-height:1.3;overflow-wrap:anywhere}
.merchant-description{margin:.125rem 0 0;color:#4b5563;font-size:.9375rem;line-height:1.4;overflow-wrap:anywhere}
.summary{padding:1rem 1.5rem 1.125rem;background:#f0fdf4;border-bottom:1px solid #dcfce7}
.summary p{margin:0}
.summary .label{color:#4b5563;font-size:.875rem}
.summary .amount{margin:.125rem 0 .25rem;font-size:2rem;line-height:1.2}
.summary .payer{color:#4b5563;font-size:.875rem;overflow-wrap:anywhere}
.content{padding:1.5rem}
.content h1{margin:0 0 1rem;font-size:1.25rem}
.lead{margin:-.5rem 0 1rem;color:#4b5563}
.notice{margin:0 0 1.25rem;padding:.75rem 1rem;border-left:4px solid #991b1b;border-radius:.25rem;background:#fef2f2;color:#991b1b}
.notice p{margin:0}
.notice p+p{margin-top:.25rem;font-weight:400}
.notice strong{font-weight:700}
.method{margin:0 0 .625rem;border:1px solid #d1d5db;border-radius:.625rem;background:#fff}
.method[open]{border-color:#166534;box-shadow:0 0 0 1px #166534}
.method>summary{display:flex;align-items:center;gap:.75rem;min-height:3.5rem;padding:.75rem 1rem;border-radius:.625rem;cursor:pointer;list-style:none}
.method>summary::-webkit-details-marker{display:none}
.method>summary:hover{background:#f9fafb}
.method>summary::after{content:"";flex:none;width:.5rem;height:.5rem;margin:0 .25rem 0 auto;border-right:2px solid #4b5563;border-bottom:2px solid #4b5563;transform:rotate(45deg)}
.method[open]>summary::after{transform:rotate(225deg)}
.icon{display:grid;place-items:center;flex:none;width:2.25rem;height:2.25rem;border-radius:.5rem;background:#f0fdf4;color:#166534}
.method-name{display:block;font-weight:600;line-height:1.3}
.method-hint{display:block;color:#4b5563;font-size:.875rem;line-height:1.3}
.method form{padding:.25rem 1rem 1rem}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:0 .75rem}
.field select{display:block;width:100%;min-height:3rem;padding:.5rem .75rem;border:2px solid #4b5563;border-radius:.5rem;background:#fff;color:#1f2937;font:inherit}
.field input::placeholder{color:#6b7280}
.field-error{margin:.375rem 0 0;color:#991b1b;font-weight:600}
.field select[aria-invalid="true"]{border-color:#991b1b}
.button.block{display:block;width:100%}
.actions.stacked{flex-direction:column;margin:1.25rem 0 0}
.actions.stacked .button{flex:none}
.cancel{margin:1.25rem 0 0;text-align:center}
.link-button{padding:.5rem .75rem;border:0;background:none;color:#1d4ed8;font:inherit;text-decoration:underline;cursor:pointer}
.panel{margin:1.25rem 0 0;border:1px dashed #b45309;border-radius:.625rem;background:#fffbeb;color:#78350f}
.panel>summary{padding:.75rem 1rem;font-weight:700;cursor:pointer}
.panel-body{padding:0 1rem 1rem;font-size:.9375rem}
.panel-body h2{margin:.75rem 0 .25rem;font-size:.9375rem}
.panel-body ul{margin:0;padding-left:1.25rem}
.panel-body li{margin:.125rem 0}
code{padding:0 .25rem;border-radius:.25rem;background:rgba(120,53,15,.08);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875em;overflow-wrap:anywhere}
.account{margin:0 0 1rem;padding:1rem;border:1px solid #d1d5db;border-radius:.625rem;background:#f9fafb}
.account dl{display:grid;grid-template-columns:auto 1fr;align-items:baseline;gap:.5rem 1rem;margin:0}
.account dt{color:#4b5563}
.account dd{margin:0;font-weight:600;text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.account .big{font-size:1.375rem;letter-spacing:.06em}
.code{margin:0 0 1rem;padding:1rem;border:1px solid #d1d5db;border-radius:.625rem;background:#f9fafb;font-size:1.5rem;font-weight:700;text-align:center;letter-spacing:.04em;overflow-wrap:anywhere}
.qr{display:block;width:15rem;max-width:100%;height:auto;margin:0 auto 1rem;border:1px solid #d1d5db;border-radius:.5rem;image-rendering:pixelated}
.timer{display:flex;align-items:center;justify-content:space-between;gap:1rem;margin:0 0 1rem;color:#4b5563}
@property --left{syntax:"<integer>";inherits:false;initial-value:0}
@keyframes tick{from{--left:var(--from)}to{--left:0}}
.clock{--left:0;animation:tick calc(var(--from) * 1s) linear forwards;counter-reset:m round(down,var(--left) / 60,1) s mod(var(--left),60);font-size:1.25rem;font-weight:700;color:#1f2937;font-variant-numeric:tabular-nums}
.clock::after{content:counter(m) ":" counter(s,decimal-leading-zero)}
.foot{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;padding:.875rem 1.5rem;border-top:1px solid #e5e7eb;background:#f9fafb;color:#4b5563;font-size:.8125rem}
.foot p{margin:0}
@media (max-width:30rem){.head,.summary,.content,.foot{padding-left:1rem;padding-right:1rem}.summary .amount{font-size:1.75rem}}
`;
