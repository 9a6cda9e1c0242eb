// The checkout page's icons: simple line icons, drawn here so the page loads nothing.
import { html, type SafeHtml } from '../html.js';
import type { IconName } from './checkout-model.js';

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

export const icon = (name: IconName): SafeHtml =>
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
