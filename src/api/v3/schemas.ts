/** Request fields every v3 route reads the same way: the charge-request wire fields v3 shares with the checkout. */
export { CurrencyCode, TxRef, V3Amount } from '../http/charge-input/wire.js';
