/**
 * Baobab's client helpers, for a merchant's own code and tests: card encryption for both dialects and
 * webhook verification (`import { encryptCard, verifyWebhook } from 'baobab-gateway/sdk'`). They use
 * only `node:crypto`; nothing here starts or imports the gateway.
 */
export * from './encryption.js';
export * from './webhooks.js';
