/**
 * `GET /v3.js`: Baobab's Inline checkout script (web/assets/v3.js), with this instance's public URL
 * written in, so a page that loads it from anywhere (its own copy, or a test routing
 * https://checkout.flutterwave.com/v3.js to it) talks to this gateway. Cached briefly, revalidated by
 * ETag; public, as Flutterwave's own is.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Links } from '../../api/http/links.js';

export const INLINE_SCRIPT_PATH = '/v3.js';

export function inlineScript(links: Links): string {
  const source = readFileSync(new URL('../assets/v3.js', import.meta.url), 'utf8');
  return source.replace("'__BAOBAB_GATEWAY__'", JSON.stringify(links.publicUrl.replace(/\/+$/, '')));
}

export function inlineScriptRoutes(app: FastifyInstance, links: Links): void {
  const script = inlineScript(links);
  const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 27)}"`;
  app.get(INLINE_SCRIPT_PATH, { config: { dialect: 'web' }, schema: { hide: true } }, async (req, reply) => {
    reply
      .header('cache-control', 'public, max-age=300')
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.code(200).type('application/javascript; charset=utf-8').send(script);
  });
}
