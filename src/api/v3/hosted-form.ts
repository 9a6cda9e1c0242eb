/**
 * HTML checkout: `POST /v3/hosted/pay` takes a plain HTML form (form-encoded, no script) with the
 * Inline config's fields, objects in square brackets as Flutterwave's guide writes them
 * (`customer[email]`, `customizations[title]`, `meta[order_id]`, `subaccounts[0][id]`), and answers
 * 303 to the hosted checkout page, which ends at the form's `redirect_url` as Standard checkout does.
 * Named by `public_key` alone, like Inline. Bad input gets a readable page naming the field (the
 * `web` dialect's error page).
 */
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../domain/errors.js';
import type { Deps } from '../../flows/deps.js';
import { merchantByPublicKey } from '../../flows/merchants/public-key.js';
import { CHECKOUT_PATHS, checkoutUrl } from '../http/checkout-links.js';
import { readScenarioKey } from '../http/request-context.js';
import type { Links } from '../http/links.js';
import { checkoutRequestOf, InlineConfig, merchantRedirectOf, openInlineSession } from './inline-config.js';

const MAX_DEPTH = 3;

/** `{"customer[email]": "a@b"}` → `{customer: {email: "a@b"}}`; `x[0][id]` → `x: [{id}]`. */
export function nestForm(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    const path = match
      ? [match[1] ?? key, ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')]
      : [key];
    if (
      path.length > MAX_DEPTH ||
      path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')
    ) {
      root[key] = value;
      continue;
    }
    let node: Record<string, unknown> = root;
    path.forEach((name, i) => {
      if (i === path.length - 1) {
        node[name] = value;
        return;
      }
      const next = node[name];
      const child = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : {};
      node[name] = child;
      node = child;
    });
  }
  // Numbered keys are a list (`subaccounts[0][id]`), in their order.
  const lists = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, lists(x)] as const);
    return entries.length > 0 && entries.every(([k]) => /^[0-9]{1,2}$/.test(k))
      ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x)
      : Object.fromEntries(entries);
  };
  return lists(root) as Record<string, unknown>;
}

export async function v3HostedFormRoutes(root: FastifyInstance, deps: Deps, links: Links): Promise<void> {
  await root.register(formbody);
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    CHECKOUT_PATHS.v3,
    {
      config: { dialect: 'web' },
      preValidation: async (req) => {
        const body: unknown = req.body;
        if (typeof body === 'object' && body !== null) {
          (req as { body: unknown }).body = nestForm(body as Record<string, unknown>);
        }
      },
      // A page a browser posts to, answered in HTML like the checkout pages: not an API operation.
      schema: { hide: true, body: InlineConfig },
    },
    async (req, reply) => {
      const merchant = await merchantByPublicKey(deps, req.body.public_key);
      if (!merchant.ok) return reply.fail(merchant.error);
      const redirect = merchantRedirectOf(req.body);
      if (!redirect.ok) return reply.fail(redirect.error);
      if (redirect.value === undefined) {
        return reply.fail(
          invalid([
            { field: 'redirect_url', message: 'redirect_url is required: where the customer returns' },
          ]),
        );
      }
      const scenario = readScenarioKey(req);
      if (!scenario.ok) return reply.fail(scenario.error);
      const request = checkoutRequestOf(req.body, merchant.value, redirect.value, scenario.value);
      if (!request.ok) return reply.fail(request.error);
      const link = await openInlineSession(deps, request.value, (s) => checkoutUrl(links, s));
      if (!link.ok) return reply.fail(link.error);
      return reply.redirect(link.value, 303);
    },
  );
}
